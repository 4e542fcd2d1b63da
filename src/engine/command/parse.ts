import { CommandError } from './args';
import { lex, type HereDocument, type Token, type WordToken } from './lexer';
import { roleOf, toolNamed, type ToolRole } from './registry';
import { refuseUnsimulatedShell, splitShellList, type RawAndOr, type RawPipeline, type RawSimple } from './shell';
import type { AndOrList, Command, ConfigCommand, FlowCommand, GroupCommand, LineError, ParsedLine, ShellList, Simple, SubstitutedWord, Word } from './types';

/**
 * One line of text → typed commands. A config line is a line of a device's root shell
 * script; a flow line is a command a lesson runs. Both accept shell lists (`a && b; c &`);
 * a flow line also pipelines (`a | b`) and `$(…)` whose commands only read.
 */

export function parseConfigLine(line: string, lineNo: number): ParsedLine<ConfigCommand> {
  return parseLine(line, lineNo, 'config') as ParsedLine<ConfigCommand>;
}

export function parseFlowLine(line: string): ParsedLine<FlowCommand> {
  return parseLine(line, 0, 'flow') as ParsedLine<FlowCommand>;
}

type Role = 'config' | 'flow';

/** `$(…)` inside `$(…)` inside …: bash has no limit, a line of 4,000 `$(` must not recurse that deep here. */
const MAX_SUBSTITUTION_DEPTH = 8;

function parseLine(line: string, lineNo: number, role: Role, depth = 0): ParsedLine<Command> {
  const lexed = lex(line);
  if (!lexed.ok) return { ok: false, error: { line: lineNo, column: lexed.error.column, message: lexed.error.message, exitStatus: 2 } };
  return parseTokens(lexed.tokens, line.length + 1, lineNo, role, depth);
}

/** A lexed line → typed commands (the config script reader calls it with its variables expanded). */
export function parseTokens(tokens: readonly Token[], lineEnd: number, lineNo: number, role: Role, depth = 0): ParsedLine<Command> {
  try {
    const raw = splitShellList(tokens, lineEnd);
    refuseUnsimulatedShell(tokens, role);
    return { ok: true, line: lineNo, list: toList(raw, role, depth) };
  } catch (e) {
    if (e instanceof CommandError) return { ok: false, error: lineError(e, lineNo) };
    throw e;
  }
}

function toList(raw: RawAndOr[], role: Role, depth: number): ShellList<Command> {
  return raw.map((andOr): AndOrList<Command> => {
    const first = toPipeline(andOr.first, role, andOr.background && andOr.rest.length === 0, depth);
    const rest = andOr.rest.map(({ op, cmd }, i) => ({ op, cmd: toPipeline(cmd, role, andOr.background && i === andOr.rest.length - 1, depth) }));
    return { first, rest, background: andOr.background };
  });
}

function lineError(e: CommandError, line: number): LineError {
  return { line, column: e.column, message: e.message, exitStatus: e.exitStatus };
}

function toPipeline(raw: RawPipeline, role: Role, background: boolean, depth: number): Simple<Command> {
  if (raw.stages.length > 1 && role === 'config') {
    throw new CommandError(raw.pipes[0]!, "hairpin: a pipe in a device's config is not simulated: run it as a flow", 2);
  }
  // Every stage of a background pipeline runs in the background.
  const stages = raw.stages.map((s) => toSimple(s, role, background, depth));
  const last = stages.pop()!;
  return stages.length ? { ...last, upstream: stages } : last;
}

