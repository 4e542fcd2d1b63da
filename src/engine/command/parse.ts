import { Args, CommandError } from './args';
import { parseCat, parseEchoRedirect, parseSysctl } from './files';
import { parsePython } from './http-server';
import { parseIp } from './ip';
import { parseIptables } from './iptables';
import { lex } from './lexer';
import { parseBridge, parseConntrack, parseDnsmasq } from './services';
import { refuseUnsimulatedShell, splitShellList, type RawSimple } from './shell';
import { parseArping, parseCurl, parseDig, parseHost, parseNc, parsePing, parseSleep, parseTraceroute } from './tools';
import type { AndOrList, Command, ConfigCommand, FlowCommand, LineError, ParsedLine, ShellList, Simple, Word } from './types';

/**
 * One line of text → typed commands. A config line is a line of a device's root shell
 * script; a flow line is a command a lesson runs. Both accept shell lists (`a && b; c &`).
 */

export function parseConfigLine(line: string, lineNo: number): ParsedLine<ConfigCommand> {
  return parseLine(line, lineNo, 'config') as ParsedLine<ConfigCommand>;
}

export function parseFlowLine(line: string): ParsedLine<FlowCommand> {
  return parseLine(line, 0, 'flow') as ParsedLine<FlowCommand>;
}

type Role = 'config' | 'flow';

function parseLine(line: string, lineNo: number, role: Role): ParsedLine<Command> {
  const lexed = lex(line);
  if (!lexed.ok) return { ok: false, error: { line: lineNo, column: lexed.error.column, message: lexed.error.message, exitStatus: 2 } };
  try {
    const raw = splitShellList(lexed.tokens, line.length + 1);
    refuseUnsimulatedShell(lexed.tokens, role);
    const list: ShellList<Command> = raw.map((andOr): AndOrList<Command> => {
      const first = toSimple(andOr.first, role, andOr.background && andOr.rest.length === 0);
      const rest = andOr.rest.map(({ op, cmd }, i) => ({ op, cmd: toSimple(cmd, role, andOr.background && i === andOr.rest.length - 1) }));
      return { first, rest, background: andOr.background };
    });
    return { ok: true, line: lineNo, list };
  } catch (e) {
    if (e instanceof CommandError) return { ok: false, error: lineError(e, lineNo) };
    throw e;
  }
}

function lineError(e: CommandError, line: number): LineError {
  return { line, column: e.column, message: e.message, exitStatus: e.exitStatus };
}

function toSimple(raw: RawSimple, role: Role, background: boolean): Simple<Command> {
  let discardStdout = false;
  let discardStderr = false;
  let fileRedirect: { target: Word; append: boolean } | undefined;
  for (const { token, target } of raw.redirects) {
    if (token.mode === 'dup') {
      if (token.fd === 2 && token.dupTo === 1) discardStderr = discardStdout;
      else if (token.fd === 1 && token.dupTo === 2) discardStdout = discardStderr;
      else throw new CommandError(token.column, `hairpin: redirection ${token.fd}>&${token.dupTo} is not supported`, 2);
      continue;
    }
    if (target!.text === '/dev/null' && token.mode !== 'read') {
      if (token.fd === 1) discardStdout = true;
      else if (token.fd === 2) discardStderr = true;
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
  const words: Word[] = raw.words.slice(1).map((w) => ({ text: w.text, column: w.column }));
  if (fileRedirect && name !== 'echo') {
    throw new CommandError(fileRedirect.target.column, `hairpin: only echo can write to a file ('${fileRedirect.target.text}')`, 2);
  }
  const command = dispatch(name, words, raw, fileRedirect);
  checkRole(command, role, background, nameToken.column, `${name} ${words[0]?.text ?? ''}`.trim());
  return { command, column: raw.column, discardStdout, discardStderr };
}

function dispatch(name: string, words: Word[], raw: RawSimple, fileRedirect: { target: Word; append: boolean } | undefined): Command {
  const column = raw.words[0]!.column;
  switch (name) {
    case 'ip': return parseIp(new Args(words, raw.end), column);
    case 'iptables': case 'iptables-nft': case 'iptables-legacy': return parseIptables(words, raw.end);
    case 'sysctl': return parseSysctl(words, column);
    case 'echo':
      if (!fileRedirect) throw new CommandError(column, "hairpin: echo without '> FILE' prints nothing the simulator uses", 2);
      return parseEchoRedirect(words, fileRedirect.target, fileRedirect.append);
    case 'cat': return parseCat(words, column);
    case 'nc': case 'netcat': case 'nc.openbsd': return parseNc(words, column);
    case 'dnsmasq': return parseDnsmasq(words);
    case 'python3': return parsePython(words, column);
    case 'ping': return parsePing(words, column);
    case 'curl': return parseCurl(words, column);
    case 'dig': return parseDig(words);
    case 'host': return parseHost(words, column);
    case 'traceroute': return parseTraceroute(words, column);
    case 'arping': return parseArping(words, column);
    case 'sleep': return parseSleep(words, column);
    case 'true': case ':': return { kind: 'true' };
    case 'false': return { kind: 'false' };
    case 'conntrack': return parseConntrack(words, column);
    case 'bridge': return parseBridge(words, column);
    case 'iptables-restore':
      throw new CommandError(column, "hairpin: give iptables-restore its input as a here-document (iptables-restore <<'EOF' ... EOF) in the config", 2);
    default:
      throw new CommandError(column, `hairpin: unsupported command '${name}'`, 127);
  }
}

/** Commands that change the box: config only. Commands that observe or send traffic: flows. */
function isConfiguration(command: Command): boolean {
  switch (command.kind) {
    // The flushes are what a lesson runs to reset state between steps: allowed in flows too.
    case 'ip-addr': case 'ip-link-set': case 'ip-route':
    case 'ip-rule': case 'ip-neigh': case 'file-write': case 'iptables-restore': case 'dnsmasq':
      return true;
    case 'sysctl': return command.writes.length > 0;
    case 'iptables': return !['list', 'list-rules', 'check'].includes(command.action.op);
    default: return false;
  }
}

function isTraffic(command: Command): boolean {
  return ['ping', 'nc-connect', 'curl', 'dig', 'host', 'traceroute', 'arping'].includes(command.kind);
}

function checkRole(command: Command, role: Role, background: boolean, column: number, shown: string): void {
  if (command.kind === 'nc-listen' || command.kind === 'http-server' || (command.kind === 'dnsmasq' && command.foreground)) {
    if (!background) {
      throw new CommandError(column, `hairpin: '${command.kind === 'nc-listen' ? 'nc -l' : command.kind === 'http-server' ? 'python3 -m http.server' : 'dnsmasq'}' runs until killed; end the line with '&' to start it in the background`, 2);
    }
    return;
  }
  if (role === 'config' && isTraffic(command)) {
    throw new CommandError(column, `hairpin: '${shown}' sends traffic; run it as a flow, not in a device's config`, 2);
  }
  if (role === 'flow' && isConfiguration(command)) {
    throw new CommandError(column, `hairpin: '${shown}' changes the configuration; put it in the device's config`, 2);
  }
}
