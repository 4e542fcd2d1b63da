import type { Ip4 } from '../../addr/ipv4';
import { inetSelectAddr } from '../devinet';
import { RT_SCOPE_UNIVERSE } from '../fib';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import type { Hook } from './x_tables';

/*
 * The NAT core's address choices that every front end shares (nf_nat_masquerade.c,
 * nf_nat_redirect.c and nf_nat_setup_info): xt's MASQUERADE/REDIRECT/SNAT/DNAT targets call
 * these, and so would nft's masquerade, redirect and snat/dnat statements.
 */

/** Ports to map into (--to-ports); absent keeps them. */
export interface NatPorts {
  min: number;
  max: number;
}

/** A verdict of the NAT core for the hook: the connection is bound, or the packet goes. */
export type NatVerdict = 'ACCEPT' | 'DROP';

/** nf_nat_setup_info for a connection's first packet: bind it and accept. */
export function nfNatSetupInfo(stack: Stack, skb: SkBuff, range: { minIp: Ip4; maxIp: Ip4; minPort?: number; maxPort?: number; random?: boolean; persistent?: boolean }, manip: 'src' | 'dst'): NatVerdict {
  const conn = skb.ct;
  if (conn) stack.nf.nat.setup(conn, range, manip);
  return 'ACCEPT';
}

/** nf_nat_masquerade_ipv4: the egress device's address toward the nexthop, ignoring the route's src. */
export function nfNatMasquerade(stack: Stack, skb: SkBuff, out: NetDevice, ports: NatPorts | undefined, random: boolean | undefined): NatVerdict {
  const nexthop: Ip4 = skb.dst?.gateway ?? skb.pkt.dst;
  const addr = inetSelectAddr(stack, out, nexthop, RT_SCOPE_UNIVERSE);
  if (!addr) {
    stack.trace({ layer: 'netfilter', kind: 'drop', packet: skb.pkt, reason: { code: 'masquerade_no_address', dev: out.name } });
    return 'DROP';
  }
  return nfNatSetupInfo(stack, skb, { minIp: addr, maxIp: addr, minPort: ports?.min, maxPort: ports?.max, random }, 'src');
}

/** nf_nat_redirect_ipv4: the incoming interface's primary address (127.0.0.1 for local packets). */
export function nfNatRedirect(stack: Stack, skb: SkBuff, hook: Hook, inDev: NetDevice | undefined, ports: NatPorts | undefined, random: boolean | undefined): NatVerdict {
  let addr: Ip4 = 0x7f000001;
  if (hook !== 'OUTPUT') {
    const primary = inDev?.addrs.find((a) => !a.secondary);
    if (!primary) return 'DROP';
    addr = primary.local;
  }
  return nfNatSetupInfo(stack, skb, { minIp: addr, maxIp: addr, minPort: ports?.min, maxPort: ports?.max, random }, 'dst');
}
