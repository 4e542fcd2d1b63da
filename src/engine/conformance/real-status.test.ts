import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../scenario';
import { formatAll } from '../scenario/errors';
import { runCommand, runFlow, type ConfigIssue } from '../sim/run';
import { modelledFeatures } from '../trace/modelled';
import { formatStatus, gapOf, refusalsOf, scenarioStatus } from './real-status';

/*
 * scripts/real-status.ts: what the simulator refuses of a real ruleset, under the tool or
 * extension it lacks, and whether each flow recorded on the kernel comes out the same.
 */

const kernel = fileURLToPath(new URL('../../../fixtures/kernel', import.meta.url));
const arping = readFileSync(fileURLToPath(new URL('../../../fixtures/scenarios/arping-lan.json', import.meta.url)), 'utf8');

const issue = (line: number, message: string): ConfigIssue => ({ device: 'h', line, column: 1, message, kind: 'parse' });

describe('gapOf: what a refused line lacks', () => {
  it('puts both halves of a backslash-continued command under the continuation (bash joins them into one command)', () => {
    const lines = ['iptables -A INPUT -p tcp \\', '  --dport 22 -j ACCEPT'];
    expect(gapOf(issue(1, "Bad argument `\\'"), lines, new Set([1, 2]))).toBe('shell: line continuation (\\ at the end of a line)');
    expect(gapOf(issue(2, "hairpin: unsupported command '--dport'"), lines, new Set([1, 2]))).toBe('shell: line continuation (\\ at the end of a line)');
  });

  it('puts the body of a here-document whose opening line was refused under that line, not under its own words', () => {
    const lines = ["iptables-restore -w 5 <<'EOF'", '*filter', '-A INPUT -j ACCEPT', 'COMMIT', 'EOF'];
    const refused = new Set([1, 2, 3, 4, 5]);
    expect(gapOf(issue(1, "bash: syntax error near unexpected token `newline'"), lines, refused)).toBe('iptables-restore options -w 5');
    expect(gapOf(issue(3, "hairpin: unsupported command '-A'"), lines, refused)).toBe('shell: here-document body, refused with its opening line 1');
  });

  it('names the iptables match or target the message names (-m/--match, -j/--jump)', () => {
    expect(gapOf(issue(1, "hairpin: iptables match 'u32' is not simulated"), ['iptables -A INPUT --match u32 --u32 0 -j DROP'], new Set([1]))).toBe('iptables -m u32');
    expect(gapOf(issue(1, "hairpin: iptables target 'CHECKSUM' is not simulated"), ['iptables -t mangle -A POSTROUTING -j CHECKSUM --checksum-fill'], new Set([1]))).toBe('iptables -j CHECKSUM');
  });

  it('names the shell construct or the sysctl key behind a refusal', () => {
    expect(gapOf(issue(2, "hairpin: '$proto' is a shell variable, and none is set here"), ['proto=tcp', 'iptables -A INPUT -p $proto -j ACCEPT'], new Set([1, 2]))).toBe('shell: $VAR set earlier in the script');
    expect(gapOf(issue(1, "hairpin: unsupported command 'proto=tcp'"), ['proto=tcp'], new Set([1]))).toBe('shell: variable assignment');
    expect(gapOf(issue(1, "hairpin: unsupported command '{'"), ['{ iptables -N X; } || true'], new Set([1]))).toBe('shell: { …; } group');
    expect(gapOf(issue(1, 'sysctl: cannot stat /proc/sys/net/ipv4/conf/all/src_valid_mark: No such file or directory'), ['sysctl -w net.ipv4.conf.all.src_valid_mark=1'], new Set([1]))).toBe('sysctl net.ipv4.conf.all.src_valid_mark');
  });

  it('names a command the simulator does not have', () => {
    expect(gapOf(issue(1, "hairpin: unsupported command 'tc'"), ['tc qdisc add dev eth0 root netem delay 10ms'], new Set([1]))).toBe('command tc');
  });
});

