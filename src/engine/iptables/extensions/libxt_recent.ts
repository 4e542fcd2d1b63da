import { formatIp4 } from '../../addr/ipv4';
import { iptError, parseU32 } from '../../command/iptables-values';
import type { RecentMtInfo } from '../../kernel/netfilter/xt_recent';
import type { XtMatchType } from '../xtables';

/*
 * libxt_recent (revision 1, with --mask): the tool's side. The lists themselves are the
 * namespace's (kernel/netfilter/xt_recent.ts), reached through the stack the packet is in.
 */

export type RecentInfo = RecentMtInfo & { name: 'recent'; list: string };

/** The kernel's check_set bits (xt_recent.h). */
const FLAG = { set: 1 << 1, rcheck: 1 << 0, update: 1 << 2, remove: 1 << 3, rttl: 1 << 4, reap: 1 << 5 } as const;
const OPS = ['set', 'rcheck', 'update', 'remove'] as const;
/** libxt_recent's option table, in order: xtables_options_fcheck walks it so. */
const ORDER = ['set', 'rcheck', 'update', 'remove', 'seconds', 'reap', 'hitcount', 'rttl', 'name', 'rsource', 'rdest', 'mask'] as const;
const EXCL: Partial<Record<(typeof ORDER)[number], readonly string[]>> = {
  set: OPS, rcheck: OPS, update: OPS, remove: OPS, rttl: ['set', 'remove'],
};

/** XTTYPE_HOST: getaddrinfo of a numeric address (inet_aton's forms: a, a.b, a.b.c, a.b.c.d). */
function inetAton(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => !/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(p))) return undefined;
  const nums = parts.map((p) => Number(/^0[0-7]+$/.test(p) ? parseInt(p, 8) : p));
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  return (nums.reduce((a, n, i) => a + n * 2 ** (8 * (3 - i)), 0) + last) >>> 0;
}

export const recent: XtMatchType<RecentInfo> = {
  kind: 'match',
  name: 'recent',
  detail: 'lists of recently seen addresses',
  options: [
    { name: 'set', hasArg: false, detail: 'add the address to the list' },
    { name: 'rcheck', hasArg: false, detail: 'is the address in the list?' },
    { name: 'update', hasArg: false, detail: 'check, and refresh its time when it is' },
    { name: 'remove', hasArg: false, detail: 'take the address out of the list' },
    { name: 'seconds', hasArg: true, noInvert: true, detail: 'seen within this many seconds' },
    { name: 'reap', hasArg: false, noInvert: true, detail: 'forget entries older than --seconds' },
    { name: 'hitcount', hasArg: true, noInvert: true, detail: 'seen at least this many times' },
    { name: 'rttl', hasArg: false, noInvert: true, detail: 'the TTL must agree too' },
    { name: 'name', hasArg: true, noInvert: true, detail: 'list name (DEFAULT)' },
    { name: 'rsource', hasArg: false, noInvert: true, detail: 'use the source address (default)' },
    { name: 'rdest', hasArg: false, noInvert: true, detail: 'use the destination address' },
    { name: 'mask', hasArg: true, noInvert: true, detail: 'netmask applied to the address' },
  ],
  parser() {
    const seen = new Set<string>();
    const info: RecentInfo = { name: 'recent', list: 'DEFAULT', seconds: 0, hitCount: 0, checkSet: 0, invert: false, side: 'source', mask: 0xffffffff };
    return {
      parse(option, value, invert, column) {
        seen.add(option);
        if (option in FLAG) info.checkSet |= FLAG[option as keyof typeof FLAG];
        if ((OPS as readonly string[]).includes(option) && invert) info.invert = true;
        if (option === 'seconds' || option === 'hitcount') {
          const n = parseU32(value);
          const min = option === 'seconds' ? 1 : 0;
          if (n === undefined || n < min) throw iptError(column, `recent: bad value for option "--${option}", or out of range (${min}-4294967295).\n`);
          if (option === 'seconds') info.seconds = n;
          else info.hitCount = n;
        } else if (option === 'name') info.list = value;
        else if (option === 'rsource') info.side = 'source';
        else if (option === 'rdest') info.side = 'dest';
        else if (option === 'mask') {
          const m = inetAton(value);
          if (m === undefined) throw iptError(column, `getaddrinfo: ${/^[\d.]+$/.test(value) ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
          info.mask = m;
        }
      },
      finish(column) {
        if (!OPS.some((o) => seen.has(o))) throw iptError(column, "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
        for (const o of ORDER) {
          if (!seen.has(o)) continue;
          const other = ORDER.find((x) => x !== o && seen.has(x) && EXCL[o]?.includes(x));
          if (other) throw iptError(column, `recent: option "--${o}" cannot be used together with "--${other}".\n`);
          if (o === 'reap' && !seen.has('seconds')) throw iptError(column, 'recent: option "--reap" also requires "--seconds".\n');
        }
        return { ...info };
      },
    };
  },
  match(info) {
    const kernelInfo: RecentMtInfo = { ...info, name: info.list };
    return {
      checkentry: (stack) => stack.nf.recent.check(kernelInfo),
      destroy: (stack) => stack.nf.recent.destroy(kernelInfo),
      test: (c) => c.stack.nf.recent.match(kernelInfo, c),
    };
  },
  save: (i) =>
    `-m recent ${i.invert ? '! ' : ''}${flagWords(i, { set: '--set', rcheck: '--rcheck', update: '--update', remove: '--remove' })}` +
    `${i.seconds ? ` --seconds ${i.seconds}` : ''}${i.checkSet & FLAG.reap ? ' --reap' : ''}${i.hitCount ? ` --hitcount ${i.hitCount}` : ''}` +
    `${i.checkSet & FLAG.rttl ? ' --rttl' : ''} --name ${i.list} --mask ${formatIp4(i.mask)} ${i.side === 'dest' ? '--rdest' : '--rsource'}`,
  print: (i) =>
    `${i.invert ? ' !' : ''} recent: ${flagWords(i, { set: 'SET', rcheck: 'CHECK', update: 'UPDATE', remove: 'REMOVE' })}` +
    `${i.seconds ? ` seconds: ${i.seconds}` : ''}${i.checkSet & FLAG.reap ? ' reap' : ''}${i.hitCount ? ` hit_count: ${i.hitCount}` : ''}` +
    `${i.checkSet & FLAG.rttl ? ' TTL-Match' : ''} name: ${i.list} side: ${i.side} mask: ${formatIp4(i.mask)}`,
};

/** The operation's word, in libxt_recent's order (set, check, update, remove). */
function flagWords(i: RecentInfo, words: Record<(typeof OPS)[number], string>): string {
  return OPS.filter((o) => i.checkSet & FLAG[o]).map((o) => words[o]).join(' ');
}
