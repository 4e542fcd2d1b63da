import { CommandError } from '../command/args';
import { parseSimpleCommand } from '../command/parse';
import type { Command, FlowCommand, Simple, SubstitutedCommand, SubstitutedWord, Word } from '../command/types';
import { roleOf } from '../command/registry';
import type { Stack } from '../kernel/stack';
import { DEV_NULL, Pipe, type Process, type ProcessIO } from '../tools/process';
import { startProgram } from './programs';
import { runShellList } from './shell';

/*
 * How the shell starts what a line's and-or lists name: a pipeline's stages all at once,
 * each one's stdout the next one's stdin (EOF when the writer exits, SIGPIPE for a writer
 * whose reader is gone), the pipeline's status its last command's (sh without pipefail), and
 * the `$(…)` of a command run first, their output spliced into its words.
 */

/** Starts a pipeline (a lone simple command is one of one stage); `io.exit` gets the last stage's status once every stage exited. */
export function startPipeline(stack: Stack, simple: Simple<Command>, io: ProcessIO, services: Process[]): Process | undefined {
  // A command may change anything its box prints, in any of its namespaces (ip netns exec),
  // until it has started (what a program does later goes through the kernel's own marks). A
  // program that only sends and receives, or only reads, changes nothing itself.
  const changesNothing = (s: Simple<Command>) => {
    const role = roleOf(s.command);
    return role === 'traffic' || role === 'read';
  };
  if (!stack.env.views?.watch || (changesNothing(simple) && (simple.upstream ?? []).every(changesNothing))) return startStages(stack, simple, io, services);
  const box = boxStacks(stack);
  for (const net of box) net.stateBegin('config');
  const proc = startStages(stack, simple, io, services);
  for (const net of [...new Set([...box, ...boxStacks(stack)])]) net.stateEnd('config');
  return proc;
}

function startStages(stack: Stack, simple: Simple<Command>, io: ProcessIO, services: Process[]): Process | undefined {
  const stages = [...(simple.upstream ?? []), simple];
  if (stages.length === 1) return startSimple(stack, simple, io, services);
  const pipes = stages.slice(1).map(() => new Pipe());
  const procs: (Process | undefined)[] = [];
  const exited = stages.map(() => false);
  const sigpiped = stages.map(() => false);
  let running = stages.length;
  let lastStatus = 0;
  const last = stages.length - 1;
  stages.forEach((stage, k) => {
    const out = pipes[k];
    const stageIO: ProcessIO = {
      stdin: k === 0 ? io.stdin ?? DEV_NULL : pipes[k - 1]!,
      stdout: out
        ? (t) => {
          if (!out.readerGone) return out.write(t);
          // SIGPIPE: writing to a pipe nobody reads any more ends the writer, once (what it
          // writes while it goes is lost, as the write fails).
          if (sigpiped[k]) return;
          sigpiped[k] = true;
          procs[k]?.kill();
        }
        : io.stdout,
      stderr: io.stderr,
      exit: (status) => {
        if (exited[k]) return;
        exited[k] = true;
        out?.close();
        if (k > 0) pipes[k - 1]!.readerGone = true;
        if (k === last) lastStatus = status;
        if (--running === 0) io.exit(lastStatus);
      },
    };
    procs[k] = startSimple(stack, stage, stageIO, services);
  });
  const live = () => procs.filter((p, k): p is Process => p !== undefined && !exited[k]);
  return {
    kill: () => live().forEach((p) => p.kill()),
    // Ctrl+C reaches every process of the foreground pipeline: each handles SIGINT or dies of it.
    get interrupt() {
      return live().some((p) => p.interrupt) ? () => live().forEach((p) => (p.interrupt ? p.interrupt() : p.kill())) : undefined;
    },
  };
}

/** One simple command with its redirections: `>/dev/null`, `2>/dev/null`, `2>&1`. */
function startSimple(stack: Stack, simple: Simple<Command>, ioIn: ProcessIO, services: Process[]): Process | undefined {
  const discard = () => undefined;
  const stdout = simple.discardStdout ? discard : ioIn.stdout;
  const io: ProcessIO = {
    stdout,
    stderr: simple.discardStderr ? discard : simple.stderrToStdout ? ioIn.stdout : ioIn.stderr,
    exit: ioIn.exit,
  };
  if (ioIn.stdin) io.stdin = ioIn.stdin;
  if (ioIn.locate) io.locate = ioIn.locate;
  const c = simple.command;
  if (c.kind === 'substituted') return startSubstituted(stack, c, io, services);
  return startProgram(stack, c, io, services);
}