describe('scenarioStatus: a scenario against its kernel recordings', () => {
  it('reports no refused line and the same exit and frames for every recorded flow of a scenario the simulator models (arping-lan)', () => {
    const s = scenarioStatus('arping-lan', arping, kernel);
    expect(s.refusals).toEqual([]);
    expect(s.flows.map((f) => [f.flow, f.kernelExit, f.simulatorExit, f.diffs.length])).toEqual([[0, 0, 0, 0], [1, 1, 1, 0], [2, 0, 0, 0]]);
    expect(formatStatus(s)).toContain('flows recorded: 3, same exit and frames as the kernel: 3');
  });

  it('lists a refused line with its place and message, and a flow whose exit and frames differ from the recording', () => {
    const doc = JSON.parse(arping);
    // pc2 no longer owns 10.0.0.1: the simulator's arping gets no reply where the kernel's did.
    doc.devices.pc2.config = ['tc qdisc add dev eth0 root netem delay 10ms', 'ip addr add 10.0.0.3/24 dev eth0'];
    const s = scenarioStatus('arping-lan', JSON.stringify(doc), kernel);
    expect(s.refusals.map((r) => [r.device, r.line, r.gap, r.text])).toEqual([['pc2', 1, 'command tc', 'tc qdisc add dev eth0 root netem delay 10ms']]);
    const flow0 = s.flows.find((f) => f.flow === 0)!;
    expect([flow0.kernelExit, flow0.simulatorExit]).toEqual([0, 1]);
    expect(flow0.diffs.map((d) => d.port)).toContain('pc2:eth0');
    const text = formatStatus(s);
    expect(text).toContain('  command tc: 1\n    pc2:1:1 tc qdisc add dev eth0 root netem delay 10ms');
    expect(text).toContain('flow 0 [pc1] arping -c 2 -I eth0 10.0.0.1: exit 1, kernel 0; frames differ on');
  });

  it('says why a document that does not validate is not checked, and which flows have no recording', () => {
    expect(formatStatus(scenarioStatus('bad', '{"hairpin": 1}', kernel))).toContain('does not validate');
    expect(scenarioStatus('arping-lan', arping, '/nonexistent').unrecorded).toEqual([0, 1, 2]);
  });
});

/*
 * The real rulesets (fixtures/scenarios/real-*.json): Docker's, podman's, kube-proxy's, a kind
 * node's, ufw with fail2ban, the ArchWiki firewall, OpenWrt's fw3, wg-quick, Hetzner, Proxmox and
 * libvirt, as the projects write them. Every line loads, and every flow was recorded on the kernel
 * (the conformance test compares the frames), except kube-proxy's IPVS mode, whose flows go
 * through IPVS on a dummy device the test kernel lacks: modelled, not recorded, each must end as
 * it expects. A ruleset still being worked on may wait in fixtures/real (recordings in
 * fixtures/real-kernel), where refused lines are allowed.
 */
const fixtures = fileURLToPath(new URL('../../../fixtures', import.meta.url));
const places = [
  { dir: `${fixtures}/scenarios`, recordings: `${fixtures}/kernel`, mustLoad: true },
  { dir: `${fixtures}/real`, recordings: `${fixtures}/real-kernel`, mustLoad: false },
].filter((p) => existsSync(p.dir));

describe('the real rulesets and their kernel recordings', () => {
  const all = places.flatMap((p) => readdirSync(p.dir).filter((f) => /^real-.*\.json$/.test(f)).map((f) => ({ ...p, name: f.replace(/\.json$/, '') })));

  it('has real rulesets among the suite scenarios', () => expect(all.filter((r) => r.mustLoad).length).toBeGreaterThanOrEqual(11));

  for (const { dir, recordings, mustLoad, name } of all) {
    it(`${name}: validates${mustLoad ? ', loads with no refused line,' : ''} and every flow was recorded on the kernel with the exit status it expects`, () => {
      const text = readFileSync(`${dir}/${name}.json`, 'utf8');
      const parsed = parseScenario(text);
      expect(parsed.ok, parsed.ok ? '' : formatAll(parsed.errors)).toBe(true);
      if (!parsed.ok) return;
      for (const f of parsed.scenario.flows) {
        const file = `${recordings}/${name}/flow${f.index}/result.json`;
        if (!existsSync(file)) {
          // Modelled, not recorded (README): only a flow whose trace went through what the test
          // kernel lacks (IPVS) may go without a recording; it must end as the scenario expects.
          const sim = runFlow(parsed.scenario, f.index);
          expect(modelledFeatures(sim.events), `flow ${f.index} has no recording (${file}) and is not modelled-only`).not.toEqual([]);
          expect(sim.exit, `flow ${f.index} (modelled, not recorded)`).toBe(f.expect?.exit);
          continue;
        }
        const result = JSON.parse(readFileSync(file, 'utf8')) as { run: string; exit: number };
        expect([result.run, result.exit], `flow ${f.index}`).toEqual([f.run, f.expect?.exit ?? result.exit]);
      }
      // Booting once gives every device's config issues: none may be left.
      if (mustLoad) expect(refusalsOf(parsed.scenario, runCommand(parsed.scenario, parsed.scenario.flows[0]!.on, 'true').configIssues).map((r) => `${r.device}:${r.line} ${r.text}: ${r.message}`)).toEqual([]);
    });
  }
});
