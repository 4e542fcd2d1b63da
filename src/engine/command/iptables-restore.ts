import { AF_INET6 } from '../addr/family';
import { CommandError } from './args';
import { isTextFile } from './files';
import { parseIptables } from './iptables';
import { IPTABLES_BANNER, ip6tablesWording } from './iptables-values';
import { hereDocumentPlace, lex, type HereDocument, type Token } from './lexer';
import type { ParseSite } from './registry';
import type { IptTable, IptablesRestoreCommand, IptablesRestoreTable, LineError, Word } from './types';

/**
 * iptables-restore input (what iptables-save prints): `*table`, `:CHAIN POLICY [p:b]`,
 * rule lines without -t, `COMMIT`, `#` comments; and the command's own options.
 */

const TABLES: IptTable[] = ['filter', 'nat', 'mangle', 'raw', 'security'];
const RESTORE_BANNER = IPTABLES_BANNER.replace('iptables', 'iptables-restore');

function restoreError(line: number, column: number, message: string, exitStatus = 1): LineError {
  return { line, column, message, exitStatus };
}

/**
 * Parses a whole block; `firstLine` numbers its first line (as in the scenario's config).
 * iptables-restore (nft) sends each table to the kernel at its COMMIT: when a line fails, the
 * tables committed before it stay applied (`tables` holds them), the failing one applies nothing.
 */
export function parseIptablesRestore(
  lines: readonly string[], firstLine: number, noflush = false, typed: Pick<HereDocument, 'indents' | 'joins'> = { indents: [] }, family?: typeof AF_INET6,
): { ok: true; command: IptablesRestoreCommand } | { ok: false; error: LineError; tables: IptablesRestoreTable[] } {
  const parsed = parseRestoreInput(lines, firstLine, noflush, typed, family);
  if (parsed.ok || !family) return parsed;
  // ip6tables-restore says the same in its own name.
  return { ...parsed, error: { ...parsed.error, message: ip6tablesWording(parsed.error.message) } };
}

