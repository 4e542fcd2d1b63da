import { parseBrportWrite, type BridgeLinkSet } from './bridge-link';
import { parseIp4, type Ip4 } from '../addr/ipv4';
import { CommandError } from './args';
import type { HereDocument } from './lexer';
import type { CatCommand, FileWriteCommand, HostsEntry, SysctlCommand, TextFileCommand, Word } from './types';

/** sysctl (procps-ng), `echo ... > FILE` for /proc/sys and the config files, and `cat`. */

/** procps' key normalisation: a key written with slashes swaps `/` and `.` (eth0.100 stays whole). */
export function normalizeSysctlKey(key: string): string {
  const bare = key.replace(/^\/?(proc\/sys\/)?/, '');
  const firstSeparator = bare.search(/[./]/);
  if (firstSeparator < 0 || bare[firstSeparator] !== '/') return key;
  return bare.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
}

/**
 * A sysctl.conf / sysctl.d file as procps-ng 4.0.2 reads it: `#` and `;` comments and blank
 * lines skipped, `key = value` trimmed (slashes in the key swapped), a line with no `=` an
 * error by its 1-based number. A leading `-` (ignore failures) is read, but 4.0.2 still
 * reports the failure (tried).
 */
export function sysctlFileSettings(text: string): { settings: { key: string; value: string }[]; badLines: number[] } {
  const settings: { key: string; value: string }[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const eq = line.indexOf('=');
    if (eq < 0) return void badLines.push(i + 1);
    settings.push({ key: normalizeSysctlKey(line.slice(0, eq).trim().replace(/^-/, '')), value: line.slice(eq + 1).trim() });
  });
  return { settings, badLines };
}

/** The files `sysctl -p [FILE…]` or `--system` reads, given the text files a device has (sysctl.d by name, then sysctl.conf). */
export function sysctlLoadedPaths(load: Word[] | 'system', paths: Iterable<string>): Word[] {
  if (load !== 'system') return load.length ? load : [{ text: '/etc/sysctl.conf', column: 0 }];
  const all = [...paths];
  const dropIns = all.filter((p) => p.startsWith('/etc/sysctl.d/')).sort();
  return [...dropIns, ...(all.includes('/etc/sysctl.conf') ? ['/etc/sysctl.conf'] : [])].map((text) => ({ text, column: 0 }));
}

export function parseSysctl(words: readonly Word[], column: number): SysctlCommand {
  const command: SysctlCommand = { kind: 'sysctl', writes: [], reads: [], via: 'sysctl', quiet: false, valuesOnly: false };
  let write = false;
  const load = (files: Word[] | 'system') => {
    if (files === 'system') command.load = 'system';
    else if (command.load !== 'system') command.load = [...(command.load ?? []), ...files];
  };
  let wantsPattern = false;
  for (const w of words) {
    if (wantsPattern) {
      command.pattern = { source: w.text, column: w.column };
      wantsPattern = false;
      continue;
    }
    if (w.text.startsWith('--') && w.text.length > 2) {
      const [name, value] = w.text.includes('=') ? [w.text.slice(0, w.text.indexOf('=')), w.text.slice(w.text.indexOf('=') + 1)] : [w.text, undefined];
      if (name === '--write') write = true;
      else if (name === '--quiet') command.quiet = true;
      else if (name === '--values') command.valuesOnly = true;
      else if (name === '--ignore') command.ignoreUnknown = true;
      else if (name === '--names') command.namesOnly = true;
      else if (name === '--all') command.all = true;
      else if (name === '--pattern') {
        if (value === undefined) wantsPattern = true;
        else command.pattern = { source: value, column: w.column + name.length + 1 };
      }
      else if (name === '--system') load('system');
      else if (name === '--load') load(value === undefined ? [] : [{ text: value, column: w.column + name.length + 1 }]);
      else throw new CommandError(w.column, `hairpin: sysctl option '${name}' is not supported`, 2);
      continue;
    }
    if (w.text.startsWith('-') && w.text.length > 1) {
      const letters = w.text.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const letter = letters[k]!;
        if (letter === 'w') write = true;
        else if (letter === 'q') command.quiet = true;
        else if (letter === 'n') command.valuesOnly = true;
        else if (letter === 'e') command.ignoreUnknown = true;
        else if (letter === 'N') command.namesOnly = true;
        else if (letter === 'a' || letter === 'A' || letter === 'X') command.all = true;
        else if (letter === 'r') {
          // -rPATTERN or -r PATTERN.
          const rest = letters.slice(k + 1);
          if (rest) command.pattern = { source: rest, column: w.column + k + 2 };
          else wantsPattern = true;
          break;
        }
        else if (letter === 'p') {
          // -pFILE: the rest of the word is a file.
          const rest = letters.slice(k + 1);
          load(rest ? [{ text: rest, column: w.column + k + 2 }] : []);
          break;
        } else throw new CommandError(w.column, `hairpin: sysctl option '-${letter}' is not supported`, 2);
      }
      continue;
    }
    // After -p every argument is a file to load (procps: Preload for each remaining argument).
    if (command.load !== undefined) {
      if (command.load !== 'system') command.load.push(w);
      continue;
    }
    const eq = w.text.indexOf('=');
    if (eq < 0) {
      // With -w every argument must be an assignment; without, a bare key is a read.
      if (write) throw new CommandError(w.column, 'sysctl: command line(0): invalid syntax, continuing...', 1);
      command.reads.push({ key: normalizeSysctlKey(w.text), column: w.column });
    } else {
      const key = w.text.slice(0, eq).trim();
      if (key === '') throw new CommandError(w.column, `sysctl: malformed setting "${w.text}"`, 1);
      command.writes.push({ key: normalizeSysctlKey(key), value: w.text.slice(eq + 1).trim(), column: w.column });
    }
  }
  // procps-ng 4.0.2 prints its usage to stdout and exits 0 here (tried).
  if (wantsPattern) return { ...command, usage: "sysctl: option requires an argument -- 'r'" };
  if (command.load === undefined && !command.all && command.writes.length === 0 && command.reads.length === 0) {
    throw new CommandError(column, "sysctl: no variables specified\nTry `sysctl --help' for more information.", 1);
  }
  return command;
}

