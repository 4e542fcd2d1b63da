import type { NftFamily, NftType } from './ast';
import type { NftCommand } from './command';
import { printPriority } from './parse-chain';
import { printElement, printRule, sortedElements } from './print-rule';
import type { NftChain, NftRuleset, NftSet, NftTable } from './ruleset';
import { managedByIptablesNft } from './xt_translate';
import { printNftTime } from './nft_time';
import { liveElements } from './transaction';

/*
 * `nft list …` (rule.c's *_print): tables with their sets, maps and chains, one tab per level,
 * a blank line between a table's items, base chains' `type … hook … priority …; policy …;`,
 * and with -a (handles) a `# handle N` after each object and rule.
 */

export interface ListOptions {
  handles: boolean;
  /** Virtual time (ns): elements with a timeout list what is left of it, and not once it ran out. */
  now?: number;
  /** Where nft writes its warnings (stderr). */
  warn?: (line: string) => void;
}

/** Each key type's size in bytes. */
const KEY_BYTES: Partial<Record<NftType, number>> = {
  ipv4_addr: 4, inet_service: 2, inet_proto: 1, mark: 4, ifname: 16, iface_index: 4, ct_state: 4, icmp_type: 1, integer: 4, uid: 4,
};

const FLAG_ORDER = ['constant', 'interval', 'dynamic', 'timeout'] as const;

const handleOf = (n: number, o: ListOptions) => (o.handles ? ` # handle ${n}` : '');

function printSet(s: NftSet, o: ListOptions): string {
  let out = `\t${s.map ? 'map' : 'set'} ${s.name} {${handleOf(s.handle, o)}\n`;
  out += `\t\ttype ${s.spec.keyType.join(' . ')}${s.map ? ` : ${s.spec.dataType}` : ''}\n`;
  // size, then the flags in nft's order, then the timeout (recorded: list-set-declarations). A set
  // timeout implies the flag, which nft then lists only beside another.
  if (s.spec.size !== undefined) out += `\t\tsize ${s.spec.size}\n`;
  const typed = s.spec.timeout !== undefined ? [...s.spec.flags, 'timeout'] : s.spec.flags;
  const flags = FLAG_ORDER.filter((f) => typed.includes(f));
  if (flags.length && !(s.spec.timeout !== undefined && flags.length === 1)) out += `\t\tflags ${flags.join(',')}\n`;
  if (s.spec.timeout !== undefined) out += `\t\ttimeout ${printNftTime(s.spec.timeout)}\n`;
  if (s.spec.comment !== undefined) out += `\t\tcomment "${s.spec.comment}"\n`;
  const elements = liveElements(s.elements, o.now ?? 0);
  if (elements.length) {
    // nft breaks a named set's elements into lines of so many, by the key's size (calculate_delim).
    const perLine = s.spec.keyType.length > 1 ? 1 : (KEY_BYTES[s.spec.keyType[0]!] ?? 4) <= 2 ? 5 : (KEY_BYTES[s.spec.keyType[0]!] ?? 4) <= 4 ? 2 : 1;
    const printed = sortedElements(elements).map((e) => printElement(e, { setTimeout: s.spec.timeout, now: o.now ?? 0 }));
    const lines: string[] = [];
    for (let i = 0; i < printed.length; i += perLine) lines.push(printed.slice(i, i + perLine).join(', '));
    out += `\t\telements = { ${lines.join(',\n\t\t\t     ')} }\n`;
  }
  return `${out}\t}\n`;
}

function printChain(c: NftChain, family: NftFamily, o: ListOptions, rules = true): string {
  let out = `\tchain ${c.name} {${handleOf(c.handle, o)}\n`;
  if (c.comment !== undefined) out += `\t\tcomment "${c.comment}"\n`;
  if (c.base) out += `\t\ttype ${c.base.type} hook ${c.base.hook} priority ${printPriority(c.base.priority, c.base.hook)}; policy ${c.base.policy};\n`;
  if (rules) for (const r of c.rules) out += `\t\t${printRule(r.stmts, family, r.comment)}${handleOf(r.handle, o)}\n`;
  return `${out}\t}\n`;
}

const iptablesNftWarning = (t: NftTable) => `# Warning: table ${t.family} ${t.name} is managed by iptables-nft, do not touch!\n`;

function printTable(t: NftTable, o: ListOptions): string {
  // table_print: a table holding x_tables expressions is iptables-nft's.
  if (managedByIptablesNft(t)) o.warn?.(iptablesNftWarning(t));
  const items = [...t.sets.map((s) => printSet(s, o)), ...t.chains.map((c) => printChain(c, t.family, o))];
  // flags, then the comment; a blank line before the items only after flags (recorded).
  const comment = t.comment !== undefined ? `\tcomment "${t.comment}"\n` : '';
  const flags = t.dormant ? `\tflags dormant\n${comment}${items.length ? '\n' : ''}` : comment;
  return `table ${t.family} ${t.name} {${handleOf(t.handle, o)}\n${flags}${items.join('\n')}}\n`;
}

/** What one list command prints (its object exists: the evaluator checked). */
export function printList(rs: NftRuleset, cmd: NftCommand, o: ListOptions): string {
  const tables = rs.tables.filter((t) => !cmd.family || t.family === cmd.family);
  const table = cmd.table ? tables.find((t) => t.name === cmd.table!.text) : undefined;
  switch (cmd.obj) {
    case 'ruleset':
      return tables.map((t) => printTable(t, o)).join('');
    case 'tables':
      return tables.map((t) => `table ${t.family} ${t.name}\n`).join('');
    case 'table':
      return table ? printTable(table, o) : '';
    case 'chain': {
      const c = table?.chains.find((x) => x.name === cmd.name!.text);
      // nft reads only the chain's rules: it warns when they hold x_tables expressions (recorded).
      if (table && c && managedByIptablesNft({ ...table, chains: [c] })) o.warn?.(iptablesNftWarning(table));
      return table && c ? `table ${table.family} ${table.name} {\n${printChain(c, table.family, o)}}\n` : '';
    }
    case 'set':
    case 'map': {
      const s = table?.sets.find((x) => x.name === cmd.name!.text);
      return table && s ? `table ${table.family} ${table.name} {\n${printSet(s, o)}}\n` : '';
    }
    case 'chains':
      return tables.map((t) => `table ${t.family} ${t.name} {\n${t.chains.map((c) => printChain(c, t.family, o, false)).join('')}}\n`).join('');
    case 'sets':
    case 'maps':
      return tables
        .map((t) => `table ${t.family} ${t.name} {\n${t.sets.filter((s) => s.map === (cmd.obj === 'maps')).map((s) => printSet(s, o)).join('')}}\n`)
        .join('');
    default:
      return '';
  }
}
