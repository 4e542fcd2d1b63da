/**
 * The kernel oracle: builds each scenario in network namespaces (the `hairpin lab` script),
 * captures every port with tcpdump while each flow runs, and keeps the captures as fixtures.
 *
 *   npx tsx scripts/kernel/record.ts [scenario.json ...]
 *
 * Default: every src/scenarios/*.json, or ../shared/scenarios/*.json when there are none.
 * Output: fixtures/kernel/<scenario>/flow<N>/ (see scripts/kernel/README.md). Needs root.
 *
 *   HAIRPIN_RECORD_OUT=DIR        recordings go to DIR/<scenario>/flow<N>/ instead
 *   HAIRPIN_RECORD_VERBATIM=1     configs run on the kernel as written (see verbatimConfig), so a
 *                                 real ruleset can be recorded while the simulator still refuses lines
 *
 * A flow that is modelled, not recorded (IPVS, or a device whose config needs a module this kernel
 * lacks: src/engine/conformance/modelled.ts) is left out: nothing is written for it, and the
 * scenario's other flows are recorded in a lab where those devices' failing lines are skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureFileName, innerCaptureKey } from '../../src/engine/export/capture-name';
import { labPlan, labScript, shellQuote, type LabPlan } from '../../src/engine/export/lab';
import type { ScenarioDoc } from '../../src/engine/scenario/types';
import { parseScenario } from '../../src/engine/scenario';
import { runFlow as simulateFlow } from '../../src/engine/sim/run';
import { compareWithKernel, readRecording } from '../../src/engine/conformance/compare';
import { modelledFlow } from '../../src/engine/conformance/modelled';
import { modelledDevices, type ModelledFeature } from '../../src/engine/trace/modelled';
import { captureShortfall, shortfallText, type Shortfall } from './capture-room';
import { pcapRecordHeaders } from '../../src/engine/wire/pcap';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// HAIRPIN_LAB_PREFIX lets two recorders run side by side without sharing a lab.
const PREFIX = process.env.HAIRPIN_LAB_PREFIX ?? 'hk-';
/** Virtual time the simulator also runs after the command ends; see README.md ("settle"). */
// HAIRPIN_RECORD_OUT: where recordings go (the live conformance test records into a temp dir).
const OUT_ROOT = process.env.HAIRPIN_RECORD_OUT ?? join(ROOT, 'fixtures/kernel');
const SETTLE_MS = 1000;
const VERBATIM = process.env.HAIRPIN_RECORD_VERBATIM === '1';
/**
 * HAIRPIN_RECORD_TEXT=0: only what the comparison reads (result.json and the pcaps), without the
 * fixtures' readable state.txt and tcpdump.txt (a few dozen processes per flow: the live suite,
 * which compares and throws its recordings away, goes without them).
 */
const TEXT = process.env.HAIRPIN_RECORD_TEXT !== '0';
const CAPTURE_START_TIMEOUT_MS = 5000;
const CAPTURE_STOP_TIMEOUT_MS = 5000;
const FLOW_TIMEOUT_MS = 60_000;
const LAB_TIMEOUT_MS = 60_000;
/** How many kernel runs a flow gets to draw what the simulator's seeded generator drew (see README.md, "Random draws"). */
const DRAW_TRIES = 12;

