import { prefixMask } from '../../addr/ipv4';
import { iptError, parseU32 } from '../../command/iptables-values';
import type { ConncountData } from '../../kernel/netfilter/nf_conncount';
import type { Stack } from '../../kernel/stack';
import type { XtMatchType } from '../xtables';

/*
 * libxt_connlimit (revision 1) and xt_connlimit: how many connections conntrack holds for the
 * packet's source (or destination) address within a prefix, counted by nf_conncount in a tree
 * of this rule's own (kernel/netfilter/nf_conncount.ts, reached through the namespace).
 */

export interface ConnlimitInfo {
  name: 'connlimit';
  limit: number;
  /** --connlimit-upto (inverted `above`), or `!` on either. */
  upto: boolean;
  prefix: number;
  daddr: boolean;
}

export const connlimit: XtMatchType<ConnlimitInfo> = {
  kind: 'match',
  name: 'connlimit',
  detail: 'number of connections per address',
  options: [
    { name: 'connlimit-upto', hasArg: true, detail: 'match up to N connections' },
    { name: 'connlimit-above', hasArg: true, detail: 'match above N connections' },
    { name: 'connlimit-mask', hasArg: true, noInvert: true, detail: 'prefix length to group addresses by' },
    { name: 'connlimit-saddr', hasArg: false, noInvert: true, detail: 'count by source (default)' },
    { name: 'connlimit-daddr', hasArg: false, noInvert: true, detail: 'count by destination' },
  ],
  parser() {
    const info: ConnlimitInfo = { name: 'connlimit', limit: 0, upto: false, prefix: 32, daddr: false };
    const seen: string[] = [];
    return {
      parse(option, value, invert, column) {
        seen.push(option);
        if (option === 'connlimit-upto' || option === 'connlimit-above') {
          const n = parseU32(value);
          if (n === undefined) throw iptError(column, `connlimit: bad value for option "--${option}", or out of range (0-4294967295).\n`);
          info.limit = n;
          info.upto = (option === 'connlimit-upto') !== invert;
        } else if (option === 'connlimit-mask') {
          const n = parseU32(value);
          if (n === undefined || n > 128) throw iptError(column, `connlimit: bad value for option "--connlimit-mask", or out of range (0-128).\n`);
          // An IPv4 rule keeps at most 32 bits of a longer prefix.
          info.prefix = Math.min(n, 32);
        } else info.daddr = option === 'connlimit-daddr';
      },
      finish(column) {
        // xtables_options_fcheck walks the option table in order: upto before above, saddr before daddr.
        for (const [a, b] of [['connlimit-upto', 'connlimit-above'], ['connlimit-saddr', 'connlimit-daddr']]) {
          if (seen.includes(a!) && seen.includes(b!)) throw iptError(column, `connlimit: option "--${a}" cannot be used together with "--${b}".\n`);
        }
        if (!seen.includes('connlimit-upto') && !seen.includes('connlimit-above')) throw iptError(column, 'You must specify "--connlimit-above" or "--connlimit-upto".');
        return { ...info };
      },
    };
  },
  match(info) {
    const mask = prefixMask(info.prefix);
    // Each rule counts in its own tree (info->data), made when the rule enters the namespace.
    const trees = new WeakMap<Stack, ConncountData>();
    return {
      needsConntrack: true,
      checkentry: (stack) => void trees.set(stack, stack.nf.conncount.init()),
      test: (c) => {
        const data = trees.get(c.stack) ?? trees.set(c.stack, c.stack.nf.conncount.init()).get(c.stack)!;
        const key = ((info.daddr ? c.skb.pkt.dst : c.skb.pkt.src) & mask) >>> 0;
        const connections = c.stack.nf.conncount.count(data, key, c.skb);
        return connections > info.limit !== info.upto;
      },
    };
  },
  save: (i) => `-m connlimit --connlimit-${i.upto ? 'upto' : 'above'} ${i.limit} --connlimit-mask ${i.prefix} --connlimit-${i.daddr ? 'daddr' : 'saddr'}`,
  print: (i) => ` #conn ${i.daddr ? 'dst' : 'src'}/${i.prefix} ${i.upto ? '<=' : '>'} ${i.limit}`,
};
