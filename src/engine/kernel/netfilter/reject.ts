import { ICMP_DEST_UNREACH } from '../../wire/types';
import { icmpSend } from '../icmp';
import { ipLocalOut } from '../ip_output';
import { routeOutput } from '../route';
import { skb as makeSkb, type SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { buildReset } from '../tcp_output';
import type { Hook } from './x_tables';

/* The REJECT target's replies (nf_reject_ipv4.c). */

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

export const REJECT_CODES: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
};

export function sendReject(stack: Stack, skb: SkBuff, withWhat: RejectWith, hook: Hook): void {
  void hook;
  if (withWhat !== 'tcp-reset') {
    icmpSend(stack, skb, ICMP_DEST_UNREACH, REJECT_CODES[withWhat], 0);
    return;
  }
  // nf_send_reset: a RST from the packet's destination, attached to its connection.
  const rst = buildReset(skb.pkt, stack.defaultTtl);
  if (!rst) return;
  const route = routeOutput(stack, { dst: rst.dst, src: rst.src, anySrc: true });
  if (!route.ok) return;
  const out = makeSkb(rst, true, skb.ct ? { ct: skb.ct, ctReply: !skb.ctReply, ctInfo: 'related' } : {});
  stack.trace({ layer: 'netfilter', kind: 'reply', packet: rst, reason: { code: 'reject_tcp_reset' } });
  ipLocalOut(stack, out, route);
}