interface Capture {
  /** "device:port", or "device/ns:ifname" inside one of the device's own namespaces. */
  key: string;
  file: string;
  proc: ChildProcess;
  stderr: string;
  exited: Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * tcpdump's ring per port. libpcap's immediate mode uses TPACKET_V2, one slot per frame sized by
 * the snapshot length, and the kernel zeroes the whole ring when tcpdump starts: with the default
 * snapshot (262,144 bytes) a ring holding a routing loop's 66 frames was 16 MB per port, and
 * zeroing it was an eighth of the live suite's CPU time. Frames here are at most 1,522 bytes, so a
 * 4,000-byte snapshot and a 1 MB ring hold about 250 frames. A capture that drops or cuts a frame
 * is not kept: the flow is recorded again with the roomy settings (capture-room.ts).
 * HAIRPIN_RECORD_SNUG_SNAPLEN sets a shorter snug snapshot, so that a test can watch the flow
 * recorded again (record.kernel.test.ts).
 */
const SNUG = { snaplen: process.env.HAIRPIN_RECORD_SNUG_SNAPLEN ?? '4000', bufferKiB: '1024' };
const ROOMY = { snaplen: '0', bufferKiB: '32768' };
type CaptureRoom = typeof SNUG;

function have(cmd: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd: string, args: string[], timeout = 20_000, env?: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function defaultScenarios(): string[] {
  const own = join(ROOT, 'src/scenarios');
  const ownFiles = existsSync(own) ? readdirSync(own).filter((f) => f.endsWith('.json')) : [];
  if (ownFiles.length) return ownFiles.sort().map((f) => join(own, f));
  const shared = resolve(ROOT, '../shared/scenarios');
  return readdirSync(shared).filter((f) => f.endsWith('.json')).sort().map((f) => join(shared, f));
}

/** Where tcpdump runs for one capture: the namespace (its name on the host) and the interface. */
interface CaptureTarget {
  key: string;
  ns: string;
  ifname: string;
}

/**
 * The kinds of interface captured inside a device's namespaces: those whose frames the
 * simulator captures there too (KernelEnv.capture, called by veth_xmit and by macvlan's
 * transmit and receive). A kind added to the model (vxlan) joins this list once its driver
 * reports its frames the same way.
 */
const INNER_CAPTURE_KINDS = ['veth', 'macvlan'];

/**
 * Each port's ifindex as the lab wrote it before the configs ran (lab-runtime's port_indexes,
 * "DEV PORT IFINDEX" lines in its state directory), by "device:port". Empty for a lab script
 * that does not write them.
 */
function portIndexes(plan: LabPlan): Map<string, number> {
  const file = `/run/hairpin-lab/${plan.prefix === '' ? '_' : plan.prefix}/ports`;
  const out = new Map<string, number>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [d, p, i] = line.split(' ');
    if (d && p && i) out.set(`${d}:${p}`, Number(i));
  }
  return out;
}

/**
 * What to capture once the lab is up: every port of every device, and every veth end and macvlan in the
 * namespaces a device's config made (`<device ns>.<name>`; a bridge there is left out, as a
 * switch's bridge is). A port is captured by the name it has now: the config may have renamed
 * it (`ip link set eth1 name wan0` keeps its ifindex, which the lab noted before the configs);
 * one the config moved into one of its namespaces is captured there (found by its name, else by
 * that ifindex, which a move keeps when it is free there), under its port's key.
 */
function captureTargets(plan: LabPlan): CaptureTarget[] {
  const targets: CaptureTarget[] = [];
  const links = (ns: string, type?: string) =>
    run('ip', ['-n', ns, '-o', 'link', 'show', ...(type ? ['type', type] : [])]).stdout.split('\n').flatMap((l) => {
      const m = /^(\d+): ([^:@]+)/.exec(l);
      return m ? [{ index: Number(m[1]), name: m[2]! }] : [];
    });
  const indexes = portIndexes(plan);
  for (const d of plan.devices) {
    const inner = existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith(`${d.ns}.`)).sort() : [];
    const own = links(d.ns);
    // Port name → its name in the device's namespace now (by ifindex; by name for an older lab script).
    const current = new Map<string, string>();
    for (const p of d.ports) {
      const index = indexes.get(`${d.id}:${p.name}`);
      const now = index === undefined ? own.find((l) => l.name === p.name) : own.find((l) => l.index === index);
      if (now) current.set(p.name, now.name);
    }
    const moved = new Map<string, string>();
    const innerTargets: CaptureTarget[] = [];
    for (const ns of inner) {
      for (const { index, name: ifname } of INNER_CAPTURE_KINDS.flatMap((kind) => links(ns, kind))) {
        // A port moved there keeps its name unless renamed, and its ifindex when that is free there.
        const away = d.ports.filter((p) => !current.has(p.name) && !moved.has(p.name));
        const port = away.find((p) => p.name === ifname) ?? away.find((p) => indexes.get(`${d.id}:${p.name}`) === index);
        if (port) {
          moved.set(port.name, ns);
          current.set(port.name, ifname);
        } else innerTargets.push({ key: innerCaptureKey(d.id, ns.slice(d.ns.length + 1), ifname), ns, ifname });
      }
    }
    for (const p of d.ports) targets.push({ key: `${d.id}:${p.name}`, ns: moved.get(p.name) ?? d.ns, ifname: current.get(p.name) ?? p.name });
    targets.push(...innerTargets);
  }
  return targets;
}

