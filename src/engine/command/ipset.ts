import { CommandError } from './args';
import { hereDocumentPlace, type HereDocument } from './lexer';
import type { Word } from './types';

/*
 * ipset 7.17's command line (src/ipset.c): a command, the set's name, then the command's own
 * arguments; -exist, -n, -t and -o may stand anywhere. What an element means depends on the
 * set's type, which only the kernel knows, so elements and create options stay words here and
 * are read when the command runs (netlink/ipset.ts), as ipset reads them after asking the kernel.
 */

export const IPSET_BANNER = 'ipset v7.17';
const TRY = "Try `ipset help' for more information.";

export type IpsetOp = 'create' | 'add' | 'del' | 'test' | 'destroy' | 'list' | 'save' | 'flush' | 'rename' | 'swap' | 'restore';

/** One line of `ipset restore`'s input: its command, or why ipset stopped reading there. */
export type IpsetRestoreLine = { command: IpsetCommand; line: number; index: number } | { error: string; status: number; line: number; column: number };

export interface IpsetCommand {
  kind: 'ipset';
  op: IpsetOp;
  set?: Word;
  /** create: the type name; add/del/test: the element; rename/swap: the other name. */
  arg?: Word;
  /** The words after them: create options, or an element's `timeout N`. */
  rest: Word[];
  exist: boolean;
  /** list -n: names only; -t: headers only; -o save: as save prints. */
  namesOnly: boolean;
  terse: boolean;
  saveFormat: boolean;
  column: number;
  /** restore: its input's commands, in order. */
  restore?: IpsetRestoreLine[];
}

const COMMANDS: Record<string, IpsetOp> = {
  create: 'create', n: 'create', '-N': 'create', '--create': 'create',
  add: 'add', '-A': 'add', '--add': 'add',
  del: 'del', '-D': 'del', '--del': 'del',
  test: 'test', '-T': 'test', '--test': 'test',
  destroy: 'destroy', x: 'destroy', '-X': 'destroy', '--destroy': 'destroy',
  list: 'list', '-L': 'list', '--list': 'list',
  save: 'save', '-S': 'save', '--save': 'save',
  flush: 'flush', '-F': 'flush', '--flush': 'flush',
  rename: 'rename', e: 'rename', '-E': 'rename', '--rename': 'rename',
  swap: 'swap', w: 'swap', '-W': 'swap', '--swap': 'swap',
  restore: 'restore', '-R': 'restore', '--restore': 'restore',
};

/** How many names the command needs: 2 for create (name, type) and add/del/test (name, element). */
const MANDATORY: Record<IpsetOp, number> = { create: 2, add: 2, del: 2, test: 2, destroy: 0, list: 0, save: 0, flush: 0, rename: 2, swap: 2, restore: 0 };

export function parseIpset(words: readonly Word[], column: number): IpsetCommand {
  const c: IpsetCommand = { kind: 'ipset', op: 'list', rest: [], exist: false, namesOnly: false, terse: false, saveFormat: false, column };
  let op: IpsetOp | undefined;
  const positional: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const t = w.text;
    if (t === '-exist' || t === '-!' || t === '--exist') c.exist = true;
    else if (t === '-n' || t === '-name' || t === '--name') c.namesOnly = true;
    else if (t === '-t' || t === '-terse' || t === '--terse') c.terse = true;
    else if (t === '-q' || t === '-quiet' || t === '-s' || t === '-sorted' || t === '-r' || t === '-resolve') continue;
    else if (t === '-o' || t === '-output') {
      const f = words[++i];
      if (!f || !['plain', 'save'].includes(f.text)) throw new CommandError(f?.column ?? w.column, `${IPSET_BANNER}: Syntax error: unknown output mode '${f?.text ?? ''}'\n${TRY}`, 2);
      c.saveFormat = f.text === 'save';
    } else if (op === undefined) {
      op = COMMANDS[t];
      if (!op) throw new CommandError(w.column, `${IPSET_BANNER}: No command specified: unknown argument ${t}\n${TRY}`, 2);
    } else positional.push(w);
  }
  if (!op) throw new CommandError(column, `${IPSET_BANNER}: No command specified.\n${TRY}`, 2);
  c.op = op;
  const need = MANDATORY[op];
  if (need && positional.length === 0) throw new CommandError(column, `${IPSET_BANNER}: Missing mandatory argument to command ${op}\n${TRY}`, 2);
  if (need && positional.length === 1) throw new CommandError(column, `${IPSET_BANNER}: Missing second mandatory argument to command ${op}\n${TRY}`, 2);
  [c.set, c.arg] = positional;
  if (!need && positional.length > 1) throw new CommandError(positional[1]!.column, `${IPSET_BANNER}: Unknown argument: \`${positional[1]!.text}'\n${TRY}`, 2);
  c.rest = positional.slice(2);
  return c;
}

/** build_argv: a restore line's words, split on blanks; a double-quoted word (a comment) keeps its blanks. */
function restoreWords(text: string, column: (c: number) => number): Word[] {
  const words: Word[] = [];
  const re = /"([^"]*)"|[^\s"]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push({ text: m[1] ?? m[0], column: column(m.index + 1) });
  return words;
}

/** Commands restore runs here: those that change sets (list, save and test print, which a config line does on its own). */
const RESTORE_OPS: readonly IpsetOp[] = ['create', 'add', 'del', 'flush', 'destroy', 'rename', 'swap'];

/**
 * `ipset restore` (or -R): its here-document read as ipset's restore mode reads stdin, one command
 * a line without the program's name; blank lines, `#` comments and COMMIT are skipped, and the
 * restore's own -exist holds for every line. A line that does not parse ends the input there.
 */
export function parseIpsetRestore(outer: IpsetCommand, stdin: HereDocument | undefined, stdinFile: Word | undefined): IpsetCommand {
  if (stdinFile) throw new CommandError(stdinFile.column, "hairpin: give ipset restore its input as a here-document (ipset restore <<'EOF' … EOF)", 2);
  if (!stdin) throw new CommandError(outer.column, "hairpin: ipset restore would wait for its input: give it a here-document (ipset restore <<'EOF' … EOF)", 2);
  const restore: IpsetRestoreLine[] = [];
  for (const [i, text] of stdin.lines.entries()) {
    const place = (c: number) => hereDocumentPlace(stdin, i, c);
    const words = restoreWords(text, (c) => place(c).column);
    if (!words.length || words[0]!.text.startsWith('#') || (words.length === 1 && words[0]!.text === 'COMMIT')) continue;
    const line = place(1).line;
    try {
      const command = parseIpset(words, words[0]!.column);
      if (command.op === 'restore') throw new CommandError(command.column, `${IPSET_BANNER}: Command \`restore' is invalid in restore mode.\n${TRY}`, 2);
      if (!RESTORE_OPS.includes(command.op)) throw new CommandError(command.column, `hairpin: ipset restore runs ${RESTORE_OPS.join(', ')} here; give ${command.op} a line of its own`, 2);
      command.exist ||= outer.exist;
      restore.push({ command, line, index: i + 1 });
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      restore.push({ error: e.message, status: e.exitStatus, line, column: e.column });
      break;
    }
  }
  return { ...outer, restore };
}

/** What a line of ipset is for: changing sets (config), or printing them. */
export const ipsetChanges = (c: IpsetCommand) => !['list', 'save', 'test'].includes(c.op);
