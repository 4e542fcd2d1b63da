import { CommandError } from './args';
import type { Word } from './types';

/* nfacct 1.0.2's command line: add, del, get, list, flush (quotas are not modelled). */

export const NFACCT_BANNER = 'nfacct v1.0.2';

export interface NfacctCommand {
  kind: 'nfacct';
  op: 'add' | 'del' | 'get' | 'list' | 'flush';
  object?: Word;
  /** get/list `reset`: zero the counters after printing them. */
  reset: boolean;
}

const fail = (column: number, text: string) => new CommandError(column, `${NFACCT_BANNER}: ${text}`, 1);

export function parseNfacct(words: readonly Word[], column: number): NfacctCommand {
  const [cmd, ...rest] = words;
  if (!cmd) throw new CommandError(column, 'Usage: nfacct command [parameters]...', 1);
  const op = (['add', 'del', 'get', 'list', 'flush'] as const).find((o) => o === cmd.text);
  if (!op) {
    if (['restore', 'monitor', 'version', 'help'].includes(cmd.text)) throw new CommandError(cmd.column, `hairpin: nfacct ${cmd.text} is not simulated`, 2);
    throw fail(cmd.column, `Unknown command: ${cmd.text}\nUsage: nfacct command [parameters]...`);
  }
  const c: NfacctCommand = { kind: 'nfacct', op, reset: false };
  let args = rest;
  if (op === 'add' || op === 'del' || op === 'get') {
    if (!args[0]) throw fail(cmd.column, 'missing object name');
    c.object = args[0];
    args = args.slice(1);
    if (op === 'add' && args.length) throw new CommandError(args[0]!.column, 'hairpin: nfacct quotas are not simulated', 2);
  }
  if ((op === 'get' || op === 'list') && args[0]?.text === 'reset') {
    c.reset = true;
    args = args.slice(1);
  }
  if (args.length) throw fail(args[0]!.column, 'unknown argument');
  return c;
}