function parseRestoreInput(
  lines: readonly string[], firstLine: number, noflush: boolean, typed: Pick<HereDocument, 'indents' | 'joins'>, family: typeof AF_INET6 | undefined,
): { ok: true; command: IptablesRestoreCommand } | { ok: false; error: LineError; tables: IptablesRestoreTable[] } {
  const tables: IptablesRestoreTable[] = [];
  const fail = (error: LineError) => ({ ok: false as const, error, tables });
  let current: IptablesRestoreTable | undefined;
  for (let i = 0; i < lines.length; i++) {
    const inputLine = i + 1;
    // Lines and columns point into the config as typed (`<<-` removed leading tabs, a `\` joined lines).
    const at = (column: number) => hereDocumentPlace({ firstLine, ...typed }, i, column);
    const lineNo = at(1).line;
    const text = lines[i]!;
    const trimmed = text.trim();
    const column = at(text.length - text.trimStart().length + 1).column;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('*')) {
      const name = trimmed.slice(1).trim();
      if (current) return fail(restoreError(lineNo, column, `iptables-restore: line ${inputLine} failed`));
      if (!TABLES.includes(name as IptTable)) {
        return fail(restoreError(lineNo, column + 1, `iptables-restore: unable to initialize table '${name}'\n\nError occurred at line: ${inputLine}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.`, 2));
      }
      current = { table: name as IptTable, chains: [], commands: [] };
      continue;
    }
    if (!current) return fail(restoreError(lineNo, column, `iptables-restore: line ${inputLine} failed`));
    if (trimmed === 'COMMIT') {
      tables.push(current);
      current = undefined;
      continue;
    }
    if (trimmed.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[\d+:\d+\])?$/.exec(trimmed);
      if (!m) return fail(restoreError(lineNo, column, `iptables-restore: line ${inputLine} failed`));
      current.chains.push({ chain: m[1]!, policy: m[2]!, line: lineNo });
      continue;
    }
    const lexed = lex(text);
    if (!lexed.ok) return fail(restoreError(at(lexed.error.column).line, at(lexed.error.column).column, `iptables-restore: line ${inputLine} failed`));
    const words: Word[] = [];
    let counters: { packets: number; bytes: number } | undefined;
    for (const token of lexed.tokens) {
      if (token.kind !== 'word') return fail(restoreError(at(token.column).line, at(token.column).column, `iptables-restore: line ${inputLine} failed`));
      // iptables-save -c writes counters as a leading "[p:b]".
      const counted = words.length === 0 && !counters ? /^\[(\d+):(\d+)\]$/.exec(token.text) : null;
      if (counted) {
        counters = { packets: Number(counted[1]), bytes: Number(counted[2]) };
        continue;
      }
      words.push({ text: token.text, column: at(token.column).column });
    }
    try {
      const command = parseIptables(words, at(text.length + 1).column, { restoreTable: current.table, restoreLine: inputLine, ...(family ? { family } : {}) });
      current.commands.push({ command, line: lineNo, inputLine, ...(counters ? { counters } : {}) });
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      const message = e.message.replace(IPTABLES_BANNER, RESTORE_BANNER).replace(
        /\nTry `iptables -h' or 'iptables --help' for more information\.$/,
        `\nError occurred at line: ${inputLine}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.`,
      );
      // e.column is already where the word was typed; the line is the one holding it.
      const typedLine = words.find((w) => w.column === e.column) ? lineOfWord(lexed.tokens, words, e.column, at) : lineNo;
      return fail(restoreError(typedLine, e.column, message, e.exitStatus));
    }
  }
  if (current) {
    return fail(restoreError(firstLine + lines.length - 1, 1, `iptables-restore: COMMIT expected at line ${lines.length + 1}`));
  }
  return { ok: true, command: { kind: 'iptables-restore', ...(family ? { family } : {}), tables, noflush, counters: false } };
}

/** The config line of the word typed at `column` (a line bash joined spans several). */
function lineOfWord(tokens: readonly Token[], words: readonly Word[], column: number, at: (column: number) => { line: number; column: number }): number {
  const k = words.findIndex((w) => w.column === column);
  // words skip a leading "[p:b]": count from the end, where tokens and words line up.
  const token = tokens[tokens.length - words.length + k]!;
  return at(token.column).line;
}

/**
 * `iptables-restore [-n] [-c] [-w [SECS]] [-W USECS] [FILE]`, reading a here-document, `< FILE`
 * or FILE. A here-document is parsed now (its failure is carried, to be reported once the tables
 * before it are applied); a file is read when the command runs.
 */
export function parseIptablesRestoreCommand(words: readonly Word[], at: ParseSite, family?: typeof AF_INET6): IptablesRestoreCommand {
  let noflush = false;
  let counters = false;
  let file: (Word & { redirected?: boolean }) | undefined = at.stdinFile ? { ...at.stdinFile, redirected: true } : undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.text === '-n' || w.text === '--noflush') noflush = true;
    else if (w.text === '-c' || w.text === '--counters') counters = true;
    else if (w.text === '-w' || w.text === '--wait') {
      // The lock wait: nft needs no lock; a number of seconds may follow.
      if (/^\d+$/.test(words[i + 1]?.text ?? '')) i++;
    } else if (/^(-w|--wait=)\d+$/.test(w.text)) continue;
    else if (w.text === '-W' || w.text === '--wait-interval') i++;
    else if (w.text.startsWith('-')) throw new CommandError(w.column, `hairpin: iptables-restore option '${w.text}' is not simulated`, 2);
    else if (file || at.stdin) throw new CommandError(w.column, "iptables-restore: Unknown arguments found on commandline", 1);
    else file = w;
  }
  if (file && family) throw new CommandError(file.column, `hairpin: give ${at.name} its input as a here-document (${at.name} <<'EOF' … EOF)`, 2);
  if (file && at.stdin) throw new CommandError(file.column, 'hairpin: iptables-restore reads FILE, not its here-document: give one of them', 2);
  if (file && !isTextFile(file.text)) throw new CommandError(file.column, `hairpin: iptables-restore reads here only a file the config writes (/etc/iptables/rules.v4), not '${file.text}'`, 2);
  if (file) return { kind: 'iptables-restore', tables: [], noflush, counters, file };
  if (!at.stdin) throw new CommandError(at.column, "hairpin: iptables-restore would wait for its input: give it a here-document (iptables-restore <<'EOF' … EOF) or a file", 2);
  const parsed = parseIptablesRestore(at.stdin.lines, at.stdin.firstLine, noflush, at.stdin, family);
  if (parsed.ok) return { ...parsed.command, counters };
  return { kind: 'iptables-restore', ...(family ? { family } : {}), tables: parsed.tables, noflush, counters, failure: parsed.error };
}

export { parseConfigScript } from './script';
