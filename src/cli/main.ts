import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LabError, labScript } from '../engine/export/lab';
import { MAX_LINE_LENGTH } from '../engine/scenario';
import type { Scenario } from '../engine/scenario/types';
import { runCommand, runFlow, type FlowResult } from '../engine/sim/run';
import { eventPlace, verdict } from '../engine/trace/verdict';
import { why } from '../engine/trace/why';
import { encodeFrame } from '../engine/wire/ethernet';
import { writePcap } from '../engine/wire/pcap';
import { captureFileName } from '../engine/export/capture-name';
import { CliExit, configProblems, EX_DATAERR, EX_IOERR, EX_SOFTWARE, EX_USAGE, loadScenario } from './load';
import { TRACE_USAGE, traceMain } from './trace';
import { verifyLesson } from '../lessons/verify';
import { modelledRun } from '../engine/conformance/modelled';
import { modelledDevices, modelledNote } from '../engine/trace/modelled';
import { importCommand } from './import';
import type { ReadInto } from './read';
import { SNAPSHOT_USAGE, snapshotCommand } from './snapshot';

/*
 * `hairpin`: run a scenario's flows on the simulator from a terminal, check them against
 * their expected exits, or print the network-namespace lab that runs them on a real kernel.
 * Exit codes (sysexits.h): the command's own status for `run`; 0/1 for `check`; 64 bad usage
 * (options, arguments, a --pcap directory that cannot be written); 65 bad data (the scenario
 * file: missing, unreadable, too large, not UTF-8, not valid; a flow or device it lacks);
 * 74 output that could not be written; 70 a bug in Hairpin. Never a stack trace.
 */

export { EX_DATAERR, EX_IOERR, EX_SOFTWARE, EX_USAGE } from './load';

const USAGE = `usage: hairpin run LAB.json [--flow N | --on DEV -- COMMAND...] [--json] [--pcap DIR]
       hairpin check LAB.json
       hairpin lab LAB.json [--prefix P]
       hairpin import --device NAME FILE... [--into LAB.json]
       ${SNAPSHOT_USAGE}
${TRACE_USAGE}
  run     prints what the command prints on Linux and exits with its status
          (the scenario's first flow unless --flow or --on is given)
  --json  print the trace (every frame and decision) as JSON instead
  --pcap  write DIR/<device>-<port>.pcap for every port (what tcpdump there would see)
  check   runs every flow and compares its exit status with "expect" (no flows: boots the config);
          for a flow that fails it says why and at which step of its trace; and proves the lesson:
          each step's event happens, each worked answer passes, each "drop" question's device drops
          (run and check note a flow modelled, not recorded: IPVS, or a link type the test kernel lacks)
  lab     prints a bash script that builds the scenario in network namespaces
          (bash lab.sh up | down; needs root)
  trace   where one packet goes on one device, and why (hairpin trace --help)
  import  turns what a real machine printed (ip addr/route/rule/neigh/link, their -j forms,
          ip -br a, iptables-save, iptables -S, nft list ruleset, sysctl -a, /etc/hosts,
          /etc/resolv.conf, rt_tables) into the config of device NAME and prints the scenario
          (--into: that scenario with NAME added or replaced); what is not imported goes to stderr;
          FILE - is standard input; a snapshot's box.json gives its one device whole
  snapshot prints a read-only sh script: run on a Linux machine (as root), it prints that
          machine's network configuration as a one-device scenario (sh snap.sh > box.json)
`;

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Standard input for FILE `-` (`hairpin import`): the process's own when absent. */
  stdin?: ReadInto;
}


/** Serialises the trace: byte arrays as hex, so the output is plain JSON; each event with its step (`seq`, from 0), its reason and that reason's sentence. */
function traceJson(r: FlowResult): string {
  const replacer = (_k: string, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
  const events = r.events.map((e, seq) => ({ seq, ...e, why: why(e) }));
  return JSON.stringify({ device: r.device, command: r.command, exit: r.exit, stdout: r.stdout, stderr: r.stderr, stopReason: r.stopReason, events }, replacer, 1) + '\n';
}

/**
 * Why a flow did not exit as expected: the playground's verdict on its trace, and the step it
 * points at (place, layer, kind and reason code). The check runs untraced; a failing flow runs
 * again with its trace, which the deterministic engine makes the same run.
 */
function whyFailed(scenario: Scenario, index: number): string[] {
  const r = runFlow(scenario, index, { capture: false });
  const v = verdict(r);
  const out = [`why: ${v.text}`];
  const e = v.seq === undefined ? undefined : r.events[v.seq];
  if (e && v.seq !== undefined) {
    // A failed route lookup names its own code too: "input_route: rp_filter".
    const route = 'route' in e.reason && typeof e.reason.route === 'object' ? `: ${e.reason.route.code}` : '';
    out.push(`at step ${v.seq + 1} of ${r.events.length}: ${eventPlace(e)}, ${e.layer} ${e.kind} (${e.reason.code}${route})`);
  }
  return out;
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'Not a directory',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
};

/** strerror-like text, with the path that failed when it is not the one the user gave. */
function errnoText(e: unknown, given?: string): string {
  const err = e as NodeJS.ErrnoException;
  const text = (err.code && ERRNO_TEXT[err.code]) ?? err.message;
  return err.path && given !== undefined && err.path !== given ? `${text} (${err.path})` : text;
}

/** mkdir -p, by hand: Node 20's recursive mkdirSync never returns for a path under /proc. */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    makeDir(parent);
    mkdirSync(dir);
  }
}

