import type { EthernetFrame } from '../wire/types';
import type { Stack } from './stack';

/*
 * The outer source port of a tunnelled frame (include/net/udp.h udp_flow_src_port): the inner
 * frame's flow hash (skb_get_hash → __flow_hash_from_keys), spread over the source port range
 * (ip_local_port_range when the device gives none). The kernel's hash is symmetric (the
 * addresses and ports are ordered first, __flow_hash_consistentify), so a request and its reply
 * leave with the same port, and every ARP packet, whose dissected keys are only the ethertype,
 * shares one. It is keyed with hashrnd, random per boot: a port cannot be predicted, only
 * which frames share one. Here each box draws its own key (seeded), keeping those equalities.
 */

const HASH_KEYS = new WeakMap<Stack, number>();

function hashKey(stack: Stack): number {
  let key = HASH_KEYS.get(stack);
  if (key === undefined) HASH_KEYS.set(stack, (key = Math.floor(stack.env.random() * 2 ** 32)));
  return key;
}

/** A 32-bit mix (murmur3's finaliser) standing in for jhash2. */
function mix(h: number, v: number): number {
  h ^= v >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The dissected flow keys, ordered as __flow_hash_consistentify orders them. */
function flowKeys(frame: EthernetFrame): number[] {
  const p = frame.payload;
  if (p.kind === 'arp') return [0x0806];
  const l4 = p.payload;
  let [a, b] = [p.src, p.dst];
  let [pa, pb] = l4.kind === 'icmp' ? [l4.id ?? 0, l4.id ?? 0] : l4.kind === 'ipip' ? [0, 0] : [l4.sport, l4.dport];
  if (b < a || (a === b && pb < pa)) {
    [a, b] = [b, a];
    [pa, pb] = [pb, pa];
  }
  const proto = l4.kind === 'icmp' ? 1 : l4.kind === 'tcp' ? 6 : 17;
  return [0x0800, proto, a, b, (pa << 16) | pb];
}

/** udp_flow_src_port(net, skb, min, max, use_eth). */
export function udpFlowSrcPort(stack: Stack, frame: EthernetFrame, min: number, max: number): number {
  if (min >= max) [min, max] = stack.sysctl.localPortRange;
  let hash = flowKeys(frame).reduce(mix, hashKey(stack)) || 1;
  hash = (hash ^ (hash << 16)) >>> 0;
  return Math.floor((hash * (max - min)) / 2 ** 32) + min;
}
