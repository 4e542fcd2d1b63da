import { iptError } from '../../command/iptables-values';
import type { Hook } from '../../kernel/netfilter/x_tables';
import { tcpHeaderLength } from '../../wire/tcp';
import type { TcpSegment } from '../../wire/types';
import type { XtTargetType } from '../xtables';
import { uintOption } from './xt_uint';

/*
 * libxt_TCPMSS (xt_TCPMSS): lower the MSS option of a segment to --set-mss, or to the path MTU
 * less 40 (--clamp-mss-to-pmtu: the smaller of the way out's and the way back's MTU). It never
 * raises an MSS. It looks at every TCP segment it is given, not only SYNs, which is why rules
 * add `--tcp-flags SYN,RST SYN` (iptables-nft does not insist: the kernel skips that check for
 * nft_compat).
 */

export interface TcpmssInfo {
  name: 'TCPMSS';
  /** Absent: clamp to the path MTU (XT_TCPMSS_CLAMP_PMTU). */
  mss?: number;
}

/** IPv4 and TCP headers without options (tcpmss_tg4's minlen). */
const MINLEN = 40;
/** RFC 1122's default send MSS, for a segment that had no MSS option. */
const DEFAULT_MSS = 536;
const CLAMP_HOOKS: readonly Hook[] = ['FORWARD', 'OUTPUT', 'POSTROUTING'];

/** tcpmss_mangle_packet: the segment with its MSS lowered or added, or 'drop'. */
export function mangleMss(seg: TcpSegment, newmss: number): { seg: TcpSegment; old?: number } | 'unchanged' {
  const at = seg.options.findIndex((o) => o.kind === 'mss');
  if (at >= 0) {
    const old = (seg.options[at] as { value: number }).value;
    // "Never increase MSS, even when setting it".
    if (old <= newmss) return 'unchanged';
    const options = seg.options.map((o, i) => (i === at ? { kind: 'mss' as const, value: newmss } : o));
    return { seg: { ...seg, options }, old };
  }
  // Data after the header: the option cannot be added without moving it; a full header has no room.
  const hdrlen = tcpHeaderLength(seg);
  if (seg.data.length > 0 || hdrlen >= 15 * 4) return 'unchanged';
  return { seg: { ...seg, options: [{ kind: 'mss', value: Math.min(newmss, DEFAULT_MSS) }, ...seg.options] } };
}

export const TCPMSS: XtTargetType<TcpmssInfo> = {
  kind: 'target',
  name: 'TCPMSS',
  detail: 'lower the SYN\'s MSS option',
  options: [
    { name: 'set-mss', hasArg: true, detail: 'MSS value' },
    { name: 'clamp-mss-to-pmtu', hasArg: false },
  ],
  // xt_TCPMSS: .proto = IPPROTO_TCP; tcpmss_tg4_check allows clamping only in FORWARD, OUTPUT and
  // POSTROUTING, checked against a base chain only (a user chain has no hook mask under nft_compat).
  restriction: (info) => (info.mss === undefined ? { proto: 6, baseChainHooks: CLAMP_HOOKS } : { proto: 6 }),
  parser() {
    // Both options write the one mss field: the later one given wins. (--set-mss allows 65535 less the IPv4 header.)
    let info: TcpmssInfo | undefined;
    return {
      parse(option, value, _i, column) {
        info = option === 'clamp-mss-to-pmtu' ? { name: 'TCPMSS' } : { name: 'TCPMSS', mss: uintOption('TCPMSS', option, value, column, 0, 65535 - 20) };
      },
      finish(column) {
        if (!info) throw iptError(column, 'TCPMSS target: At least one parameter is required');
        return info;
      },
    };
  },
  target: ({ mss }) => ({
    run: (c) => {
      const seg = c.skb.pkt.payload;
      if (seg.kind !== 'tcp') return 'CONTINUE';
      let newmss = mss;
      if (newmss === undefined) {
        const out = c.outDev ?? c.skb.dst?.dev;
        const mtu = Math.min(out?.mtu ?? 0xffffffff, c.stack.nf.xt.reverseMtu(c.skb));
        if (mtu <= MINLEN) {
          c.stack.trace({ layer: 'netfilter', kind: 'drop', packet: c.skb.pkt, reason: { code: 'nf_tcpmss_bad_pmtu', mtu } });
          return 'DROP';
        }
        newmss = mtu - MINLEN;
      }
      const done = mangleMss(seg, newmss);
      if (done !== 'unchanged') {
        c.skb.pkt = { ...c.skb.pkt, payload: done.seg };
        c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_tcpmss', old: done.old, mss: (done.seg.options.find((o) => o.kind === 'mss') as { value: number }).value } });
      }
      return 'CONTINUE';
    },
  }),
  save: (info) => `-j TCPMSS ${info.mss === undefined ? '--clamp-mss-to-pmtu' : `--set-mss ${info.mss}`}`,
  print: (info) => ` TCPMSS ${info.mss === undefined ? 'clamp to PMTU' : `set ${info.mss}`}`,
};