function toSimple(raw: RawSimple, role: Role, background: boolean, depth: number): Simple<Command> {
  if (raw.group) {
    if (role === 'flow') throw new CommandError(raw.column, `hairpin: a group (${raw.group.subshell ? '( … )' : '{ …; }'}) in a flow is not simulated: run its commands as one list (a && b || c)`, 2);
    if (raw.redirects.length) throw new CommandError(raw.redirects[0]!.token.column, 'hairpin: a redirection of a whole group is not simulated', 2);
    const command: GroupCommand = { kind: 'group', subshell: raw.group.subshell, list: toList(raw.group.list, role, depth) as ShellList<ConfigCommand> };
    return { command, column: raw.column, discardStdout: false, discardStderr: false };
  }
  let discardStdout = false;
  let discardStderr = false;
  let stderrToStdout = false;
  let fileRedirect: { target: Word; append: boolean } | undefined;
  let stdin: HereDocument | undefined;
  let stdinFile: Word | undefined;
  for (const { token, target } of raw.redirects) {
    if (token.mode === 'heredoc' || (token.mode === 'read' && token.fd === 0)) {
      if (stdin || stdinFile) throw new CommandError(token.column, 'hairpin: a second input redirection is not simulated', 2);
      if (token.mode === 'read') stdinFile = { text: target!.text, column: target!.column };
      else if (token.body) stdin = token.body;
      else throw new CommandError(token.column, "hairpin: a here-document is read only in a device's config, where its lines follow the command", 2);
      continue;
    }
    if (token.mode === 'dup') {
      if (token.fd === 2 && token.dupTo === 1) {
        // stderr goes where stdout goes now (a later `>/dev/null` moves stdout alone).
        discardStderr = discardStdout;
        stderrToStdout = !discardStdout;
      } else if (token.fd === 1 && token.dupTo === 2) discardStdout = discardStderr;
      else throw new CommandError(token.column, `hairpin: redirection ${token.fd}>&${token.dupTo} is not supported`, 2);
      continue;
    }
    if (target!.text === '/dev/null' && token.mode !== 'read') {
      if (token.fd === 1) discardStdout = true;
      else if (token.fd === 2) {
        discardStderr = true;
        stderrToStdout = false;
      }
      continue;
    }
    if (token.fd === 1 && token.mode !== 'read' && !fileRedirect) {
      fileRedirect = { target: { text: target!.text, column: target!.column }, append: token.mode === 'append' };
      continue;
    }
    throw new CommandError(token.column, 'hairpin: only `echo ... > FILE` and redirections to /dev/null are supported', 2);
  }
  const nameToken = raw.words[0];
  if (!nameToken) throw new CommandError(raw.column, 'hairpin: a redirection needs a command', 2);
  const name = nameToken.text;
  if (fileRedirect && name !== 'echo' && !(name === 'cat' && stdin)) {
    throw new CommandError(fileRedirect.target.column, `hairpin: only echo can write to a file ('${fileRedirect.target.text}')`, 2);
  }
  const substituted = raw.words.some((w) => w.expansions?.some((e) => e.kind === 'command'));
  const command = substituted
    ? substitutedCommand(raw, depth)
    : parseSimpleCommand({ text: name, column: nameToken.column }, raw.words.slice(1).map((w) => ({ text: w.text, column: w.column })), raw.end, role, background, fileRedirect, { stdin, stdinFile });
  const simple: Simple<Command> = { command, column: raw.column, discardStdout, discardStderr };
  if (stderrToStdout) simple.stderrToStdout = true;
  return simple;
}

/**
 * Parses one simple command by its tool's entry and checks it may run in this role. Also what
 * a substituted command goes through once its `$(…)` have run.
 */
export function parseSimpleCommand(name: Word, words: Word[], end: number, role: Role, background: boolean, fileRedirect?: { target: Word; append: boolean }, input: { stdin?: HereDocument; stdinFile?: Word } = {}): Command {
  const tool = toolNamed(name.text);
  if (!tool) throw new CommandError(name.column, `hairpin: unsupported command '${name.text}'`, 127);
  if ((input.stdin || input.stdinFile) && !READS_STDIN.has(name.text)) {
    throw new CommandError(name.column, `hairpin: ${name.text} does not read its input here: only iptables-restore, ip6tables-restore, ipvsadm -R, ipset restore, nft -f - and cat > FILE read a here-document or < FILE`, 2);
  }
  const command = tool.parse(words, { name: name.text, column: name.column, end, role, ...(fileRedirect ? { fileRedirect } : {}), ...(input.stdin ? { stdin: input.stdin } : {}), ...(input.stdinFile ? { stdinFile: input.stdinFile } : {}) });
  checkRole(command, tool.role(command), role, background, name.column, `${name.text} ${words[0]?.text ?? ''}`.trim());
  return command;
}

