import { CommandError, matches } from './args';
import type { Command, Word } from './types';

/*
 * The commands that name a device's network namespaces: `ip netns add|del|list|exec`
 * (iproute2 ip/ipnetns.c), `ip -n NAME …`, `ip link set DEV netns NAME` and
 * `nsenter --net=/var/run/netns/NAME …` (util-linux). A command run in a namespace is
 * parsed as it would be anywhere; which namespace it runs in is known only when it runs.
 */

export interface IpNetnsCommand {
  kind: 'ip-netns';
  op: 'add' | 'del' | 'list';
  name?: Word;
}

/** A command run in a named namespace: `ip netns exec`, `ip -n` or `nsenter --net`. */
export interface NetnsExecCommand {
  kind: 'netns-exec';
  ns: Word;
  /** Who opens the namespace: its message when there is none differs. */
  via: 'ip' | 'nsenter';
  /** nsenter's path as given, for its message. */
  path?: string;
  command: Command;
}

/** `ip link set DEV netns NAME`. */
export interface IpLinkSetNetns {
  kind: 'ip-link-netns';
  dev: Word;
  ns: Word;
}

export type NetnsCommand = IpNetnsCommand | NetnsExecCommand | IpLinkSetNetns;

/** Parses the command a namespace runs: its name word and the words after it. */
export type InnerParser = (name: Word, words: Word[]) => Command;

const noName = (column: number) => new CommandError(column, 'No netns name specified', 1);

/** ipnetns.c's netns_name_is_valid (with 6.1's check that it is a single path component). */
function checkName(word: Word): void {
  if (word.text.includes('/') || word.text === '.' || word.text === '..' || word.text.length === 0) {
    throw new CommandError(word.column, `Invalid netns name "${word.text}"`, 255);
  }
}

/** ip.c main's options whose value is the next word (-force, -resolve and -brief share their first letters). */
function takesValue(opt: string): boolean {
  if (opt === '-force') return false;
  return matches(opt, '-family') || matches(opt, '-loops') || (opt.length >= 3 && (matches(opt, '-rcvbuf') || matches(opt, '-batch')));
}

/** The `ip` command lines this file parses; undefined for any other `ip` line. */
export function parseIpNetnsForms(words: Word[], end: number, inner: InnerParser): Command | undefined {
  const first = words[0];
  if (!first) return undefined;
  // ip [OPTIONS] -n NAME …: the rest, with the other options, is an ip command run in that namespace.
  for (let i = 0; i < words.length && words[i]!.text.startsWith('-') && words[i]!.text.length > 1; i++) {
    const opt = words[i]!.text.startsWith('--') ? words[i]!.text.slice(1) : words[i]!.text;
    // Options that take the next word as their value (ip.c main).
    if (takesValue(opt)) i++;
    if (!matches(opt, '-netns')) continue;
    const ns = words[i + 1];
    if (!ns) throw new CommandError(end, 'Command line is not complete. Try option "help"', 255);
    const rest = [...words.slice(0, i), ...words.slice(i + 2)];
    return { kind: 'netns-exec', ns, via: 'ip', command: inner({ text: 'ip', column: words[i]!.column }, rest) };
  }
  if (matches(first.text, 'netns') && first.text.length >= 2) return parseIpNetns(first, words.slice(1), end, inner);
  // ip link set [dev] DEV netns NAME
  if (words.length >= 4 && matches(first.text, 'link') && (matches(words[1]!.text, 'set') || matches(words[1]!.text, 'change'))) {
    const rest = words[2]!.text === 'dev' ? words.slice(3) : words.slice(2);
    if (rest.length === 3 && rest[1]!.text === 'netns') return { kind: 'ip-link-netns', dev: rest[0]!, ns: rest[2]! };
  }
  return undefined;
}

function parseIpNetns(object: Word, words: Word[], end: number, inner: InnerParser): Command {
  const sub = words[0];
  if (!sub) return { kind: 'ip-netns', op: 'list' };
  const t = sub.text;
  const name = words[1];
  if (matches(t, 'list') || matches(t, 'show') || matches(t, 'lst')) return { kind: 'ip-netns', op: 'list' };
  if (matches(t, 'add') || matches(t, 'delete')) {
    if (!name) throw noName(end);
    checkName(name);
    return { kind: 'ip-netns', op: matches(t, 'add') ? 'add' : 'del', name };
  }
  if (matches(t, 'exec')) {
    if (!name) throw noName(end);
    const cmd = words[2];
    if (!cmd) throw new CommandError(end, 'No command specified', 1);
    return { kind: 'netns-exec', ns: name, via: 'ip', command: inner(cmd, words.slice(3)) };
  }
  const known = ['list-id', 'help', 'set', 'identify', 'pids', 'monitor', 'attach'].find((k) => matches(t, k));
  if (known) throw new CommandError(sub.column, `hairpin: unsupported command 'ip netns ${known}'`, 2);
  throw new CommandError(object.column, `Command "${t}" is unknown, try "ip netns help".`, 255);
}

/** `nsenter --net=PATH CMD…` / `nsenter -nPATH CMD…`, for a namespace `ip netns add` named. */
export function parseNsenter(words: Word[], at: { column: number; end: number }, inner: InnerParser): NetnsExecCommand {
  let path: Word | undefined;
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w.text === '--') {
      i++;
      break;
    }
    if (!w.text.startsWith('-')) break;
    const long = /^--net(?:=(.*))?$/.exec(w.text);
    const short = /^-n(.*)$/.exec(w.text);
    const value = long ? long[1] : short ? short[1] : null;
    if (value === null) throw new CommandError(w.column, `hairpin: nsenter option '${w.text}' is not supported (only --net=/var/run/netns/NAME)`, 2);
    // An optional argument must be attached: `--net` alone means the target process's namespace.
    if (!value) throw new CommandError(w.column, 'nsenter: neither filename nor target pid supplied for ns/net', 1);
    path = { text: value, column: w.column };
  }
  if (!path) throw new CommandError(at.column, 'hairpin: nsenter needs --net=/var/run/netns/NAME', 2);
  const m = /^(?:\/var)?\/run\/netns\/([^/]+)$/.exec(path.text);
  if (!m) throw new CommandError(path.column, `hairpin: nsenter only enters namespaces ip netns named (/var/run/netns/NAME), not '${path.text}'`, 2);
  const cmd = words[i];
  // With no command nsenter runs $SHELL: nothing a line could use.
  if (!cmd) throw new CommandError(at.end, 'hairpin: nsenter needs a command to run', 2);
  return { kind: 'netns-exec', ns: { text: m[1]!, column: path.column }, via: 'nsenter', path: path.text, command: inner(cmd, words.slice(i + 1)) };
}
