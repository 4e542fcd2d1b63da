import { isMulticast } from '../../addr/ipv4';
import { MAC_BROADCAST } from '../../addr/mac';
import { iptError } from '../../command/iptables-values';
import type { Match, XtContext } from '../../kernel/netfilter/x_tables';
import { type XtMatchType } from '../xtables';

/* libxt_pkttype (xt_pkttype): the link-layer class of the packet (skb->pkt_type). */

type PacketClass = 'unicast' | 'broadcast' | 'multicast' | 'otherhost';

export interface PkttypeInfo {
  name: 'pkttype';
  pktType: PacketClass;
  invert: boolean;
}

/** libxt_pkttype's names, in its order: `host` is PACKET_HOST, which it prints as unicast. */
const NAMES: [string, PacketClass][] = [
  ['unicast', 'unicast'], ['broadcast', 'broadcast'], ['multicast', 'multicast'], ['otherhost', 'otherhost'], ['host', 'unicast'],
];

/**
 * skb->pkt_type as eth_type_trans set it on receive (a group address is PACKET_BROADCAST when
 * it is ff:ff:ff:ff:ff:ff, else PACKET_MULTICAST); a locally generated packet is PACKET_HOST.
 */
function classOf(c: XtContext): PacketClass {
  const skb = c.skb;
  if (skb.local || skb.pktType === 'host') return 'unicast';
  if (skb.pktType === 'otherhost') return 'otherhost';
  if (skb.macHeader) return skb.macHeader.dst === MAC_BROADCAST ? 'broadcast' : 'multicast';
  // Looped back through lo (PACKET_LOOPBACK): xt_pkttype classes it by the IPv4 destination.
  return isMulticast(skb.pkt.dst) ? 'multicast' : 'broadcast';
}

export const pkttype: XtMatchType<PkttypeInfo> = {
  kind: 'match',
  name: 'pkttype',
  detail: 'unicast, broadcast or multicast frame',
  options: [{ name: 'pkt-type', hasArg: true, detail: 'packet type', values: ['unicast', 'broadcast', 'multicast'] }],
  parser() {
    let info: PkttypeInfo | undefined;
    return {
      parse(_option, value, invert, column) {
        const found = NAMES.find(([n]) => n === value.toLowerCase());
        if (!found) throw iptError(column, `Bad packet type '${value}'`);
        info = { name: 'pkttype', pktType: found[1], invert };
      },
      finish(column) {
        if (!info) throw iptError(column, 'pkttype: option "--pkt-type" must be specified\n');
        return info;
      },
    };
  },
  match({ pktType, invert }): Omit<Match, 'info'> {
    return { test: (c) => (classOf(c) === pktType) !== invert };
  },
  save: (info) => `-m pkttype ${info.invert ? '! ' : ''}--pkt-type ${info.pktType}`,
  print: (info) => ` PKTTYPE ${info.invert ? '!' : ''}= ${info.pktType}`,
};
