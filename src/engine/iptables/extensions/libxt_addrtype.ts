import type { Ip4 } from '../../addr/ipv4';
import { iptError } from '../../command/iptables-values';
import type { AddrType, Negatable } from '../../command/types';
import type { XtContext } from '../../kernel/netfilter/x_tables';
import { neg, not, type XtMatchType } from '../xtables';

/* libxt_addrtype (xt_addrtype): the routing type of the source or destination address. */

export interface AddrtypeInfo {
  name: 'addrtype';
  srcType?: Negatable<AddrType[]>;
  dstType?: Negatable<AddrType[]>;
  limitIfaceIn: boolean;
  limitIfaceOut: boolean;
}

/** libxt_addrtype's table: parse accepts these names, print lists them in this order. */
const ADDR_TYPES: AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];
const list = (types: AddrType[]) => ADDR_TYPES.filter((t) => types.includes(t)).join(',');

export const addrtype: XtMatchType<AddrtypeInfo> = {
  kind: 'match',
  name: 'addrtype',
  detail: 'address type (LOCAL, BROADCAST, …)',
  options: [
    { name: 'src-type', hasArg: true, detail: 'source address type', values: ADDR_TYPES },
    { name: 'dst-type', hasArg: true, detail: 'destination address type', values: ADDR_TYPES },
    { name: 'limit-iface-in', hasArg: false, noInvert: true },
    { name: 'limit-iface-out', hasArg: false, noInvert: true },
  ],
  parser() {
    const m: Omit<AddrtypeInfo, 'name'> = { limitIfaceIn: false, limitIfaceOut: false };
    const types = (value: string, column: number) =>
      value.split(',').map((s) => {
        const t = ADDR_TYPES.find((a) => a === s.toUpperCase());
        if (!t) throw iptError(column, `addrtype: bad type "${s}"`);
        return t;
      });
    return {
      parse(option, value, invert, column) {
        if (option === 'src-type') m.srcType = neg(types(value, column), invert);
        else if (option === 'dst-type') m.dstType = neg(types(value, column), invert);
        else if (option === 'limit-iface-in') m.limitIfaceIn = true;
        else m.limitIfaceOut = true;
        if (m.limitIfaceIn && m.limitIfaceOut) {
          throw iptError(column, 'addrtype: you can only specify one of --limit-iface-in or --limit-iface-out');
        }
      },
      finish(column) {
        if (!m.srcType && !m.dstType) throw iptError(column, 'addrtype: you must specify --src-type or --dst-type');
        return { name: 'addrtype', ...m };
      },
    };
  },
  match(info) {
    const typeOf = (c: XtContext, ip: Ip4): AddrType => {
      const dev = info.limitIfaceIn ? c.inDev : info.limitIfaceOut ? c.outDev : undefined;
      if (dev && c.stack.addrType(ip) === 'local') return dev.addrs.some((a) => a.local === ip) || dev.loopback ? 'LOCAL' : 'UNICAST';
      return c.stack.addrType(ip).toUpperCase() as AddrType;
    };
    const { srcType: src, dstType: dst } = info;
    return {
      test: (c) => (!src || src.value.includes(typeOf(c, c.skb.pkt.src)) !== src.negated) && (!dst || dst.value.includes(typeOf(c, c.skb.pkt.dst)) !== dst.negated),
    };
  },
  save(info) {
    const parts = ['-m addrtype'];
    if (info.srcType) parts.push(`${not(info.srcType.negated)}--src-type ${list(info.srcType.value)}`);
    if (info.dstType) parts.push(`${not(info.dstType.negated)}--dst-type ${list(info.dstType.value)}`);
    if (info.limitIfaceIn) parts.push('--limit-iface-in');
    if (info.limitIfaceOut) parts.push('--limit-iface-out');
    return parts.join(' ');
  },
  print(info) {
    let s = ' ADDRTYPE match';
    if (info.srcType) s += ` src-type ${info.srcType.negated ? '!' : ''}${list(info.srcType.value)}`;
    if (info.dstType) s += ` dst-type ${info.dstType.negated ? '!' : ''}${list(info.dstType.value)}`;
    if (info.limitIfaceIn) s += ' limit-in';
    if (info.limitIfaceOut) s += ' limit-out';
    return s;
  },
};