/**
 * `cmd … $(inner) …`: each inner line runs (stdin /dev/null, its stderr to the terminal), then
 * the command is parsed from the expanded words and started; a parse error is the tool's
 * message and status, as bash would show them once the substitution ran.
 */
function startSubstituted(stack: Stack, c: SubstitutedCommand, io: ProcessIO, services: Process[]): Process {
  let current: Process | undefined;
  let killed = false;
  const outputs: string[][] = c.words.map((w) => w.substitutions.map(() => ''));
  const pending = c.words.flatMap((w, i) => w.substitutions.map((s, j) => ({ i, j, inner: s.inner })));
  const next = (n: number): void => {
    if (killed) return;
    if (n >= pending.length) return startExpanded();
    const { i, j, inner } = pending[n]!;
    if (!inner.ok) return next(n + 1);
    runShellList<FlowCommand>(
      inner.list,
      (simple, done) => {
        current = startPipeline(stack, simple, { stdin: DEV_NULL, stdout: (t) => (outputs[i]![j] += t), stderr: io.stderr, exit: done }, services);
      },
      () => next(n + 1),
    );
  };
  const startExpanded = () => {
    current = undefined;
    let command: Command;
    try {
      const words = c.words.flatMap((w, i) => expandWord(w, outputs[i]!));
      command = parseSimpleCommand(c.name, words, c.end, 'flow', false);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      io.stderr(`${e.message}\n`);
      stack.env.schedule(0, () => io.exit(e.exitStatus));
      return;
    }
    current = startProgram(stack, command, io, services);
  };
  next(0);
  return {
    kill: () => {
      killed = true;
      if (current) current.kill();
      else io.exit(143);
    },
    // Whatever runs now (a substitution's command, then the command itself) takes SIGINT if it handles it.
    get interrupt() {
      const handler = current?.interrupt;
      return handler ? () => handler.call(current) : undefined;
    },
  };
}

/**
 * A word with its substitutions' output in place: trailing newlines removed; outside "…" the
 * output is split at blanks and newlines into several words (none if it is empty), as sh does.
 */
export function expandWord(w: SubstitutedWord, outputs: readonly string[]): Word[] {
  const fields: string[] = [];
  let current: string | undefined;
  let at = 0;
  w.substitutions.forEach((s, k) => {
    if (s.start > at) current = (current ?? '') + w.text.slice(at, s.start);
    const out = outputs[k]!.replace(/\n+$/, '');
    if (s.quoted) current = (current ?? '') + out;
    else if (out !== '') {
      if (/[*?[]/.test(out)) {
        throw new CommandError(w.column, `hairpin: the output of $(…) holds '${/[*?[]/.exec(out)![0]}', which bash would expand as a filename pattern: write "$(…)"`, 2);
      }
      const parts = out.split(/[ \t\n]+/);
      // Blanks at either end separate fields: they glue to nothing.
      if (parts[0] === '') {
        if (current !== undefined) fields.push(current);
        current = undefined;
        parts.shift();
      }
      const trailingBlank = parts.length > 0 && parts[parts.length - 1] === '';
      if (trailingBlank) parts.pop();
      parts.forEach((p, n) => {
        if (n === 0) current = (current ?? '') + p;
        else {
          fields.push(current!);
          current = p;
        }
      });
      if (trailingBlank && current !== undefined) {
        fields.push(current);
        current = undefined;
      }
    }
    at = s.end;
  });
  if (at < w.text.length) current = (current ?? '') + w.text.slice(at);
  if (current !== undefined) fields.push(current);
  return fields.map((text) => ({ text, column: w.column }));
}

/** Every namespace of the box `stack` is in: its init namespace, then each named one. */
function boxStacks(stack: Stack): Stack[] {
  const ns = stack.netns;
  if (!ns) return [stack];
  return [ns.init, ...ns.names().map((n) => ns.get(n)!)];
}
