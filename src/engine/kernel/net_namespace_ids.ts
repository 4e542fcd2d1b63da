import type { Stack } from './stack';

/*
 * Namespace ids (net/core/net_namespace.c peernet2id_alloc): a namespace numbers the other
 * namespaces it refers to, the lowest free id first, when it first needs one: when a device
 * whose link is in another namespace (a veth end whose peer is there) is announced or dumped.
 * `ip link` prints the id as `link-netnsid N`, or the name ip netns gave that namespace.
 */

export function peernet2idAlloc(net: Stack, peer: Stack): number {
  const known = net.nsids.get(peer);
  if (known !== undefined) return known;
  const used = new Set(net.nsids.values());
  let id = 0;
  while (used.has(id)) id++;
  net.nsids.set(peer, id);
  return id;
}