/** Starts tcpdump on one interface inside its namespace; resolves when it is capturing. */
async function startCapture({ key, ns, ifname }: CaptureTarget, file: string, room: CaptureRoom): Promise<Capture> {
  const proc = spawn('ip', ['netns', 'exec', ns, 'tcpdump', '-i', ifname, '-w', file, '-U', '--immediate-mode', '-B', room.bufferKiB, '-n', '-s', room.snaplen, '-Z', 'root'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const cap: Capture = {
    key,
    file,
    proc,
    stderr: '',
    // 'close', not 'exit': tcpdump's last words (its drop count) are read before it counts as stopped.
    exited: new Promise((r) => proc.on('close', (code) => r(code))),
  };
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`tcpdump on ${key} not listening after ${CAPTURE_START_TIMEOUT_MS} ms: ${cap.stderr}`)), CAPTURE_START_TIMEOUT_MS);
    proc.stderr!.on('data', (b: Buffer) => {
      cap.stderr += b.toString();
      if (cap.stderr.includes('listening on')) {
        clearTimeout(timer);
        res();
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`tcpdump on ${key} exited (${code}): ${cap.stderr}`));
    });
  });
  return cap;
}

async function stopCapture(c: Capture): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.proc.kill('SIGINT');
  const done = await Promise.race([c.exited.then(() => true), sleep(CAPTURE_STOP_TIMEOUT_MS).then(() => false)]);
  if (!done) {
    console.error(`  tcpdump on ${c.key} did not stop on SIGINT; killing it`);
    c.proc.kill('SIGKILL');
    await c.exited;
  }
}

/**
 * Runs the flow's command on the device through the lab script (`lab.sh exec DEVICE CMD`: bash
 * in the device's namespace, its own namespaces named as the scenario names them).
 */
function runFlow(script: string, device: string, command: string): Promise<{ exit: number | null; signal: string | null; stdout: string; stderr: string; ms: number; startedAt: number; endedAt: number }> {
  return new Promise((res) => {
    const startedAt = Date.now() / 1000;
    const t0 = process.hrtime.bigint();
    // A process group of its own, so that a flow past its time goes with everything it started.
    const p = spawn('bash', [script, 'exec', device, command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => process.kill(-p.pid!, 'SIGKILL'), FLOW_TIMEOUT_MS);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      res({ exit: code, signal, stdout, stderr, ms: Math.round(ms * 10) / 10, startedAt, endedAt: Date.now() / 1000 });
    });
  });
}

function stateOf(plan: LabPlan): string {
  const out: string[] = [];
  const conntrack = have('conntrack');
  for (const d of plan.devices) {
    const section = (title: string, args: string[]) => {
      const r = run('ip', ['netns', 'exec', d.ns, ...args]);
      out.push(`== ${d.id}: ${title}`);
      const text = (r.stdout + (r.status === 0 ? '' : r.stderr)).replace(/\s+$/, '');
      if (text) out.push(text);
    };
    section('ip neigh', ['ip', 'neigh', 'show']);
    if (d.bridge) section(`bridge fdb (${d.bridge}, dynamic)`, ['bridge', 'fdb', 'show', 'br', d.bridge, 'dynamic']);
    if (conntrack) section('conntrack -L', ['conntrack', '-L']);
    section('iptables -t nat -L -v -n', ['iptables', '-t', 'nat', '-L', '-v', '-n']);
    // The device's own namespaces (ip netns add NAME: <its namespace>.NAME).
    for (const ns of existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith(`${d.ns}.`)).sort() : []) {
      const r = run('ip', ['netns', 'exec', ns, 'ip', 'neigh', 'show']);
      out.push(`== ${d.id}/${ns.slice(d.ns.length + 1)}: ip neigh`);
      const text = (r.stdout + (r.status === 0 ? '' : r.stderr)).replace(/\s+$/, '');
      if (text) out.push(text);
    }
    out.push('');
  }
  return out.join('\n');
}

function tcpdumpText(keys: string[], dir: string): { raw: string; norm: string } {
  const raw: string[] = [];
  const norm: string[] = [];
  for (const key of keys) {
    const file = join(dir, captureFileName(key));
    raw.push(`== ${key}`);
    norm.push(`== ${key}`);
    const r = run('tcpdump', ['-r', file, '-e', '-n', '-S', '-tt']);
    if (r.status !== 0) {
      raw.push(`(tcpdump -r failed: ${r.stderr.trim()})`);
      norm.push(`(tcpdump -r failed)`);
      continue;
    }
    for (const line of r.stdout.split('\n')) {
      if (!line) continue;
      raw.push(line);
      norm.push(line.replace(/^\d+\.\d+ /, ''));
    }
  }
  return { raw: raw.join('\n') + '\n', norm: norm.join('\n') + '\n' };
}

