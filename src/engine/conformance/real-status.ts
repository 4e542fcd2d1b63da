import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../scenario';
import { formatAll } from '../scenario/errors';
import type { Scenario } from '../scenario/types';
import { runFlow, type ConfigIssue } from '../sim/run';
import { compareWithKernel, formatDiffs, readRecording, recordedFlows, type PortDiff } from './compare';

/*
 * How far the simulator is from loading a real ruleset and behaving as the kernel did with it:
 * the config lines it refuses, each put under the tool or extension it lacks, and for every
 * flow recorded on the kernel (scripts/kernel/record.ts) whether the exit status and the
 * frames per port match. Node-only (it reads the recordings); scripts/real-status.ts prints it.
 */

export interface Refusal extends ConfigIssue {
  /** The config line as written. */
  text: string;
  /** What the simulator lacks, e.g. `iptables -m limit`, `command nfacct`, `shell: line continuation`. */
  gap: string;
}

export interface FlowStatus {
  flow: number;
  on: string;
  run: string;
  kernelExit: number;
  simulatorExit: number;
  /** Ports whose normalised frames differ, with the kernel's and the simulator's lines. */
  diffs: PortDiff[];
  /** The simulator threw while running the flow. */
  error?: string;
}

export interface ScenarioStatus {
  name: string;
  /** The document does not validate (schema errors): nothing else is checked. */
  invalid?: string;
  refusals: Refusal[];
  flows: FlowStatus[];
  /** Flows of the scenario with no recording. */
  unrecorded: number[];
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/**
 * The gap a refused line shows. A line inside a continuation or a here-document whose opening
 * line was refused is put under the shell construct, since it was never read as its own command.
 */
export function gapOf(issue: ConfigIssue, lines: readonly string[], refusedLines: ReadonlySet<number>): string {
  const text = lines[issue.line - 1] ?? '';
  const prev = issue.line > 1 ? lines[issue.line - 2]! : '';
  if (/\\$/.test(text) || /\\$/.test(prev) || /Bad argument `\\'/.test(issue.message)) return 'shell: line continuation (\\ at the end of a line)';
  for (let i = issue.line - 2; i >= 0; i--) {
    const m = HEREDOC.exec(lines[i]!);
    if (lines[i]!.trim() === 'EOF') break;
    if (m) {
      if (lines.slice(i + 1, issue.line - 1).some((l) => l.trim() === m[2])) break;
      if (refusedLines.has(i + 1)) return `shell: here-document body, refused with its opening line ${i + 1}`;
      break;
    }
  }
  const words = text.trim().split(/\s+/);
  if (words[0] === 'iptables-restore' && /syntax error/.test(issue.message)) {
    // The tool's options are read as the shell's words: name them, not bash's complaint.
    const options = words.slice(1, words.findIndex((w) => w.startsWith('<<')) >>> 0).filter((w) => w !== '--noflush' && w !== '-n');
    return `iptables-restore options ${options.join(' ')}`;
  }
  const quoted = [...issue.message.matchAll(/[`'"]([^`'"\s]+)['"]/g)].map((m) => m[1]!);
  for (let i = 0; i < words.length - 1; i++) {
    const flag = words[i]!;
    const name = words[i + 1]!;
    if ((flag === '-m' || flag === '--match' || flag === '-j' || flag === '--jump') && (quoted.includes(name) || issue.message.includes(` ${name}`))) {
      return `iptables ${flag.startsWith('--') ? (flag === '--match' ? '-m' : '-j') : flag} ${name}`;
    }
  }
  if (/is a shell variable/.test(issue.message)) return 'shell: $VAR set earlier in the script';
  const unsupported = /unsupported command '([^']+)'/.exec(issue.message);
  if (unsupported?.[1] === '{') return 'shell: { …; } group';
  if (unsupported && /^[A-Za-z_][A-Za-z0-9_]*=/.test(unsupported[1]!)) return 'shell: variable assignment';
  if (unsupported) return `command ${unsupported[1]}`;
  const sysctl = /cannot stat \/proc\/sys\/(\S+?):/.exec(issue.message);
  if (sysctl) return `sysctl ${sysctl[1]!.replace(/\//g, '.')}`;
  const option = /(?:option|argument|match|target)[^`'"]*[`'"]([^`'"]+)['"]/i.exec(issue.message);
  return option ? `${words[0]} ${option[1]}` : `${words[0] ?? ''}: ${issue.message.split('\n')[0]}`;
}

