/*
 * Records what this machine's kernel does with one packet put on a device (the cases in
 * fixtures/kernel-inject/cases.json), for src/engine/sim/inject-recorded.test.ts:
 *   sudo npx tsx scripts/kernel/record-inject.ts [case ...]
 * A case with `scenario` puts the packet on a device of a real machine's scenario
 * (fixtures/scenarios/SCENARIO.json), as `hairpin trace SCENARIO.json DEVICE` does: the whole
 * scenario is built by its `hairpin lab` script, peers and all, and the frame is written on the
 * far end of the in-port's link (the peer's port); a local packet is sent by a raw socket in the
 * device. With `alone` the scenario is cut down to the device, as a pasted server is: its ports'
 * far ends sit in the lab's holding namespace, brought up with ARP off, and the frame is written
 * there. A case with `ports` and `config` is a lone device:
 * namespace PREFIXdut with the case's config run by bash; each of its ports is a
 * veth (with the case's MAC) whose other end sits in PREFIXout with ARP off, so nothing beyond
 * the device answers, as in `hairpin trace`. The packet is the simulator's own frame
 * (injectedFrame, encoded by the engine), written on the outside end of the in-port with an
 * AF_PACKET socket; tcpdump on every port of the device keeps what it saw for 4 s in
 * fixtures/kernel-inject/CASE-PORT.pcap. IPv6 is off in both namespaces, as in a scenario.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIp4 } from '../../src/engine/addr/ipv4';
import { injectedFrame, injectedPacket, OUTSIDE_MAC, type InjectSpec, type SynOption } from '../../src/engine/sim/inject';
import { encodeFrame } from '../../src/engine/wire/ethernet';
import { encodeTcp } from '../../src/engine/wire/tcp';
import type { NetDevice } from '../../src/engine/kernel/netdevice';
import { labPlan, labScript } from '../../src/engine/export/lab';
import { caseScenario, disagreeing, type InjectCase } from '../../src/engine/conformance/inject-cases';

const PREFIX = process.env.HAIRPIN_LAB_PREFIX ?? 'hpi-';
const DUT = `${PREFIX}dut`;
const OUT = `${PREFIX}out`;
const DIR = 'fixtures/kernel-inject';
const CAPTURE_MS = 4000;
/** How many runs a case that draws at random gets to draw what the simulator drew (one draw between two agrees 1 run in 2). */
const DRAW_TRIES = 10;

type Case = InjectCase;

const sh = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const inNs = (ns: string, ...args: string[]) => sh('ip', 'netns', 'exec', ns, ...args);