/** The commands whose standard input the simulator reads. */
const READS_STDIN = new Set(['iptables-restore', 'ip6tables-restore', 'ip6tables-nft-restore', 'ip6tables-legacy-restore', 'ipvsadm', 'ipset', 'nft', 'cat']);

function checkRole(command: Command, toolRole: ToolRole, role: Role, background: boolean, column: number, shown: string): void {
  if (toolRole === 'service') {
    if (!background) {
      throw new CommandError(column, `hairpin: '${command.kind === 'nc-listen' ? 'nc -l' : command.kind === 'http-server' ? 'python3 -m http.server' : 'dnsmasq'}' runs until killed; end the line with '&' to start it in the background`, 2);
    }
    return;
  }
  if (role === 'config' && toolRole === 'traffic') {
    throw new CommandError(column, `hairpin: '${shown}' sends traffic; run it as a flow, not in a device's config`, 2);
  }
  if (role === 'config' && toolRole === 'output') {
    throw new CommandError(column, command.kind === 'echo' ? "hairpin: echo without '> FILE' prints nothing the simulator uses" : `hairpin: '${shown}' only prints; run it as a flow, not in a device's config`, 2);
  }
  if (role === 'flow' && toolRole === 'config') {
    throw new CommandError(column, `hairpin: '${shown}' changes the configuration; put it in the device's config`, 2);
  }
}

/** What a command inside `$(…)` may be: it runs for its output, so it must not change anything. */
export function readsOnly(command: Command): boolean {
  if (command.kind === 'substituted' || command.kind === 'dig' || command.kind === 'host') return true;
  const role = roleOf(command);
  return role === 'read' || role === 'output';
}

/** A command whose words hold `$(…)`: each substitution is parsed now (a flow line that only reads); the command, once they ran. */
function substitutedCommand(raw: RawSimple, depth: number): Command {
  const nameToken = raw.words[0]!;
  if (nameToken.expansions?.some((e) => e.kind === 'command')) {
    throw new CommandError(nameToken.column, 'hairpin: a command name from $(…) is not simulated: write the command', 2);
  }
  const words: SubstitutedWord[] = raw.words.slice(1).map((w) => substitutedWord(w, depth));
  return { kind: 'substituted', name: { text: nameToken.text, column: nameToken.column }, words, end: raw.end };
}

function substitutedWord(w: WordToken, depth: number): SubstitutedWord {
  const substitutions: SubstitutedWord['substitutions'] = [];
  for (const e of w.expansions ?? []) {
    if (e.kind !== 'command') continue;
    if (e.inner === undefined || e.start === undefined || e.end === undefined) {
      throw new CommandError(e.column, 'hairpin: command substitution with backquotes (`…`) is not simulated: write $(…)', 2);
    }
    if (depth + 1 > MAX_SUBSTITUTION_DEPTH) throw new CommandError(e.column, `hairpin: $(…) nested deeper than ${MAX_SUBSTITUTION_DEPTH} is not simulated`, 2);
    const inner = parseLine(e.inner, 0, 'flow', depth + 1) as ParsedLine<FlowCommand>;
    // Columns inside $(…) count from the line's start, as everywhere else.
    const offset = e.column + 1;
    if (!inner.ok) throw new CommandError(inner.error.column + offset, inner.error.message, inner.error.exitStatus);
    for (const andOr of inner.list) {
      if (andOr.background) throw new CommandError(e.column, "hairpin: '&' inside $(…) is not simulated", 2);
      for (const p of [andOr.first, ...andOr.rest.map((r) => r.cmd)]) {
        for (const s of [...(p.upstream ?? []), p]) {
          if (!readsOnly(s.command)) {
            throw new CommandError(s.column + offset, `hairpin: $(…) runs here only commands that read (ip … show/get, dig, host, cat, grep, echo, printf…): '${e.inner.slice(s.column - 1).split(/\s+/).slice(0, 2).join(' ')}' would ${s.command.kind.endsWith('flush') || s.command.kind === 'conntrack' ? 'change state' : 'send traffic'}`, 2);
          }
        }
      }
    }
    substitutions.push({ start: e.start, end: e.end, quoted: e.quoted ?? false, inner });
  }
  return { text: w.text, column: w.column, substitutions };
}