/**
 * Keeps the frames of a classic pcap captured at or before `cutoff` (epoch seconds): the fixture
 * is what happened up to the end of the settle window, not whatever the capture caught while it
 * was being stopped. Returns the trimmed file and the times of the frames left out.
 */
function trimPcap(buf: Buffer, cutoff: number): { pcap: Buffer; dropped: number[] } {
  if (buf.length < 24) return { pcap: buf, dropped: [] };
  const parts: Buffer[] = [buf.subarray(0, 24)];
  const dropped: number[] = [];
  // A record cut short by the stop ends the walk: not kept.
  for (const { start, end, time } of pcapRecordHeaders(buf)) {
    if (time <= cutoff) parts.push(buf.subarray(start, end));
    else dropped.push(time);
  }
  return { pcap: Buffer.concat(parts), dropped };
}

interface Outcome {
  scenario: string;
  flow: number;
  on: string;
  run: string;
  exit: number | null;
  expected?: number;
  error?: string;
  /** Config lines of modelled devices that this kernel could not run, as the lab logged them. */
  skipped?: string[];
  /** The captures that could not hold the flow (capture-room.ts): with snug ones, the flow is recorded again with roomy ones. */
  shortfall?: Shortfall;
}

class CaptureTooSmall extends Error {
  constructor(readonly shortfall: Shortfall) {
    super(shortfallText(shortfall));
  }
}

/** Records a flow with snug captures, and again with roomy ones when a capture overflowed or cut a frame. */
async function recordFlowWhole(file: string, doc: ScenarioDoc, flowIndex: number, work: string, modelled: ReadonlySet<string>): Promise<Outcome> {
  const snug = await recordFlow(file, doc, flowIndex, work, modelled, SNUG);
  if (!snug.shortfall) return snug;
  console.log(`  ${shortfallText(snug.shortfall)}: recording again with ${ROOMY.bufferKiB} KiB rings and whole frames`);
  return recordFlow(file, doc, flowIndex, work, modelled, ROOMY);
}

let activeLab: string | undefined;
let activeCaptures: Capture[] = [];

function labDown(script: string): void {
  const r = run('bash', [script, 'down'], LAB_TIMEOUT_MS);
  if (r.status !== 0) console.error(`  lab down failed: ${r.stderr.trim()}`);
}

