import { parseConfigScript, placeOf } from '../command/script';
import { parseFlowLine } from '../command/parse';
import { innerProgramOf, roleOf, type ToolRole } from '../command/registry';
import type { ConfigCommand, ParsedLine, Simple } from '../command/types';
import type { Stack } from '../kernel/stack';
import type { Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/types';
import { StepReached } from '../trace/recorder';
import { configFeatures } from '../trace/modelled';
import { ViewLog } from '../trace/view-log';
import { NS, type Process, type ProcessIO } from '../tools/process';
import { EVENT_BUDGET, groupDigits, MAX_FLOW_NS, RULE_BUDGET } from './budgets';
import { Network, type CapturedFrameRecord } from './network';
import { OutputText } from './output';
import { startPipeline } from './pipeline';
import { runShellList } from './shell';

/*
 * Boots a scenario (every device's config, services started) and runs one command on one
 * device, then lets the network settle for one second as the kernel captures do.
 */

/** After the command ends, the run goes on this long (half-open), like the kernel captures. */
export const SETTLE_NS = NS;
/** fork+exec of a tool by the shell: the previous command's last packets land meanwhile. */
export const EXEC_NS = 1_000_000;
export { EVENT_BUDGET, MAX_FLOW_NS, RULE_BUDGET };

const STOP_MESSAGES: Record<string, string> = {
  'bridge-loop': 'hairpin: stopped: a bridge loop (switches joined in a ring, no STP) makes a broadcast storm',
  'event-budget': 'hairpin: stopped: the event budget ran out (a loop or a storm?)',
  'rule-budget': `hairpin: stopped: packets were checked against ${groupDigits(RULE_BUDGET)} iptables rules, the limit for one run (many packets through long chains?)`,
  'wall-time': 'hairpin: stopped: the run took too long in real time (a loop, or a very large scenario?)',
};

export interface ConfigIssue {
  device: string;
  /** 1-based line of the device's config. */
  line: number;
  column: number;
  message: string;
  /** 'parse': the line is not understood; 'refused': the tool or kernel refused it. */
  kind: 'parse' | 'refused';
}

export interface FlowResult {
  device: string;
  command: string;
  exit: number;
  stdout: string;
  stderr: string;
  /** Virtual time at which the command ended. */
  endedAt: number;
  stopReason: 'settled' | 'time-limit' | 'event-budget' | 'bridge-loop' | 'rule-budget' | 'wall-time';
  events: TraceEvent[];
  captures: Map<string, CapturedFrameRecord[]>;
  configIssues: ConfigIssue[];
  network: Network;
  /** What the inspector's views printed at every step (RunOptions.viewLog). */
  viewLog?: ViewLog;
}

/**
 * A wall-clock budget, passed in by whoever runs the engine (it keeps no clock): checked once per
 * config line and every few thousand events; true stops the run with the reason 'wall-time'.
 */
export type OutOfTime = () => boolean;

/** Checks `outOfTime` every 1,024 calls (cheap enough for the scheduler's per-event hook). */
function wallClock(net: Network, outOfTime: OutOfTime | undefined): () => boolean {
  let calls = 0;
  return () => {
    if (outOfTime && (++calls & 1023) === 0 && outOfTime()) net.halted ??= 'wall-time';
    return net.halted !== undefined;
  };
}

/**
 * A device's config read as one script, once per scenario: each boot of a document (a Run boots
 * it afresh) reads the same text the same way, and running a line leaves what was read as it
 * was. Lexing and parsing were about half of a boot's allocations and time (a 200-router
 * chain: 70 KB a router and 10.8 ms; 36 KB and 5.4 ms read once).
 * A reading takes about ten times the memory of its text (400 B for an `ip addr add` line), so
 * only scenarios whose configs hold at most KEEP_READ_CHARS characters keep theirs (every lesson,
 * a 200-router chain: at most about a megabyte); a bigger one (10,000 devices hold 300,000, a
 * router with 100,000 routes 4 million) is read again at each boot, its heap not made bigger.
 */
const configScripts = new WeakMap<readonly string[], readonly ParsedLine<ConfigCommand>[]>();
export const KEEP_READ_CHARS = 100_000;

function configScriptOf(config: readonly string[], keep: boolean): readonly ParsedLine<ConfigCommand>[] {
  let script = configScripts.get(config);
  if (!script) {
    script = parseConfigScript(config);
    // What the config needs that the test kernel lacks, noted from this reading: the Run's modelled note does not read it again.
    configFeatures(config, script);
    if (keep) configScripts.set(config, script);
  }
  return script;
}

/** Applies every device's config at time 0, in document order. */
export function boot(net: Network, outOfTime?: OutOfTime): ConfigIssue[] {
  const steps = bootSteps(net, outOfTime);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The boot, one config line at a time: a caller with other work (the worker between requests)
 * boots in slices. Nothing else may touch the network between steps, so the network it ends
 * with is the one boot() makes.
 */
export function* bootSteps(net: Network, outOfTime?: OutOfTime): Generator<void, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const services: Process[] = [];
  let chars = 0;
  for (const d of net.scenario.devices) for (const line of d.config) chars += line.length;
  const keep = chars <= KEEP_READ_CHARS;
  for (const d of net.scenario.devices) {
    // The device's config is one script: continued lines, here-documents, variables, set -e.
    const shell: ScriptShell = { errexit: false, exited: false };
    for (const parsed of configScriptOf(d.config, keep)) {
      if (outOfTime?.()) {
        net.halted ??= 'wall-time';
        return issues;
      }
      if (shell.exited) break;
      issues.push(...applyConfigLine(net, d.id, parsed, services, shell));
      yield;
    }
    net.stacks.get(d.id)?.nf.sync();
  }
  return issues;
}

/**
 * Runs one parsed config line on a device at the current virtual time, as boot does, and
 * returns what it raised: a line that does not parse, or the refusal of a command on it.
 */
/** What a script's shell carries from line to line: `set -e`, and whether it made the script exit. */
export interface ScriptShell {
  errexit: boolean;
  exited: boolean;
}

export function applyConfigLine(net: Network, device: string, parsed: ParsedLine<ConfigCommand>, services: Process[], shell: ScriptShell = { errexit: false, exited: false }): ConfigIssue[] {
  if (!parsed.ok) return [{ device, line: parsed.error.line, column: parsed.error.column, message: parsed.error.message, kind: 'parse' }];
  const stack = net.stacks.get(device)!;
  const issues: ConfigIssue[] = [];
  let stderr = '';
  let where: { line?: number; column?: number } = {};
  const io: ProcessIO = { stdout: () => undefined, stderr: (t) => (stderr += t), exit: () => undefined, locate: (w) => (where = w) };
  const start = (simple: Simple<ConfigCommand>, done: (status: number) => void, tested: boolean): void => {
    // A group's commands run in turn; its status is the last one's.
    if (simple.command.kind === 'group') return runShellList(simple.command.list, start, done, tested);
    if (simple.command.kind === 'set') {
      if (simple.command.errexit !== undefined) shell.errexit = simple.command.errexit;
      return done(0);
    }
    stderr = '';
    where = {};
    startPipeline(stack, simple, { ...io, exit: (s) => {
      // A failure that && or || handles (bash's set -e ignores it) is not an error of the config.
      if (s !== 0 && stderr && !tested) {
        const place = where.line !== undefined ? { line: where.line, column: where.column ?? simple.column } : placeOf(parsed, where.column ?? simple.column);
        issues.push({ device, line: place.line, column: place.column, message: stderr.trimEnd(), kind: 'refused' });
      }
      // set -e: a failure nothing tests ends the script here (bash exits; the rest never runs).
      if (s !== 0 && !tested && shell.errexit) {
        shell.exited = true;
        return;
      }
      done(s);
    } }, services);
  };
  runShellList(parsed.list, start, () => undefined);
  // Config commands finish at once; run those events before the next line.
  net.scheduler.run({ until: net.scheduler.now, budget: EVENT_BUDGET });
  return issues;
}

export interface RunOptions {
  seed?: number;
  traceLimit?: number;
  /** Keep every port's frames in `captures` (default true); false leaves them empty. */
  capture?: boolean;
  /**
   * Stop at this event of the trace, inside the code that emits it (every device's state at
   * that very step: the views of a step). The result's events end with it.
   */
  stopAtEvent?: number;
  /** Record what the inspector's views print at every step (trace/view-log.ts). */
  viewLog?: boolean;
  /** Called every 20,000 events of a long run: events so far and the virtual time (ns). */
  onProgress?: (events: number, now: number) => void;
  /** Called once the scenario has booted, before the command starts (benchmarks time the flow alone). */
  onBooted?: (net: Network) => void;
  /** The caller's wall-clock budget (the worker passes a deadline). */
  outOfTime?: OutOfTime;
  /** Events the run may take (default EVENT_BUDGET); the property tests give a smaller one. */
  eventBudget?: number;
}

/** Boots the scenario and runs `command` on `device`. */
export function runCommand(scenario: Scenario, device: string, command: string, opts: RunOptions = {}): FlowResult {
  const net = new Network(scenario, opts.seed ?? 1, opts.traceLimit, opts.capture ?? true);
  const configIssues = boot(net, opts.outOfTime);
  opts.onBooted?.(net);
  return runOn(net, device, command, configIssues, opts);
}

/** Runs `command` on `device` of a booted network, from its current virtual time. */
export function runOn(net: Network, device: string, command: string, configIssues: ConfigIssue[], opts: RunOptions = {}): FlowResult {
  const stopAt = opts.stopAtEvent;
  net.trace.stopAt = stopAt;
  let viewLog: ViewLog | undefined;
  const started = () => {
    if (opts.viewLog) (viewLog = new ViewLog(net)).start();
  };
  try {
    const result = runOnUntil(net, device, command, configIssues, opts, started);
    viewLog?.finish();
    return viewLog ? { ...result, viewLog } : result;
  } catch (e) {
    if (!(e instanceof StepReached)) throw e;
    // The run stopped inside the code that emitted event `stopAt`: the state at that very step.
    return { device, command, exit: -1, stdout: '', stderr: '', endedAt: net.scheduler.now, stopReason: 'settled', events: net.trace.kept(), captures: net.captures, configIssues, network: net };
  } finally {
    net.trace.stopAt = undefined;
  }
}

function runOnUntil(net: Network, device: string, command: string, configIssues: ConfigIssue[], opts: RunOptions, started: () => void): FlowResult {
  net.work.limit = net.work.rules + RULE_BUDGET;
  const budget = opts.eventBudget ?? EVENT_BUDGET;
  const stack = net.stacks.get(device);
  if (!stack) throw new Error(`no device "${device}"`);
  const start = net.scheduler.now;
  net.trace.clear();
  net.captureInnerInterfaces();
  started();
  const stdout = new OutputText();
  let stderr = '';
  let exit: number | undefined;
  let endedAt = 0;
  const parsed = parseFlowLine(command);
  let lastProgram = command.trim().split(/\s/)[0] ?? '';
  let lastRole: ToolRole | undefined;
  const services: Process[] = [];
  let foreground: Process | undefined;
  /** Set when the run is stopped: the rest of the command list does not start. */
  let aborted = false;
  if (!parsed.ok) {
    stderr = parsed.error.message + '\n';
    exit = parsed.error.exitStatus;
  } else {
    net.trace.emit(device, { layer: 'app', kind: 'process', reason: { code: 'process_start', command } });
    const first = parsed.list[0];
    const sole = parsed.list.length === 1 && first !== undefined && first.rest.length === 0;
    runShellList(
      parsed.list,
      (simple, done) => net.scheduler.schedule(EXEC_NS, () => {
        // The status of a list is its last pipeline's, and a pipeline's is its last command's.
        const word = command.slice(simple.column - 1).split(/[\s;|&)]/)[0] || lastProgram;
        lastProgram = simple.command.kind === 'netns-exec' ? innerProgramOf(simple.command) ?? word : word;
        lastRole = roleOf(simple.command);
        // In a list (`nc …; nc …; ipvsadm -L -n`), each program's start is marked, so the summary
        // can say which one made a connection.
        if (!aborted && !sole) net.trace.emit(device, { layer: 'app', kind: 'process', reason: { code: 'process_exec', program: lastProgram } });
        if (!aborted) foreground = startPipeline(stack, simple, { stdout: stdout.write, stderr: (t) => (stderr += t), exit: done }, services);
      }),
      (status) => {
        exit = status;
        endedAt = net.scheduler.now;
        net.trace.emit(device, { layer: 'app', kind: 'process', reason: { code: 'process_exit', program: lastProgram, status, role: lastRole } });
      },
    );
  }
  let stopReason: FlowResult['stopReason'] = 'settled';
  const stopAt = opts.stopAtEvent;
  // Exact stops throw StepReached from the recorder; this ends a run whose trace is cut short.
  const reachedStep = () => stopAt !== undefined && net.trace.count > stopAt;
  const overBudget = () => {
    if (net.work.rules > net.work.limit) net.halted ??= 'rule-budget';
    return net.halted !== undefined;
  };
  const progress = opts.onProgress ? { every: 20_000, report: opts.onProgress } : undefined;
  const halted = wallClock(net, opts.outOfTime);
  const finished = () => halted() || exit !== undefined || overBudget() || reachedStep();
  let reason = net.scheduler.run({ until: start + MAX_FLOW_NS, budget, progress, stop: finished });
  let interrupted = false;
  if (reason !== 'budget' && !net.halted && exit === undefined && !reachedStep() && foreground?.interrupt) {
    // Out of time, a tool that handles SIGINT (ping without -c) ends as after Ctrl+C: its
    // statistics and its own status, not a kill.
    interrupted = true;
    foreground.interrupt();
    reason = net.scheduler.run({ until: net.scheduler.now, budget: 10_000, progress, stop: finished });
  }
  if (reachedStep()) {
    return { device, command, exit: exit ?? -1, stdout: stdout.text(), stderr, endedAt: net.scheduler.now, stopReason: 'settled', events: net.trace.kept(), captures: net.captures, configIssues, network: net };
  }
  if (net.halted || exit === undefined) {
    stopReason = net.halted ? (net.halted as FlowResult['stopReason']) : reason === 'budget' ? 'event-budget' : 'time-limit';
    const stopped = exit === undefined;
    exit ??= 143;
    endedAt = net.scheduler.now;
    stderr += `${STOP_MESSAGES[stopReason] ?? `hairpin: stopped after ${MAX_FLOW_NS / NS} s of simulated time`}\n`;
    // SIGTERM: the command is over (what it prints on the way out is not kept), and its timers
    // do not run on in this network (a caller may run more on it).
    if (stopped) {
      aborted = true;
      const kept = { stdout: stdout.mark, stderr, exit };
      foreground?.kill();
      stdout.truncate(kept.stdout);
      ({ stderr, exit } = kept);
    }
  } else {
    if (interrupted) {
      stopReason = 'time-limit';
      stderr += `hairpin: interrupted (SIGINT, as Ctrl+C) after ${MAX_FLOW_NS / NS} s of simulated time\n`;
    }
    // The settle window is half-open: frames due exactly at end + 1 s are not captured.
    const r = net.scheduler.run({ until: endedAt + SETTLE_NS - 1, budget, progress, stop: () => halted() || overBudget() || reachedStep() });
    if (net.halted) {
      stopReason = net.halted as FlowResult['stopReason'];
      stderr += `${STOP_MESSAGES[stopReason] ?? ''}\n`;
    } else if (r === 'budget') {
      stopReason = 'event-budget';
      stderr += `${STOP_MESSAGES['event-budget']}\n`;
    }
  }
  return { device, command, exit, stdout: stdout.text(), stderr, endedAt, stopReason, events: net.trace.kept(), captures: net.captures, configIssues, network: net };
}

/** Runs flow `index` of the scenario. */
export function runFlow(scenario: Scenario, index: number, opts: RunOptions = {}): FlowResult {
  const flow = scenario.flows[index];
  if (!flow) throw new Error(`no flow ${index}`);
  return runCommand(scenario, flow.on, flow.run, opts);
}
