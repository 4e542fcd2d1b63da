import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { compareWithKernel, formatDiffs, readRecording } from './compare';

/*
 * The live conformance suite (`npm run test:kernel`, and always in CI): every flow of every
 * built-in and suite scenario runs on this machine's kernel, in network namespaces built by
 * `hairpin lab`, with tcpdump on every port; the simulator must give the same exit status and
 * the same frames per port. Without root or namespaces it says why and skips.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const files = ['src/scenarios', 'fixtures/scenarios'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(root, dir, f)),
);

/**
 * Flows where the kernel's microsecond timing decides the order of two frames on a port
 * (see scripts/kernel/README.md): only their exit status is compared.
 */
const TIMING_RACES = new Set(['web-server/0', 'traceroute-chain/1']);

function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  for (const tool of ['ip', 'iptables', 'tcpdump', 'nc', 'ss', 'ping', 'arping', 'traceroute', 'curl', 'dig', 'dnsmasq', 'python3']) {
    if (spawnSync('which', [tool]).status !== 0) return `${tool} is not installed`;
  }
  const probe = spawnSync('ip', ['netns', 'add', 'hpprobe0']);
  if (probe.status !== 0) return `network namespaces are not available: ${probe.stderr.toString().trim()}`;
  spawnSync('ip', ['netns', 'del', 'hpprobe0']);
  return undefined;
}

const reason = whyNot();
if (reason) console.log(`kernel conformance suite skipped: ${reason}`);

function record(out: string, file: string): void {
  spawnSync('npx', ['tsx', 'scripts/kernel/record.ts', file], {
    cwd: root,
    // Debian's own tools first (a pyenv python3 would answer with another Server header).
    env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HAIRPIN_RECORD_OUT: out, HAIRPIN_LAB_PREFIX: 'hl-' },
    stdio: 'inherit',
    timeout: 900_000,
  });
}

describe.skipIf(reason !== undefined)('live kernel conformance', () => {
  const out = mkdtempSync(join(tmpdir(), 'hairpin-live-'));
  beforeAll(() => {
    execFileSync('npx', ['tsx', '--version'], { cwd: root });
    for (const file of files) record(out, file);
  });

  for (const file of files) {
    const name = basename(file, '.json');
    const parsed = parseScenario(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(`${name} does not parse`);
    for (const flow of parsed.scenario.flows) {
      it(`${name} flow ${flow.index} (${flow.run}): the simulator matches this kernel`, () => {
        const dir = join(out, name, `flow${flow.index}`);
        expect(existsSync(join(dir, 'result.json')), `no recording in ${dir}`).toBe(true);
        const sim = runFlow(parsed.scenario, flow.index);
        let rec = readRecording(dir, [...sim.captures.keys()]);
        let result = compareWithKernel(sim, rec);
        if (!TIMING_RACES.has(`${name}/${flow.index}`) && (!result.exitMatches || result.diffs.length)) {
          // A live run can catch a rare scheduling race: record this scenario once more.
          record(out, file);
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
