import { AF_INET6 } from '../addr/family';
import { CommandError } from './args';
import { getopt } from './getopt';
import type { IptTable, IptablesSaveCommand, Word } from './types';

/*
 * iptables-save's command line as iptables-nft-save 1.8.9 reads it (xtables-save.c): getopt_long
 * over "bcdt:M:f:V"; -d dumps as without it, -M names modprobe (nothing to load here), -b only
 * says it is not implemented. Checked against the real tool in a network namespace.
 */

const TABLES: readonly IptTable[] = ['filter', 'nat', 'mangle', 'raw', 'security'];

const LONG = {
  binary: { arg: false, short: 'b' },
  counters: { arg: false, short: 'c' },
  dump: { arg: false, short: 'd' },
  table: { arg: true, short: 't' },
  modprobe: { arg: true, short: 'M' },
  file: { arg: true, short: 'f' },
  version: { arg: false, short: 'V' },
};

export function parseIptablesSave(words: readonly Word[], program: string): IptablesSaveCommand {
  const usage = `Look at manual page \`${program}.8' for more information.`;
  const r = getopt(words, { short: 'bcdt:M:f:V', long: LONG });
  if (!r.ok) {
    const long = r.word.text.startsWith('--');
    const what =
      r.kind === 'missing'
        ? long ? `option '--${r.option}' requires an argument` : `option requires an argument -- '${r.option}'`
        : r.kind === 'ambiguous' ? `option '${r.option}' is ambiguous` : long ? `unrecognized option '${r.option}'` : `invalid option -- '${r.option}'`;
    throw new CommandError(r.word.column, `${program}: ${what}\n${usage}`, 1);
  }
  const save: IptablesSaveCommand = { kind: 'iptables-save', ...(program.startsWith('ip6') ? { family: AF_INET6 } : {}), program, counters: false, version: false, notice: '' };
  let table: Word | undefined;
  for (const o of r.options) {
    // -V prints the version and exits as soon as getopt reaches it.
    if (o.name === 'V') return { ...save, version: true };
    if (o.name === 'c') save.counters = true;
    else if (o.name === 't') table = o.value;
    else if (o.name === 'b') save.notice += '-b/--binary option is not implemented\n';
    else if (o.name === 'f') throw new CommandError(o.word.column, `hairpin: ${program} -f (writing the rules to a file) is not simulated: let it print them`, 2);
  }
  if (r.operands[0]) throw new CommandError(r.operands[0].column, 'Unknown arguments found on commandline', 1);
  if (table) {
    if (!TABLES.includes(table.text as IptTable)) throw new CommandError(table.column, `Table \`${table.text}' does not exist`, 1);
    save.table = table.text as IptTable;
  }
  return save;
}
