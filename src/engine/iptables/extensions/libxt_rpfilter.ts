import { isLbcast, isMulticast, isZeronet } from '../../addr/ipv4';
import type { Match, XtContext } from '../../kernel/netfilter/x_tables';
import { type XtMatchType } from '../xtables';

/* libxt_rpfilter (xt_rpfilter): reverse-path filtering as a match, in raw or mangle PREROUTING. */

export interface RpfilterInfo {
  name: 'rpfilter';
  loose: boolean;
  validMark: boolean;
  acceptLocal: boolean;
  invert: boolean;
}

/** 224.0.0.0/24 (ipv4_is_local_multicast). */
const isLocalMulticast = (ip: number) => ip >>> 8 === 0xe00000;
const IPTOS_RT_MASK = 0x1c;

/**
 * rpfilter_mt: loopback traffic passes; a zeronet source to the limited broadcast or link-local
 * multicast passes (DHCP); otherwise fib_lookup with the addresses swapped from iif `lo` must
 * find a unicast route (or, with --accept-local, a local one) whose nexthop leaves by the
 * device the packet came in on, or any device with --loose.
 */
function rpfilterMt(info: RpfilterInfo, c: XtContext): boolean {
  const { skb, inDev } = c;
  if (!inDev || inDev.loopback || skb.local) return true;
  const { src, dst, tos } = skb.pkt;
  if (isZeronet(src) && (isLbcast(dst) || isLocalMulticast(dst))) return true;
  const saddr = isMulticast(dst) || isLbcast(dst) || isZeronet(dst) ? 0 : dst;
  const res = c.stack.nf.xt.fibLookup({ dst: src, src: saddr, mark: info.validMark ? skb.mark : 0, tos: tos & IPTOS_RT_MASK, iif: 'lo' });
  if (!res) return false;
  if (res.type !== 'unicast' && (res.type !== 'local' || !info.acceptLocal)) return false;
  return res.devs.includes(inDev) || info.loose;
}

const FLAGS = [['loose', 'loose'], ['validMark', 'validmark'], ['acceptLocal', 'accept-local'], ['invert', 'invert']] as const;

export const rpfilter: XtMatchType<RpfilterInfo> = {
  kind: 'match',
  name: 'rpfilter',
  detail: 'reverse path filter (raw or mangle PREROUTING)',
  options: FLAGS.map(([, name]) => ({ name, hasArg: false, noInvert: true })),
  parser() {
    const info: RpfilterInfo = { name: 'rpfilter', loose: false, validMark: false, acceptLocal: false, invert: false };
    return {
      parse(option) {
        const flag = FLAGS.find(([, n]) => n === option)![0];
        info[flag] = true;
      },
      finish: () => info,
    };
  },
  match(info): Omit<Match, 'info'> {
    return {
      restriction: { tables: ['raw', 'mangle'], hooks: ['PREROUTING'] },
      test: (c) => rpfilterMt(info, c) !== info.invert,
    };
  },
  save: (info) => ['-m rpfilter', ...FLAGS.filter(([k]) => info[k]).map(([, n]) => `--${n}`)].join(' '),
  print: (info) => [' rpfilter', ...FLAGS.filter(([k]) => info[k]).map(([, n]) => n)].join(' '),
};
