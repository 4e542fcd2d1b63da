import { inPrefix, type Ip4 } from '../../addr/ipv4';
import type { Match } from './x_tables';

/*
 * ip_packet_match's tests of struct ipt_ip (-s -d -i -o -p): part of every rule, not
 * extensions. The extensions' matches live with the iptables extensions above the kernel.
 */

export function sourceMatch(addr: Ip4, len: number, invert: boolean): Match {
  return { test: (c) => inPrefix(c.skb.pkt.src, addr, len) !== invert };
}
export function destinationMatch(addr: Ip4, len: number, invert: boolean): Match {
  return { test: (c) => inPrefix(c.skb.pkt.dst, addr, len) !== invert };
}

/** Interface names; a trailing `+` matches any name with that prefix. */
export function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
export function inInterfaceMatch(name: string, invert: boolean): Match {
  return { test: (c) => ifaceMatches(name, c.inDev?.name) !== invert };
}
export function outInterfaceMatch(name: string, invert: boolean): Match {
  return { test: (c) => ifaceMatches(name, c.outDev?.name) !== invert };
}

export function protocolMatch(proto: number, invert: boolean): Match {
  return { test: (c) => (c.skb.pkt.payload.kind === 'icmp' ? 1 : c.skb.pkt.payload.kind === 'tcp' ? 6 : 17) === proto !== invert };
}