/** Made (or checked) before the run, so a typo in the path does not cost the run first. */
function preparePcapDir(dir: string): void {
  try {
    if (dir === '') throw Object.assign(new Error('No such file or directory'), { code: 'ENOENT' });
    makeDir(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('Not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new CliExit(EX_USAGE, `hairpin: --pcap ${dir}: cannot write captures there: ${errnoText(e, dir)}`);
  }
}

function writePcaps(dir: string, r: FlowResult): void {
  for (const [port, frames] of r.captures) {
    const bytes = writePcap(frames.map((f) => ({ timeNs: f.t, bytes: encodeFrame(f.frame) })));
    const file = join(dir, captureFileName(port));
    try {
      writeFileSync(file, bytes);
    } catch (e) {
      throw new CliExit(EX_IOERR, `hairpin: ${file}: ${errnoText(e)}`);
    }
  }
}

function run(args: string[], io: Io): number {
  const dash = args.indexOf('--');
  const own = dash >= 0 ? args.slice(0, dash) : args;
  const command = dash >= 0 ? args.slice(dash + 1) : [];
  const { values, positionals } = parseArgs({ args: own, allowPositionals: true, options: { flow: { type: 'string' }, on: { type: 'string' }, json: { type: 'boolean' }, pcap: { type: 'string' } } });
  if (positionals.length !== 1) throw new CliExit(EX_USAGE, USAGE);
  const file = positionals[0]!;
  if (values.flow !== undefined && !/^\d{1,9}$/.test(values.flow)) throw new CliExit(EX_USAGE, `hairpin: --flow takes a flow number (0, 1, …), not ${JSON.stringify(values.flow)}`);
  if (values.on === '') throw new CliExit(EX_USAGE, 'hairpin: --on takes a device id, not ""');
  if (values.pcap !== undefined) preparePcapDir(values.pcap);
  const scenario = loadScenario(file, io);
  let result: FlowResult;
  let device: string;
  let runLine: string;
  // Keep only what is needed: the trace for --json (or to see whether the run touches a modelled
  // device), every port's frames for --pcap.
  const traced = values.json || modelledDevices(scenario).length > 0;
  const record = { traceLimit: traced ? undefined : 0, capture: values.pcap !== undefined };
  if (values.on !== undefined || command.length) {
    if (values.on === undefined || !command.length) throw new CliExit(EX_USAGE, 'hairpin: --on DEV and -- COMMAND go together\n' + USAGE);
    if (values.flow !== undefined) throw new CliExit(EX_USAGE, 'hairpin: --flow and --on exclude each other');
    const line = command.join(' ');
    if (line.length > MAX_LINE_LENGTH) throw new CliExit(EX_USAGE, `hairpin: the command after -- is ${line.length} characters long; the limit is ${MAX_LINE_LENGTH}`);
    if (!scenario.devices.some((d) => d.id === values.on)) {
      const ids = scenario.devices.map((d) => d.id);
      const list = ids.length > 20 ? `${ids.slice(0, 20).join(', ')}, … (${ids.length} in all)` : ids.join(', ');
      throw new CliExit(EX_DATAERR, `hairpin: ${file}: no device ${JSON.stringify(values.on)} (devices: ${list})`);
    }
    result = runCommand(scenario, values.on, command.join(' '), record);
    [device, runLine] = [values.on, line];
  } else {
    const n = values.flow === undefined ? 0 : Number(values.flow);
    if (n >= scenario.flows.length) throw new CliExit(EX_DATAERR, `hairpin: ${file}: no flow ${n} (it has ${scenario.flows.length})`);
    result = runFlow(scenario, n, record);
    [device, runLine] = [scenario.flows[n]!.on, scenario.flows[n]!.run];
  }
  for (const p of configProblems(file, scenario, result.configIssues)) io.stderr(p + '\n');
  if (values.pcap !== undefined) writePcaps(values.pcap, result);
  if (values.json) io.stdout(traceJson(result));
  else {
    io.stdout(result.stdout);
    io.stderr(result.stderr);
  }
  // After the command's own output, on stderr: stdout stays what Linux prints.
  const features = modelledRun(scenario, device, runLine, traced ? result : undefined);
  if (features.length) io.stderr(`hairpin: ${modelledNote(features)}\n`);
  return result.exit;
}

function check(args: string[], io: Io): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new CliExit(EX_USAGE, USAGE);
  const file = positionals[0]!;
  const scenario = loadScenario(file, io);
  let failed = 0;
  let passed = 0;
  // With a modelled device, which flows touch it is in the trace: keep it rather than run twice.
  const traced = modelledDevices(scenario).length > 0;
  for (const flow of scenario.flows) {
    const r = runFlow(scenario, flow.index, { traceLimit: traced ? undefined : 0, capture: false });
    const problems = configProblems(file, scenario, r.configIssues);
    const want = flow.expect.exit;
    const ok = problems.length === 0 && (want === undefined || r.exit === want);
    if (ok) passed++;
    else failed++;
    io.stdout(`${ok ? 'ok  ' : 'FAIL'} flow ${flow.index} on ${flow.on}: ${flow.run} -> exit ${r.exit}${want !== undefined ? ` (expected ${want})` : ''}${flow.title ? `  # ${flow.title}` : ''}\n`);
    for (const p of problems) io.stdout(`     ${p}\n`);
    const features = modelledRun(scenario, flow.on, flow.run, traced ? r : undefined);
    if (features.length) io.stdout(`     ${modelledNote(features)}\n`);
    if (want !== undefined && r.exit !== want) for (const line of whyFailed(scenario, flow.index)) io.stdout(`     ${line}\n`);
  }
  // No flow boots the devices, so their config would go unchecked: boot them once on their own.
  const first = scenario.devices[0];
  if (!scenario.flows.length && first) {
    const problems = configProblems(file, scenario, runCommand(scenario, first.id, 'true', { traceLimit: 0, capture: false }).configIssues);
    if (problems.length) failed++;
    else passed++;
    io.stdout(`${problems.length ? 'FAIL' : 'ok  '} config: ${problems.length ? `${problems.length} line${problems.length === 1 ? '' : 's'} refused` : 'every line applied'}\n`);
    for (const p of problems) io.stdout(`     ${p}\n`);
  }
  // The lesson inside, proven as the built-in ones are (its steps happen, its answers work).
  const traces = new Map<number, FlowResult>();
  const traceOf = (f: number) => (traces.get(f) ?? traces.set(f, runFlow(scenario, f, { capture: false })).get(f)!).events;
  for (const finding of verifyLesson(scenario, traceOf)) {
    if (finding.ok) passed++;
    else failed++;
    io.stdout(`${finding.ok ? 'ok  ' : 'FAIL'} ${finding.what}\n`);
    if (finding.detail) io.stdout(`     ${finding.detail}\n`);
  }
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

function lab(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { prefix: { type: 'string' } } });
  if (positionals.length !== 1) throw new CliExit(EX_USAGE, USAGE);
  const prefix = values.prefix ?? 'hp-';
  if (!/^[a-z][a-z0-9_-]{0,2}$/.test(prefix)) throw new CliExit(EX_USAGE, `hairpin: --prefix must be 1-3 characters [a-z0-9_-] starting with a letter, not ${JSON.stringify(prefix)}`);
  const file = positionals[0]!;
  const scenario = loadScenario(file, io);
  let script: string;
  try {
    script = labScript(scenario.doc, { prefix });
  } catch (e) {
    // A line the simulator refuses (or one that would reach outside the lab) builds no lab.
    if (!(e instanceof LabError)) throw e;
    const place = e.device === undefined ? '' : e.line ? `devices.${e.device}.config[${e.line - 1}] (line ${e.line}, column ${e.column}): ` : `flow on ${e.device} (column ${e.column}): `;
    throw new CliExit(EX_DATAERR, e.reason.split('\n').filter(Boolean).map((l, i) => `${file}: ${i ? '' : place}${l}`).join('\n'));
  }
  io.stdout(script);
  return 0;
}

export function main(argv: string[], io: Io): number {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case 'run':
        return run(rest, io);
      case 'check':
        return check(rest, io);
      case 'lab':
        return lab(rest, io);
      case 'trace':
        return traceMain(rest, io);
      case 'import':
        return importCommand(rest, io);
      case 'snapshot':
        return snapshotCommand(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return 0;
      default:
        throw new CliExit(EX_USAGE, sub ? `hairpin: unknown command ${JSON.stringify(sub)}\n${USAGE}` : USAGE);
    }
  } catch (e) {
    if (e instanceof CliExit) {
      io.stderr(e.message.endsWith('\n') ? e.message : e.message + '\n');
      return e.code;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`hairpin: ${e.message}\n${USAGE}`);
      return EX_USAGE;
    }
    // A bug, not bad input: one line, and the stack only when asked for.
    const detail = process.env.HAIRPIN_DEBUG && e instanceof Error ? `\n${e.stack}` : ' (set HAIRPIN_DEBUG=1 for details)';
    io.stderr(`hairpin: internal error: ${e instanceof Error ? e.message : String(e)}; this is a bug in Hairpin, please report it with the scenario${detail}\n`);
    return EX_SOFTWARE;
  }
}