/** Refused config lines of a booted scenario, with the gap each shows. */
export function refusalsOf(scenario: Scenario, issues: readonly ConfigIssue[]): Refusal[] {
  const byDevice = new Map(scenario.devices.map((d) => [d.id, d.config]));
  const refused = new Map<string, Set<number>>();
  for (const i of issues) {
    if (!refused.has(i.device)) refused.set(i.device, new Set());
    refused.get(i.device)!.add(i.line);
  }
  return issues.map((i) => {
    const lines = byDevice.get(i.device) ?? [];
    return { ...i, text: lines[i.line - 1] ?? '', gap: gapOf(i, lines, refused.get(i.device)!) };
  });
}

/** Loads a scenario's text, boots it, and compares every flow recorded under `recordings/<name>/`. */
export function scenarioStatus(name: string, text: string, recordings: string): ScenarioStatus {
  const parsed = parseScenario(text, `${name}.json`);
  if (!parsed.ok) return { name, invalid: formatAll(parsed.errors), refusals: [], flows: [], unrecorded: [] };
  const scenario = parsed.scenario;
  const recorded = existsSync(join(recordings, name)) ? recordedFlows(recordings).filter((r) => r.scenario === name).sort((a, b) => a.flow - b.flow) : [];
  const flows: FlowStatus[] = [];
  let issues: ConfigIssue[] | undefined;
  for (const r of recorded) {
    const flow = scenario.flows[r.flow];
    if (!flow) continue;
    try {
      const sim = runFlow(scenario, r.flow);
      issues ??= sim.configIssues;
      const rec = readRecording(r.dir, [...sim.captures.keys()]);
      const result = compareWithKernel(sim, rec);
      flows.push({ flow: r.flow, on: flow.on, run: flow.run, kernelExit: rec.exit, simulatorExit: sim.exit, diffs: result.diffs });
    } catch (e) {
      flows.push({ flow: r.flow, on: flow.on, run: flow.run, kernelExit: NaN, simulatorExit: NaN, diffs: [], error: (e as Error).message });
    }
  }
  if (!issues) {
    // Nothing recorded: boot once (any flow, or a harmless command) for the refusals alone.
    issues = scenario.flows.length ? runFlow(scenario, 0).configIssues : [];
  }
  const unrecorded = scenario.flows.map((f) => f.index).filter((i) => !recorded.some((r) => r.flow === i));
  return { name, refusals: refusalsOf(scenario, issues), flows, unrecorded };
}

/** The report of one scenario as text: refusals grouped by gap, then one line per flow. */
export function formatStatus(s: ScenarioStatus, opts: { diffs?: boolean } = {}): string {
  const out: string[] = [`## ${s.name}`];
  if (s.invalid) return [...out, `does not validate:`, s.invalid, ''].join('\n');
  if (!s.refusals.length) out.push('refused lines: none');
  else {
    const groups = new Map<string, Refusal[]>();
    for (const r of s.refusals) groups.set(r.gap, [...(groups.get(r.gap) ?? []), r]);
    out.push(`refused lines: ${s.refusals.length}, by what is missing:`);
    for (const [gap, rs] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      out.push(`  ${gap}: ${rs.length}`);
      for (const r of rs) out.push(`    ${r.device}:${r.line}:${r.column} ${r.text.trim()}`, `      ${r.message.split('\n')[0]}`);
    }
  }
  const same = s.flows.filter((f) => !f.error && f.kernelExit === f.simulatorExit && !f.diffs.length).length;
  out.push(`flows recorded: ${s.flows.length}, same exit and frames as the kernel: ${same}`);
  for (const f of s.flows) {
    const head = `  flow ${f.flow} [${f.on}] ${f.run}:`;
    if (f.error) {
      out.push(`${head} simulator error: ${f.error}`);
      continue;
    }
    const exit = f.kernelExit === f.simulatorExit ? `exit ${f.kernelExit} as the kernel` : `exit ${f.simulatorExit}, kernel ${f.kernelExit}`;
    const frames = f.diffs.length
      ? `frames differ on ${f.diffs.map((d) => `${d.port} (kernel ${d.kernel.length}, simulator ${d.simulator.length})`).join(', ')}`
      : 'same frames';
    out.push(`${head} ${exit}; ${frames}`);
    if (opts.diffs && f.diffs.length) out.push(formatDiffs(f.diffs).replace(/^/gm, '      '));
  }
  if (s.unrecorded.length) out.push(`flows not recorded: ${s.unrecorded.join(', ')}`);
  out.push('');
  return out.join('\n');
}
