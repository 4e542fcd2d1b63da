import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runFlow, type FlowResult } from '../sim/run';
import { compareWithKernel, formatDiffs, readRecording } from './compare';
import { modelledFlow } from './modelled';
import { whyNoKernelLab } from '../testing/kernel-lab';

/*
 * The live conformance suite (`npm run test:kernel`, and always in CI): every flow of every
 * built-in and suite scenario runs on this machine's kernel, in network namespaces built by
 * `hairpin lab`, with tcpdump on every port; the simulator must give the same exit status and
 * the same frames per port. Without root or namespaces it says why and skips. A flow modelled,
 * not recorded (conformance/modelled.ts) is not run on the kernel; its test says so by name.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** HAIRPIN_LIVE_ONLY=real-,kernel-arp: only the scenarios whose names start so (for working on a few). */
const only = process.env.HAIRPIN_LIVE_ONLY?.split(',').filter(Boolean);
const files = ['src/scenarios', 'fixtures/scenarios'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json') && (!only || only.some((o) => f.startsWith(o))))
    .sort()
    .map((f) => join(root, dir, f)),
);

/** Each file's scenario, read once, with what makes each of its flows modelled, not recorded ([]: recorded). */
const scenarios = files.map((file) => {
  const name = basename(file, '.json');
  const parsed = parseScenario(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return { file, name, scenario: parsed.scenario, modelled: parsed.scenario.flows.map((f) => modelledFlow(parsed.scenario, f.index)) };
});
type LiveScenario = (typeof scenarios)[number];

/**
 * Flows where the kernel's microsecond timing decides the order of two frames on a port
 * (see scripts/kernel/README.md): only their exit status is compared. web-server/3 (`curl -I`
 * against python's HTTP/1.0 server): both ends close right after the response, and which FIN
 * leaves first depends on which process the scheduler runs first (seen both ways on one box).
 * web-server/4 (`curl -f` on a 404): curl closes after the headers, and whether python's body
 * write leaves before the client's FIN arrives decides the RST's seq (it answers the segment's
 * ack): the same machine recorded FIN-first, a CI machine twice body-first. kernel-macvlan/0
 * (a ping to a box whose eth0 has macvlan children): the children get the ARP request from a
 * work item (macvlan_process_broadcast), so their ARP replies leave before or after the box's
 * echo reply as the kworker is scheduled; six live recordings here gave the reply first four
 * times, and a CI run twice the other way. The recorded flow (fixtures/kernel) still compares
 * every frame.
 */
const TIMING_RACES = new Set(['web-server/0', 'web-server/3', 'web-server/4', 'traceroute-chain/1', 'kernel-matches/10', 'pipes/9', 'kernel-macvlan/0']);


const reason = whyNoKernelLab(['ip', 'iptables', 'ip6tables', 'ipset', 'nfacct', 'conntrack', 'tcpdump', 'nc', 'ss', 'ping', 'arping', 'traceroute', 'curl', 'dig', 'dnsmasq', 'python3'], 'hpprobe0');
if (reason) console.log(`kernel conformance suite skipped: ${reason}`);

/** Runs scripts/kernel/record.ts on some scenario files with its own lab prefix. */
function record(out: string, files: string[], prefix: string): Promise<void> {
  return new Promise((done) => {
    const child = spawn('npx', ['tsx', 'scripts/kernel/record.ts', ...files], {
      cwd: root,
      // Debian's own tools first (a pyenv python3 would answer with another Server header).
      env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HAIRPIN_RECORD_OUT: out, HAIRPIN_LAB_PREFIX: prefix, HAIRPIN_RECORD_TEXT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Each recorder's report is printed whole when it ends, so parallel reports don't interleave.
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d));
    child.stderr.on('data', (d: Buffer) => (log += d));
    const timer = setTimeout(() => child.kill('SIGINT'), 900_000);
    child.on('exit', () => {
      clearTimeout(timer);
      process.stdout.write(`--- ${prefix} ${files.map((f) => basename(f)).join(' ')}\n${log}`);
      done();
    });
  });
}

/**
 * Labs mostly wait (carrier, settle windows): six recorders side by side (403 flows: 5.5 min
 * here, 6.9 with four; eight made the kernel late on a macvlan's ARP replies). Each takes a
 * share of about equal recording time: per recorded flow, building and removing its lab and the
 * settle window, and the time the flow's command takes (as the simulator ran it).
 */
const RECORDERS = 6;
const LAB_S = 4;
const LAB_S_PER_DEVICE = 0.05;
function shares(): string[][] {
  const groups: { files: string[]; seconds: number }[] = Array.from({ length: RECORDERS }, () => ({ files: [], seconds: 0 }));
  const sized = scenarios.map((sc) => ({ f: sc.file, s: recordingSeconds(sc) })).sort((a, b) => b.s - a.s);
  for (const { f, s } of sized) {
    const g = groups.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    g.files.push(f);
    g.seconds += s;
  }
  return groups.map((g) => g.files).filter((g) => g.length);
}

/** The simulator's run of each recorded flow, by "file#index": its length weighs the shares, and its test compares it. */
const simulated = new Map<string, FlowResult>();

function recordingSeconds({ file, scenario, modelled }: LiveScenario): number {
  let seconds = 0;
  for (const flow of scenario.flows) {
    if (modelled[flow.index]!.length) continue;
    let booted = 0;
    const sim = runFlow(scenario, flow.index, { onBooted: (net) => (booted = net.scheduler.now) });
    simulated.set(`${file}#${flow.index}`, sim);
    seconds += LAB_S + LAB_S_PER_DEVICE * scenario.devices.length + (sim.endedAt - booted) / 1e9;
  }
  return seconds;
}

describe.skipIf(reason !== undefined)('live kernel conformance', () => {
  const out = mkdtempSync(join(tmpdir(), 'hairpin-live-'));
  beforeAll(async () => {
    execFileSync('npx', ['tsx', '--version'], { cwd: root });
    await Promise.all(shares().map((group, i) => record(out, group, `hl${i}-`)));
  });

  for (const { file, name, scenario, modelled } of scenarios) {
    for (const flow of scenario.flows) {
      // Modelled, not recorded (IPVS, or a device this kernel cannot build): the recorder leaves it
      // out and writes nothing for it, which is checked; the flow is listed, not silently passed.
      const features = modelled[flow.index]!;
      if (features.length) {
        it(`${name} flow ${flow.index} (${flow.run}): modelled, not recorded (${features.join(', ')}): the recorder left it out`, () => {
          expect(existsSync(join(out, name, `flow${flow.index}`)), 'a recording of a modelled flow').toBe(false);
        });
        continue;
      }
      it(`${name} flow ${flow.index} (${flow.run}): the simulator matches this kernel`, async () => {
        const dir = join(out, name, `flow${flow.index}`);
        expect(existsSync(join(dir, 'result.json')), `no recording in ${dir}`).toBe(true);
        // Simulated when the recorders' shares were weighed (beforeAll).
        const sim = simulated.get(`${file}#${flow.index}`)!;
        let rec = readRecording(dir, [...sim.captures.keys()]);
        let result = compareWithKernel(sim, rec);
        if (!TIMING_RACES.has(`${name}/${flow.index}`) && (!result.exitMatches || result.diffs.length)) {
          // A live run on a busy machine can catch a rare scheduling race: record this flow once more.
          await record(out, [`${file}#${flow.index}`], 'hlr-');
          rec = readRecording(dir, [...sim.captures.keys()]);
          result = compareWithKernel(sim, rec);
        }
        expect(sim.exit, 'exit status').toBe(rec.exit);
        if (TIMING_RACES.has(`${name}/${flow.index}`)) return;
        expect(result.diffs.length, `frames differ (K: kernel, S: simulator):\n${formatDiffs(result.diffs)}`).toBe(0);
      });
    }
  }
});