function emergencyCleanup(): void {
  for (const c of activeCaptures) {
    try {
      c.proc.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  activeCaptures = [];
  if (activeLab) {
    labDown(activeLab);
    activeLab = undefined;
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    emergencyCleanup();
    process.exit(130);
  });
}
process.on('exit', () => emergencyCleanup());

/**
 * Verbatim mode: the lab is built without the configs, then each device's config runs as one
 * bash script (`bash -e`, here-documents, `&` services and all) in its namespace, in document
 * order. The lab script refuses lines the simulator does not parse; a real ruleset recorded
 * before its extensions are modelled needs the kernel to run them anyway. Only for trusted
 * fixture files: bash expands the text. dnsmasq gets `--pid-file=` as in the lab (its pid file
 * would otherwise land on the host). Waits until the services listen.
 */
/**
 * A verbatim config that writes a file in /etc (`cat > /etc/nftables.conf <<'EOF'`) must write the
 * namespace's own copy, never the host's: `ip netns exec` bind-mounts each entry of /etc/netns/NS
 * over /etc/ENTRY, but only entries that exist. So each top-level /etc file the text redirects
 * into (`>`, `>>`, `tee`) gets an empty copy there first; a write deeper than /etc/NAME is refused.
 */
function isolateEtcWrites(ns: string, lines: readonly string[]): void {
  for (const m of lines.join('\n').matchAll(/(?:>>?|\btee(?:\s+-a)?)\s*(\/etc\/[^\s;|&)'"]+)/g)) {
    const rel = m[1]!.slice('/etc/'.length);
    if (rel.startsWith('netns/') || rel.startsWith('iproute2/')) continue; // the lab's own copies
    if (rel.includes('/')) throw new Error(`verbatim config writes ${m[1]}: only files directly in /etc can be kept in the namespace`);
    const copy = `/etc/netns/${ns}/${rel}`;
    if (!existsSync(copy)) writeFileSync(copy, '');
  }
}

async function verbatimConfig(plan: LabPlan, work: string, script: string, modelled: ReadonlySet<string>): Promise<string[]> {
  const skipped: string[] = [];
  for (const d of plan.devices) {
    if (!d.config.length) continue;
    const lines = d.config.map((l) => l.replace(/^(\s*dnsmasq)(?=\s|$)/, '$1 --pid-file='));
    isolateEtcWrites(d.ns, lines);
    const file = join(work, `${d.id}.config.sh`);
    const log = join(work, `${d.id}.config.log`);
    writeFileSync(file, lines.join('\n') + '\n');
    const fd = openSync(log, 'w');
    // Through the lab script, so that namespaces the config makes get the lab's names for them.
    // A modelled device's script goes on past a line this kernel cannot run (what failed is logged).
    const errexit = modelled.has(d.id) ? '' : ' -e';
    const r = spawnSync('bash', [script, 'exec', d.id, `bash${errexit} ${shellQuote(file)}`], { stdio: ['ignore', fd, fd], timeout: LAB_TIMEOUT_MS });
    closeSync(fd);
    if (r.status !== 0 && !errexit) skipped.push(`${d.id} (modelled): ${readFileSync(log, 'utf8').trim()}`);
    else if (r.status !== 0) throw new Error(`verbatim config of ${d.id} failed (exit ${r.status}): ${readFileSync(log, 'utf8').trim()}`);
    const services = d.config.filter((l) => /&\s*$/.test(l)).length;
    for (let i = 0; services && i < 100; i++) {
      const ss = run('ip', ['netns', 'exec', d.ns, 'ss', '-Hltun']).stdout.split('\n').filter(Boolean).length;
      if (ss >= services) break;
      await sleep(50);
    }
  }
  await sleep(200);
  return skipped;
}

async function recordFlow(file: string, doc: ScenarioDoc, flowIndex: number, work: string, modelled: ReadonlySet<string>, room: CaptureRoom): Promise<Outcome> {
  const name = basename(file, '.json');
  const flow = doc.flows[flowIndex]!;
  const plan = labPlan(doc, { prefix: PREFIX });
  const outDir = join(OUT_ROOT, name, `flow${flowIndex}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const script = join(work, `${name}.lab.sh`);
  // Verbatim: neither the configs nor the flows need to parse (the lab script checks both; a flow runs through `exec`).
  const built = VERBATIM ? { ...doc, flows: [], devices: Object.fromEntries(Object.entries(doc.devices).map(([id, d]) => [id, { ...d, config: [] }])) } : doc;
  writeFileSync(script, labScript(built, { prefix: PREFIX }));
  const outcome: Outcome = { scenario: name, flow: flowIndex, on: flow.on, run: flow.run, exit: null, expected: flow.expect?.exit };

  // A lab left over by an interrupted run of this script (same prefix, same names) goes first.
  if (plan.namespaces.some((ns) => existsSync(`/run/netns/${ns}`))) labDown(script);

  const capDir = mkdtempSync(join(work, 'cap-'));
  let targets: CaptureTarget[] = [];
  activeLab = script;
  try {
    const up = run('bash', [script, 'up'], LAB_TIMEOUT_MS, { HAIRPIN_LAB_MODELLED: [...modelled].join(' ') });
    if (up.status !== 0) throw new Error(`lab up failed: ${up.stderr.trim()}`);
    outcome.skipped = up.stderr.split('\n').filter((l) => l.includes('is modelled, not recorded (HAIRPIN_LAB_MODELLED)'));
    if (VERBATIM) outcome.skipped.push(...(await verbatimConfig(plan, work, script, modelled)));

    targets = captureTargets(plan);
    activeCaptures = await Promise.all(targets.map((t) => startCapture(t, join(capDir, captureFileName(t.key)), room)));

    const r = await runFlow(script, flow.on, flow.run);
    await sleep(SETTLE_MS);
    for (const c of activeCaptures) await stopCapture(c);
    const left = activeCaptures.map((c) => ({ key: c.key, stderr: c.stderr, pcap: readFileSync(c.file) }));
    activeCaptures = [];
    const shortfall = captureShortfall(left);
    if (shortfall) throw new CaptureTooSmall(shortfall);
    const pcaps = new Map(left.map((c) => [c.key, c.pcap]));

    // The settle window ends SETTLE_MS after the command; frames the capture caught later are
    // left out of the fixture (and listed in result.json as lateFrames).
    const cutoff = r.endedAt + SETTLE_MS / 1000;
    const lateFrames: string[] = [];
    for (const { key } of targets) {
      const f = join(capDir, captureFileName(key));
      const { pcap, dropped } = trimPcap(pcaps.get(key)!, cutoff);
      if (dropped.length) {
        const text = run('tcpdump', ['-r', f, '-e', '-n', '-S', '-tt']).stdout.split('\n').filter(Boolean);
        for (const line of text) {
          const t = parseFloat(line);
          if (t > cutoff) lateFrames.push(`${key} +${(t - r.endedAt).toFixed(3)}s after the command: ${line.replace(/^\d+\.\d+ /, '')}`);
        }
      }
      writeFileSync(f, pcap);
    }

    if (TEXT) writeFileSync(join(outDir, 'state.txt'), stateOf(plan));
    outcome.exit = r.exit;
    const result = {
      scenario: name,
      flow: flowIndex,
      title: flow.title,
      on: flow.on,
      run: flow.run,
      exit: r.exit,
      ...(r.signal ? { signal: r.signal } : {}),
      stdout: r.stdout,
      stderr: r.stderr,
      expectedExit: flow.expect?.exit ?? null,
      wallTimeMs: r.ms,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      settleMs: SETTLE_MS,
      lateFrames,
      // Interfaces inside the devices' own namespaces, captured as <device>-<ns>-<ifname>.pcap.
      ...(targets.some((t) => t.key.includes('/')) ? { innerCaptures: targets.filter((t) => t.key.includes('/')).map((t) => t.key) } : {}),
      kernel: run('uname', ['-r']).stdout.trim(),
    };
    writeFileSync(join(outDir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  } catch (e) {
    if (e instanceof CaptureTooSmall) outcome.shortfall = e.shortfall;
    outcome.error = (e as Error).message;
    for (const c of activeCaptures) await stopCapture(c);
    activeCaptures = [];
  } finally {
    labDown(script);
    activeLab = undefined;
  }
  // Keep the pcaps (copied out of the capture dir, which tcpdump wrote as root), then render them.
  for (const f of readdirSync(capDir)) writeFileSync(join(outDir, f), readFileSync(join(capDir, f)));
  if (!outcome.error && TEXT) {
    const txt = tcpdumpText(targets.map((t) => t.key), outDir);
    writeFileSync(join(outDir, 'tcpdump.txt'), txt.raw);
    writeFileSync(join(outDir, 'tcpdump-norm.txt'), txt.norm);
  }
  return outcome;
}

/**
 * The scenario's modelled devices, and per flow what makes it modelled, not recorded ([]: record
 * it). Decided by the simulator's trace (conformance/modelled.ts); a scenario the simulator cannot
 * run (a real ruleset recorded verbatim) has no trace, so there a flow on a modelled device is
 * left out and the others are recorded.
 */
function modelledOf(text: string, doc: ScenarioDoc): { devices: Set<string>; flows: ModelledFeature[][] } {
  const parsed = parseScenario(text);
  if (parsed.ok) {
    return { devices: new Set(modelledDevices(parsed.scenario).map((d) => d.id)), flows: parsed.scenario.flows.map((f) => modelledFlow(parsed.scenario, f.index)) };
  }
  const devices = modelledDevices({ devices: Object.entries(doc.devices).map(([id, d]) => ({ id, config: d.config ?? [] })) });
  return { devices: new Set(devices.map((d) => d.id)), flows: doc.flows.map((f) => devices.find((d) => d.id === f.on)?.features ?? []) };
}

/**
 * A scenario whose rules draw at random (`-m statistic --mode random`, nft's `numgen random`, as
 * kube-proxy's iptables and nftables modes pick an endpoint): the kernel's draw cannot be seeded.
 */
function drawsAtRandom(doc: ScenarioDoc): boolean {
  return Object.values(doc.devices).some((d) => (d.config ?? []).some((l) => /--mode\s+random\b|\bnumgen\s+random\b/.test(l)));
}

/**
 * Whether the recording in `dir` is what the simulator does for this flow: same exit status and
 * same frames on every port. Undefined when the simulator cannot run the scenario (a real
 * ruleset recorded verbatim), so there is nothing to aim for.
 */
function agreesWithModel(text: string, flowIndex: number, dir: string): boolean | undefined {
  const parsed = parseScenario(text);
  if (!parsed.ok) return undefined;
  const sim = simulateFlow(parsed.scenario, flowIndex);
  if (sim.configIssues.length) return undefined;
  const result = compareWithKernel(sim, readRecording(dir, [...sim.captures.keys()]));
  return result.exitMatches && result.diffs.length === 0;
}

/**
 * Records a flow; when the scenario draws at random, records it again (a fresh lab each time)
 * until the kernel's draws are the ones the simulator's seeded generator made, at most
 * DRAW_TRIES times. Every kept recording is a real run; none is edited.
 */
async function recordFlowDrawn(file: string, text: string, doc: ScenarioDoc, flowIndex: number, work: string, modelled: ReadonlySet<string>): Promise<Outcome & { tries?: number }> {
  if (!drawsAtRandom(doc)) return recordFlowWhole(file, doc, flowIndex, work, modelled);
  const dir = join(OUT_ROOT, basename(file, '.json'), `flow${flowIndex}`);
  let outcome: Outcome = await recordFlowWhole(file, doc, flowIndex, work, modelled);
  for (let tries = 1; ; tries++) {
    if (outcome.error) return outcome;
    const agrees = agreesWithModel(text, flowIndex, dir);
    if (agrees !== false || tries === DRAW_TRIES) return { ...outcome, tries };
    outcome = await recordFlowWhole(file, doc, flowIndex, work, modelled);
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.error('record.ts: must run as root (network namespaces, tcpdump)');
    process.exit(1);
  }
  const missing = ['ip', 'iptables', 'tcpdump', 'nc', 'ss', 'bash'].filter((t) => !have(t));
  if (missing.length) {
    console.error(`record.ts: missing tools: ${missing.join(', ')}`);
    process.exit(1);
  }
  // FILE.json#N records only flow N of that scenario.
  const targets = (process.argv.slice(2).length ? process.argv.slice(2) : defaultScenarios()).map((arg) => {
    const [f, n] = arg.split('#');
    return { file: resolve(f!), only: n === undefined ? undefined : Number(n) };
  });
  const work = mkdtempSync(join(tmpdir(), 'hairpin-record-'));
  const outcomes: Outcome[] = [];
  let unrecorded = 0;
  try {
    for (const { file, only } of targets) {
      const text = readFileSync(file, 'utf8');
      const doc = JSON.parse(text) as ScenarioDoc;
      const modelled = modelledOf(text, doc);
      const shown = new Set<string>();
      for (let i = 0; i < doc.flows.length; i++) {
        if (only !== undefined && i !== only) continue;
        const f = doc.flows[i]!;
        const features = modelled.flows[i] ?? [];
        if (features.length) {
          // Nothing is kept for it: a recording left from before goes, so the index says nothing.
          rmSync(join(OUT_ROOT, basename(file, '.json'), `flow${i}`), { recursive: true, force: true });
          console.log(`${basename(file, '.json')} flow ${i}: modelled, not recorded (${features.join(', ')})`);
          unrecorded++;
          continue;
        }
        process.stdout.write(`${basename(file, '.json')} flow${i} [${f.on}] ${f.run} ... `);
        const o = await recordFlowDrawn(file, text, doc, i, work, modelled.devices);
        outcomes.push(o);
        const ok = !o.error && (o.expected === undefined || o.exit === o.expected);
        const draws = o.tries === undefined ? '' : ` (random draws: ${o.tries} kernel run${o.tries === 1 ? '' : 's'})`;
        console.log(o.error ? `ERROR ${o.error}` : `exit ${o.exit}${o.expected === undefined ? '' : ` (expected ${o.expected})`} ${ok ? 'ok' : 'MISMATCH'}${draws}`);
        // Each flow builds a fresh lab that skips the same lines: each is shown once per scenario.
        for (const line of o.skipped ?? []) if (!shown.has(line)) console.log(`  ${shown.add(line) && line}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const bad = outcomes.filter((o) => o.error || (o.expected !== undefined && o.exit !== o.expected));
  console.log(`\n${outcomes.length - bad.length}/${outcomes.length} flows match expect.exit${unrecorded ? `; ${unrecorded} modelled, not recorded` : ''}`);
  process.exit(bad.length ? 1 : 0);
}

await main();