function teardown(): void {
  for (const ns of [DUT, OUT]) {
    try {
      // The config's background services (nc -lk) were started here, by this script.
      for (const pid of sh('ip', 'netns', 'pids', ns).split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGTERM');
    } catch {
      /* no such namespace */
    }
    try {
      sh('ip', 'netns', 'del', ns);
    } catch {
      /* already gone */
    }
  }
}

function startCapture(port: string, file: string, ns = DUT): Promise<ChildProcess> {
  const p = spawn('ip', ['netns', 'exec', ns, 'tcpdump', '-i', port, '-U', '-n', '-w', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve(p);
    });
    p.on('exit', (code) => reject(new Error(`tcpdump on ${port} exited ${code}: ${err}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function record(c: Case): Promise<void> {
  teardown();
  sh('ip', 'netns', 'add', DUT);
  sh('ip', 'netns', 'add', OUT);
  for (const ns of [DUT, OUT]) inNs(ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
  inNs(DUT, 'ip', 'link', 'set', 'lo', 'up');
  for (const [port, mac] of Object.entries(c.ports!)) {
    sh('ip', 'link', 'add', 'name', `${PREFIX}t`, 'address', mac, 'netns', DUT, 'type', 'veth', 'peer', 'name', `o-${port}`, 'address', OUTSIDE_MAC, 'netns', OUT);
    inNs(DUT, 'ip', 'link', 'set', `${PREFIX}t`, 'name', port);
    inNs(DUT, 'ip', 'link', 'set', port, 'up');
    inNs(OUT, 'ip', 'link', 'set', `o-${port}`, 'arp', 'off', 'up');
  }
  // The config as one script; its services keep running, their output in a log (not our pipes).
  const tmp = mkdtempSync(join(tmpdir(), 'hpi-rec-'));
  const log = join(tmp, 'config.log');
  try {
    inNs(DUT, 'bash', '-ec', `exec </dev/null >>${log} 2>&1\n${c.config!.join('\n')}`);
  } catch {
    throw new Error(`${c.name}: the config failed:\n${readFileSync(log, 'utf8')}`);
  }
  await sleep(300);
  const captures = await Promise.all(Object.keys(c.ports!).map((port) => startCapture(port, join(tmp, `${port}.pcap`))));
  if (c.packet.local) {
    const p = c.packet;
    inNs(DUT, 'python3', '-c', 'import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.setsockopt(socket.SOL_SOCKET,socket.SO_MARK,int(sys.argv[1]))\ns.bind(("",int(sys.argv[2])))\ns.sendto(b"",(sys.argv[3],int(sys.argv[4])))', String(p.mark ?? 0), String(p.sport), p.dst, String(p.dport));
  } else {
    const spec: InjectSpec = { device: 'dut', inPort: c.packet.in, proto: c.packet.proto, src: parseIp4(c.packet.src!), sport: c.packet.sport, dst: parseIp4(c.packet.dst)!, dport: c.packet.dport, flags: c.packet.flags, synOptions: c.packet.synOptions };
    const frame = injectedFrame({ mac: c.ports![c.packet.in!]! } as NetDevice, injectedPacket(spec, spec.src!, 1));
    const hex = Buffer.from(encodeFrame(frame)).toString('hex');
    inNs(OUT, 'python3', '-c', 'import socket,sys\ns=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\ns.bind((sys.argv[1],0))\ns.send(bytes.fromhex(sys.argv[2]))', `o-${c.packet.in}`, hex);
  }
  await sleep(CAPTURE_MS);
  await Promise.all(captures.map((p) => new Promise((r) => (p.on('exit', r), p.kill('SIGINT')))));
  for (const port of Object.keys(c.ports!)) copyFileSync(join(tmp, `${port}.pcap`), join(DIR, `${c.name}-${port}.pcap`));
  rmSync(tmp, { recursive: true });
  teardown();
  console.log(`recorded ${c.name}`);
}

/**
 * A case on a real machine: the scenario's lab up, the device's ports captured, the frame written
 * by the in-port's peer (or the raw socket's packet sent in the device), the lab down.
 */
async function recordOnLab(c: Case): Promise<void> {
  const doc = caseScenario(c);
  const plan = labPlan(doc, { prefix: PREFIX });
  const device = plan.devices.find((d) => d.id === c.device)!;
  const tmp = mkdtempSync(join(tmpdir(), 'hpi-rec-'));
  const script = join(tmp, 'lab.sh');
  writeFileSync(script, labScript(doc, { prefix: PREFIX }));
  const down = () => {
    try {
      sh('bash', script, 'down');
    } catch {
      /* not up */
    }
  };
  down();
  try {
    sh('bash', script, 'up');
    // The lab leaves a port with no link without carrier (its peer down in the holding namespace);
    // `hairpin trace` plugs it into an outside that answers nothing: the peer comes up with ARP off.
    const unlinked = plan.devices.flatMap((d) => d.ports.filter((q) => !q.peer).map((q) => ({ device: d.id, port: q.name })));
    unlinked.forEach((_, k) => inNs(plan.voidNs, 'ip', 'link', 'set', `v${k}`, 'arp', 'off', 'up'));
    await sleep(300);
    const captures = await Promise.all(device.ports.map((port) => startCapture(port.name, join(tmp, `${port.name}.pcap`), device.ns)));
    const p = c.packet;
    if (p.local) {
      // The route's source (for the socket's mark), as the raw socket's packet gets it; the TCP checksum covers it.
      const src = parseIp4(/ src (\S+)/.exec(inNs(device.ns, 'ip', 'route', 'get', p.dst, 'mark', String(p.mark ?? 0)))![1]!)!;
      const spec: InjectSpec = { device: c.device!, fromLocal: true, proto: p.proto, sport: p.sport, dst: parseIp4(p.dst)!, dport: p.dport, flags: p.flags, synOptions: p.synOptions };
      const l4 = injectedPacket(spec, src, 1).payload;
      if (l4.kind !== 'tcp') throw new Error(`${c.name}: a local packet on a real machine is TCP (a raw socket's segment)`);
      const hex = Buffer.from(encodeTcp(l4, src, spec.dst)).toString('hex');
      inNs(device.ns, 'python3', '-c', 'import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_RAW,socket.IPPROTO_TCP)\ns.setsockopt(socket.SOL_SOCKET,socket.SO_MARK,int(sys.argv[1]))\ns.sendto(bytes.fromhex(sys.argv[2]),(sys.argv[3],0))', String(p.mark ?? 0), hex, p.dst);
    } else {
      const port = device.ports.find((q) => q.name === p.in)!;
      const k = unlinked.findIndex((u) => u.device === device.id && u.port === port.name);
      const [peerNs, peerPort] = port.peer ? [plan.devices.find((d) => d.id === port.peer!.device)!.ns, port.peer.port] : [plan.voidNs, `v${k}`];
      const spec: InjectSpec = { device: c.device!, inPort: p.in, proto: p.proto, src: parseIp4(p.src!), sport: p.sport, dst: parseIp4(p.dst)!, dport: p.dport, flags: p.flags, synOptions: p.synOptions };
      const frame = injectedFrame({ mac: port.mac } as NetDevice, injectedPacket(spec, spec.src!, 1));
      const hex = Buffer.from(encodeFrame(frame)).toString('hex');
      inNs(peerNs, 'python3', '-c', 'import socket,sys\ns=socket.socket(socket.AF_PACKET,socket.SOCK_RAW)\ns.bind((sys.argv[1],0))\ns.send(bytes.fromhex(sys.argv[2]))', peerPort, hex);
    }
    await sleep(CAPTURE_MS);
    await Promise.all(captures.map((q) => new Promise((r) => (q.on('exit', r), q.kill('SIGINT')))));
    for (const port of device.ports) copyFileSync(join(tmp, `${port.name}.pcap`), join(DIR, `${c.name}-${port.name}.pcap`));
  } finally {
    down();
    rmSync(tmp, { recursive: true });
  }
  console.log(`recorded ${c.name}`);
}

/** Records the case; one that draws at random, again until the kernel's draw is the simulator's. */
async function recordCase(c: Case): Promise<void> {
  for (let tries = 1; ; tries++) {
    await (c.scenario ? recordOnLab(c) : record(c));
    if (!c.drawsAtRandom) return;
    const differ = disagreeing(c);
    if (!differ.length) return console.log(`${c.name}: the kernel drew as the simulator did (run ${tries})`);
    if (tries === DRAW_TRIES) throw new Error(`${c.name}: after ${tries} runs the kernel never drew as the simulator did (ports ${differ.join(', ')} differ)`);
  }
}

const cases = (JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
const wanted = process.argv.slice(2);
try {
  for (const c of cases) if (!wanted.length || wanted.includes(c.name)) await recordCase(c);
  writeFileSync(join(DIR, 'RECORDED'), `${sh('uname', '-r').trim()}\n`);
} finally {
  teardown();
}
