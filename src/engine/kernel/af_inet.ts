import { arpInit } from './arp';
import { icmpSend } from './icmp';
import { IP_PACKET_TYPE } from './ip_input';
import { devAddPack } from './link';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';

/*
 * inet_init (af_inet.c) and arp_init: IPv4 registers its handlers with the layers below it,
 * which call them through these tables and never by name.
 */

/** ipv4_link_failure: the neighbour gave up on the next hop; the sender hears ICMP host unreachable. */
function ipv4LinkFailure(stack: Stack, skb: SkBuff): void {
  icmpSend(stack, skb, 3, 1, 0, true);
}

export function inetInit(stack: Stack): void {
  devAddPack(stack, IP_PACKET_TYPE);
  arpInit(stack);
  stack.dstLinkFailure = ipv4LinkFailure;
}
