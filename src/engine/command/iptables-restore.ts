import { AF_INET6 } from '../addr/family';
import { CommandError } from './args';
import { parseIptables } from './iptables';
import { IPTABLES_BANNER, ip6tablesWording } from './iptables-values';
import { lex } from './lexer';
import { parseConfigLine } from './parse';
import type { ConfigCommand, IptTable, IptablesRestoreCommand, IptablesRestoreTable, LineError, ParsedLine, Word } from './types';

/**
 * iptables-restore input (what iptables-save prints): `*table`, `:CHAIN POLICY [p:b]`,
 * rule lines without -t, `COMMIT`, `#` comments. Also config scripts that feed it through a
 * here-document: `iptables-restore <<'EOF'` ... `EOF`.
 */

const TABLES: IptTable[] = ['filter', 'nat', 'mangle', 'raw', 'security'];
const RESTORE_BANNER = IPTABLES_BANNER.replace('iptables', 'iptables-restore');

function restoreError(line: number, column: number, message: string, exitStatus = 1): LineError {
  return { line, column, message, exitStatus };
}

/** Parses a whole block; `firstLine` numbers its first line (as in the scenario's config). */
export function parseIptablesRestore(
  lines: readonly string[], firstLine: number, noflush = false, family?: typeof AF_INET6,
): { ok: true; command: IptablesRestoreCommand } | { ok: false; error: LineError } {
  const parsed = parseRestoreInput(lines, firstLine, noflush, family);
  if (parsed.ok || !family) return parsed;
  // ip6tables-restore says the same in its own name.
  return { ok: false, error: { ...parsed.error, message: ip6tablesWording(parsed.error.message) } };
}

function parseRestoreInput(
  lines: readonly string[], firstLine: number, noflush: boolean, family: typeof AF_INET6 | undefined,
): { ok: true; command: IptablesRestoreCommand } | { ok: false; error: LineError } {
  const tables: IptablesRestoreTable[] = [];
  let current: IptablesRestoreTable | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = firstLine + i;
    const inputLine = i + 1;
    const text = lines[i]!;
    const trimmed = text.trim();
    const column = text.length - text.trimStart().length + 1;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('*')) {
      const name = trimmed.slice(1).trim();
      if (current) return { ok: false, error: restoreError(lineNo, column, `iptables-restore: line ${inputLine} failed`) };
      if (!TABLES.includes(name as IptTable)) {
        return { ok: false, error: restoreError(lineNo, column + 1, `iptables-restore: unable to initialize table '${name}'\n\nError occurred at line: ${inputLine}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.`, 2) };
      }
      current = { table: name as IptTable, chains: [], commands: [] };
      continue;
    }
    if (!current) return { ok: false, error: restoreError(lineNo, column, `iptables-restore: line ${inputLine} failed`) };
    if (trimmed === 'COMMIT') {
      tables.push(current);
      current = undefined;
      continue;
    }
    if (trimmed.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[\d+:\d+\])?$/.exec(trimmed);
      if (!m) return { ok: false, error: restoreError(lineNo, column, `iptables-restore: line ${inputLine} failed`) };
      current.chains.push({ chain: m[1]!, policy: m[2]!, line: lineNo });
      continue;
    }
    const lexed = lex(text);
    if (!lexed.ok) return { ok: false, error: restoreError(lineNo, lexed.error.column, `iptables-restore: line ${inputLine} failed`) };
    const words: Word[] = [];
    for (const token of lexed.tokens) {
      if (token.kind !== 'word') return { ok: false, error: restoreError(lineNo, token.column, `iptables-restore: line ${inputLine} failed`) };
      // iptables-save writes counters as a leading "[p:b]".
      if (words.length === 0 && /^\[\d+:\d+\]$/.test(token.text)) continue;
      words.push({ text: token.text, column: token.column });
    }
    try {
      const command = parseIptables(words, text.length + 1, { restoreTable: current.table, restoreLine: inputLine, ...(family ? { family } : {}) });
      current.commands.push({ command, line: lineNo, inputLine });
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      const message = e.message.replace(IPTABLES_BANNER, RESTORE_BANNER).replace(
        /\nTry `iptables -h' or 'iptables --help' for more information\.$/,
        `\nError occurred at line: ${inputLine}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.`,
      );
      return { ok: false, error: restoreError(lineNo, e.column, message, e.exitStatus) };
    }
  }
  if (current) {
    return { ok: false, error: restoreError(firstLine + lines.length - 1, 1, `iptables-restore: COMMIT expected at line ${lines.length + 1}`) };
  }
  return { ok: true, command: { kind: 'iptables-restore', ...(family ? { family } : {}), tables, noflush } };
}

const HEREDOC = /^\s*(?:iptables|(ip6tables(?:-nft|-legacy)?))-restore((?:\s+(?:-n|--noflush))*)\s*<<(-?)\s*(['"]?)(\w+)\4\s*$/;

/**
 * A device's whole config: each line parsed with parseConfigLine, except that an
 * `iptables-restore <<EOF` line takes the following lines up to EOF as its input.
 */
export function parseConfigScript(lines: readonly string[]): ParsedLine<ConfigCommand>[] {
  const out: ParsedLine<ConfigCommand>[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const m = HEREDOC.exec(lines[i]!);
    if (!m) {
      out.push(parseConfigLine(lines[i]!, lineNo));
      continue;
    }
    const stripTabs = m[3] === '-';
    const delimiter = m[5]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && (stripTabs ? lines[j]!.replace(/^\t+/, '') : lines[j]) !== delimiter) {
      body.push(stripTabs ? lines[j]!.replace(/^\t+/, '') : lines[j]!);
      j++;
    }
    if (j >= lines.length) {
      out.push({ ok: false, error: { line: lineNo, column: lines[i]!.indexOf('<<') + 1, message: `bash: warning: here-document at line ${lineNo} delimited by end-of-file (wanted \`${delimiter}')`, exitStatus: 2 } });
      break;
    }
    const noflush = /-n|--noflush/.test(m[2]!);
    const parsed = parseIptablesRestore(body, lineNo + 1, noflush, m[1] ? AF_INET6 : undefined);
    if (!parsed.ok) out.push({ ok: false, error: parsed.error });
    else {
      const column = lines[i]!.length - lines[i]!.trimStart().length + 1;
      out.push({ ok: true, line: lineNo, list: [{ first: { command: parsed.command, column, discardStdout: false, discardStderr: false }, rest: [], background: false }] });
    }
    i = j;
  }
  return out;
}