/** echo's words joined as it prints them, with its -n / -e handling. */
export function echoText(words: readonly Word[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  while (i < words.length && /^-[neE]+$/.test(words[i]!.text)) {
    const flags = words[i]!.text;
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
    i++;
  }
  let text = words.slice(i).map((w) => w.text).join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  return newline ? `${text}\n` : text;
}

/**
 * `echo TEXT > FILE` / `>> FILE`. /proc/sys paths become sysctl writes; the three config
 * files are parsed the way their readers read them; other files are refused.
 */
export function parseEchoRedirect(words: readonly Word[], target: Word, append: boolean): SysctlCommand | FileWriteCommand | TextFileCommand | BridgeLinkSet {
  return parseFileWrite(echoText(words), target, append);
}

/** Files the simulator keeps as text for the tools that read them later (sysctl -p, iptables-restore FILE, nft -f FILE). */
const TEXT_FILE = /^\/etc\/(?:sysctl\.conf|sysctl\.d\/[A-Za-z0-9_][A-Za-z0-9_.@-]*\.conf|iptables\/rules\.v4|nftables\.conf|nftables\.d\/[A-Za-z0-9_][A-Za-z0-9_.@-]*\.nft)$/;

export function isTextFile(path: string): boolean {
  return TEXT_FILE.test(path);
}

/** TEXT written to a file by `echo … > FILE` or `cat > FILE <<EOF`. */
export function parseFileWrite(text: string, target: Word, append: boolean): SysctlCommand | FileWriteCommand | TextFileCommand | BridgeLinkSet {
  const path = target.text;
  if (TEXT_FILE.test(path)) return { kind: 'text-file', path, append, text };
  const brport = parseBrportWrite(text, target);
  if (brport) return brport;
  if (path.startsWith('/proc/sys/')) {
    const key = normalizeSysctlKey(path.slice('/proc/sys/'.length));
    return { kind: 'sysctl', writes: [{ key, value: text.trim(), column: target.column }], reads: [], via: 'proc', quiet: true, valuesOnly: false };
  }
  // One file of the namespace's own xt_recent directory; a lab writes it with bash, so no other path may pass.
  const list = path.startsWith('/proc/net/xt_recent/') ? path.slice('/proc/net/xt_recent/'.length) : undefined;
  if (list !== undefined && /^[^/]+$/.test(list) && list !== '.' && list !== '..') {
    return { kind: 'file-write', file: path as `/proc/net/xt_recent/${string}`, list, append, text };
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (path === '/etc/iproute2/rt_tables') {
    const entries: { id: number; name: string }[] = [];
    for (const line of lines) {
      if (line.trim().startsWith('#')) continue;
      // iproute2 reads "%d %s" or "0x%x %s"; anything else makes it complain later.
      const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(\S+)/.exec(line);
      if (!m) throw new CommandError(target.column, `hairpin: '${line}' is not an rt_tables line ("NUMBER NAME")`, 2);
      entries.push({ id: Number(m[1]), name: m[2]! });
    }
    return { kind: 'file-write', file: path, append, text, entries };
  }
  if (path === '/etc/hosts') {
    const entries: HostsEntry[] = [];
    for (const line of lines) {
      const fields = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
      if (fields.length === 0) continue;
      const address = parseIp4(fields[0]!);
      // glibc skips lines whose address it cannot parse; IPv6 ones are ignored by an IPv4 box.
      if (address === undefined || fields.length < 2) continue;
      entries.push({ address, names: fields.slice(1) });
    }
    return { kind: 'file-write', file: path, append, text, entries };
  }
  if (path === '/etc/resolv.conf') {
    const nameservers: Ip4[] = [];
    for (const line of lines) {
      const m = /^\s*nameserver\s+(\S+)/.exec(line);
      const ip = m ? parseIp4(m[1]!) : undefined;
      if (ip !== undefined) nameservers.push(ip);
    }
    return { kind: 'file-write', file: path, append, text, nameservers, lines };
  }
  throw new CommandError(target.column, `hairpin: writing to '${path}' is not simulated`, 2);
}

/** `cat > FILE <<EOF`: the here-document's lines, written to FILE. */
export function parseCatHereDocument(words: readonly Word[], at: { column: number; stdin?: HereDocument; fileRedirect?: { target: Word; append: boolean } }): SysctlCommand | FileWriteCommand | TextFileCommand | BridgeLinkSet | CatCommand {
  if (!at.stdin) return parseCat(words, at.column);
  if (words.length) throw new CommandError(words[0]!.column, 'hairpin: cat reads its files here, not the here-document: write cat > FILE <<EOF', 2);
  if (!at.fileRedirect) throw new CommandError(at.column, "hairpin: cat <<EOF without '> FILE' prints nothing the simulator uses", 2);
  return parseFileWrite(at.stdin.lines.map((l) => `${l}\n`).join(''), at.fileRedirect.target, at.fileRedirect.append);
}

export function parseCat(words: readonly Word[], column: number): CatCommand {
  if (words.length === 0) throw new CommandError(column, 'hairpin: cat needs a file (it would wait for input)', 2);
  return { kind: 'cat', paths: [...words] };
}
