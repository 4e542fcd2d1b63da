import { iptError } from '../../command/iptables-values';
import type { XtTargetType } from '../xtables';

/*
 * libxt_CHECKSUM (xt_CHECKSUM): a packet whose checksum was left to the device
 * (CHECKSUM_PARTIAL) gets it computed now (skb_checksum_help), so a veth carries a complete
 * one: libvirt's rule for DHCP replies to guests that check it.
 */

export interface ChecksumInfo {
  name: 'CHECKSUM';
}

export const CHECKSUM: XtTargetType<ChecksumInfo> = {
  kind: 'target',
  name: 'CHECKSUM',
  detail: 'fill in a checksum left to the device',
  options: [{ name: 'checksum-fill', hasArg: false }],
  // xt_CHECKSUM: .table = "mangle".
  restriction: { table: 'mangle' },
  parser() {
    let fill = false;
    return {
      parse() {
        fill = true;
      },
      finish(column) {
        if (!fill) throw iptError(column, 'CHECKSUM: option "--checksum-fill" must be specified\n');
        return { name: 'CHECKSUM' };
      },
    };
  },
  target: () => ({
    run: (c) => {
      const l4 = c.skb.pkt.payload;
      if ((l4.kind === 'tcp' || l4.kind === 'udp') && l4.partialChecksum) {
        const { partialChecksum: _, ...complete } = l4;
        c.skb.pkt = { ...c.skb.pkt, payload: complete };
        c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_checksum_fill' } });
      }
      return 'CONTINUE';
    },
  }),
  checkentry(_info, head, stack) {
    if (head.protocol?.proto === 17 && !head.protocol.invert) return;
    stack.printk.printOnce('xt_CHECKSUM', stack.env.now(), 4, 'xt_CHECKSUM: CHECKSUM should be avoided.  If really needed, restrict with "-p udp" and only use in OUTPUT');
  },
  save: () => '-j CHECKSUM --checksum-fill',
  print: () => ' CHECKSUM fill',
};
