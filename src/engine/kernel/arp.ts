import { AF_INET } from '../addr/family';
import { formatIp4, isLoopback, isMulticast, type Ip4 } from '../addr/ipv4';
import { MAC_BROADCAST, MAC_ZERO, type Mac } from '../addr/mac';
import { ipv4Length } from '../wire/ipv4';
import { ETH_P_ARP, type ArpPacket, type EthernetFrame } from '../wire/types';
import { ifaMatch, inetSelectAddr } from './devinet';
import { RT_SCOPE_HOST, RT_SCOPE_LINK } from './fib';
import { devAddPack, devQueueXmit, type PacketType } from './link';
import type { NetDevice } from './netdevice';
import { NEIGH_ARP_TABLE, NeighTable, neighTableInit, type NeighOps, type Neighbour } from './neighbour';
import { routeInput } from './route';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';

/*
 * ARP (net/ipv4/arp.c): IPv4's neighbour table (arp_tbl) and its operations, solicitations with
 * the kernel's sender-address choice, and replies.
 */

/** arp_tbl: IPv4's slot in the stack's neighbour tables. */
export function arpTbl(stack: Stack): NeighTable {
  return stack.neighTables[NEIGH_ARP_TABLE]!;
}

function sendArp(stack: Stack, dev: NetDevice, op: 'request' | 'reply', ethDst: Mac, senderIp: Ip4, targetIp: Ip4, targetMac: Mac, senderWhy?: string): void {
  const arp: ArpPacket = { kind: 'arp', op, senderMac: dev.mac, senderIp, targetMac, targetIp };
  const frame: EthernetFrame = { src: dev.mac, dst: ethDst, payload: arp };
  if (stack.tracing) stack.trace({
    layer: 'arp',
    kind: op === 'request' ? 'arp-request' : 'arp-reply',
    port: dev.name,
    frame,
    reason: op === 'request' ? { code: 'arp_request', target: targetIp, sender: senderIp } : { code: 'arp_reply', sender: senderIp, mac: dev.mac },
    facts: senderWhy ? { sender: senderWhy } : undefined,
  });
  devQueueXmit(stack, dev, frame);
}

/**
 * arp_solicit. The sender address (arp_announce 0) is the queued packet's source when it is
 * one of ours, else inet_select_addr(dev, target, link): a router forwarding asks "tell <own>".
 */
export function arpSolicit(stack: Stack, n: Neighbour, last: SkBuff | undefined, unicast: boolean): void {
  const dev = n.dev;
  const announce = stack.sysctl.maxConf(dev.name, 'arp_announce');
  let saddr: Ip4 = 0;
  let why = '';
  const src = last?.pkt.src;
  if (announce === 0 && src !== undefined && stack.addrType(src) === 'local') {
    saddr = src;
    why = 'the queued packet\'s source is local (arp_announce 0)';
  } else if (announce === 1 && src !== undefined && stack.addrType(src) === 'local' && dev.addrs.some((a) => ifaMatch(n.ip, a) && ifaMatch(src, a))) {
    saddr = src;
    why = 'the source is in the target\'s subnet (arp_announce 1)';
  }
  if (!saddr) {
    saddr = inetSelectAddr(stack, dev, n.ip, RT_SCOPE_LINK);
    why = `the packet's source is not ours, so ${dev.name}'s address for the target is used (inet_select_addr)`;
  }
  sendArp(stack, dev, 'request', unicast && n.mac ? n.mac : MAC_BROADCAST, saddr, n.ip, MAC_ZERO, why);
}

/** arp_ignore: the mode that keeps us silent for a request to one of our addresses, if any. */
function arpIgnore(stack: Stack, dev: NetDevice, sip: Ip4, tip: Ip4): number | undefined {
  const mode = stack.sysctl.maxConf(dev.name, 'arp_ignore');
  const onDev = dev.addrs.find((a) => a.local === tip);
  switch (mode) {
    case 0:
      return undefined;
    case 1:
      return onDev ? undefined : mode;
    case 2:
      return onDev && ifaMatch(sip, onDev) ? undefined : mode;
    case 3:
      return onDev && onDev.scope === RT_SCOPE_HOST ? mode : undefined;
    default:
      return mode;
  }
}

/** arp_process: answer requests for our addresses (or proxied ones) and learn senders. */
/** arp_packet_type. */
export const ARP_PACKET_TYPE: PacketType = { type: ETH_P_ARP, otherhost: true, func: (stack, dev, frame, pktType) => arpRcv(stack, dev, frame, pktType) };

export function arpRcv(stack: Stack, dev: NetDevice, frame: EthernetFrame, pktType: 'host' | 'broadcast' | 'otherhost', delayed = false): void {
  const arp = frame.payload as ArpPacket;
  if (pktType === 'otherhost') return;
  const { senderIp: sip, targetIp: tip, senderMac: sha } = arp;
  if (isMulticast(tip) || (isLoopback(tip) && !stack.sysctl.orConf(dev.name, 'route_localnet'))) return;
  const neigh = arpTbl(stack);
  // RFC 2131 duplicate address detection (sender 0.0.0.0): answered for a local address, nothing learned.
  if (sip === 0) {
    if (arp.op === 'request' && stack.addrType(tip) === 'local' && arpIgnore(stack, dev, sip, tip) === undefined) sendArp(stack, dev, 'reply', sha, tip, sip, sha);
    return;
  }
  if (arp.op === 'request') {
    const rt = routeInput(stack, sip, tip, 0, 0, dev);
    if (rt.ok && rt.type === 'local') {
      const ignored = arpIgnore(stack, dev, sip, tip);
      if (ignored !== undefined) {
        stack.trace({ layer: 'arp', kind: 'drop', port: dev.name, frame, reason: { code: 'arp_ignore', mode: ignored, target: tip, dev: dev.name }, facts: { sysctl: `net.ipv4.conf.${dev.name}.arp_ignore` } });
      } else {
        const n = neigh.lookup(dev, sip) ?? neigh.create(dev, sip);
        neigh.update(n, sha, 'STALE', true, { code: 'learned_request', from: sip });
        sendArp(stack, dev, 'reply', sha, tip, sip, sha);
      }
      return;
    }
    if (rt.ok && rt.type === 'forward' && rt.dev !== dev && stack.sysctl.orConf(dev.name, 'proxy_arp')) {
      const proxyDelay = 800_000_000;
      if (!delayed && pktType !== 'host') {
        const delay = Math.floor(stack.env.random() * proxyDelay);
        stack.trace({ layer: 'arp', kind: 'neigh-queue', port: dev.name, frame, reason: { code: 'proxy_arp', target: tip, dev: dev.name, delayMs: Math.round(delay / 1e6) }, facts: { sysctl: `net.ipv4.conf.${dev.name}.proxy_arp` } });
        stack.env.schedule(delay, () => arpRcv(stack, dev, frame, pktType, true));
        return;
      }
      const n = neigh.lookup(dev, sip) ?? neigh.create(dev, sip);
      neigh.update(n, sha, 'STALE', true, { code: 'learned_request', from: sip });
      sendArp(stack, dev, 'reply', sha, tip, sip, sha);
      return;
    }
    if (!rt.ok && (rt.cause === 'rpf' || rt.cause === 'martian-source')) {
      stack.trace({ layer: 'arp', kind: 'drop', port: dev.name, frame, reason: { code: 'arp_route', route: rt.reason } });
    }
  }
  // Update our table only for senders we already have an entry for (arp_accept 0).
  const n = neigh.lookup(dev, sip);
  if (n) {
    const state = arp.op === 'reply' && pktType === 'host' ? 'REACHABLE' : 'STALE';
    const override = !neigh.isLocked(n);
    neigh.update(n, sha, state, override, { code: arp.op === 'reply' ? 'arp_reply' : 'arp_request', from: sip });
  }
}

/** arp_error_report: the packet waited for a neighbour that never answered. */
function arpErrorReport(stack: Stack, skb: SkBuff): void {
  const nexthop = skb.dst!.gateway ?? skb.pkt.dst;
  stack.trace({ layer: 'arp', kind: 'drop', port: skb.dst!.dev.name, packet: skb.pkt, reason: { code: 'neigh_failed', nexthop } });
  // dst->ops->link_failure (ipv4_link_failure): the sender learns through ICMP host unreachable.
  stack.dstLinkFailure(stack, { ...skb, pktType: 'host' });
}

/** arp_tbl's parms and arp_generic_ops. */
export const ARP_NEIGH_OPS: NeighOps = {
  family: AF_INET,
  id: 'arp_cache',
  parms: (stack, dev) => stack.sysctl.neigh(dev.name),
  solicit: arpSolicit,
  errorReport: arpErrorReport,
  queuedLength: (skb) => ipv4Length(skb.pkt),
  formatAddr: formatIp4,
};

/** arp_init: IPv4's neighbour table and the ARP receive handler. */
export function arpInit(stack: Stack): void {
  neighTableInit(stack, NEIGH_ARP_TABLE, new NeighTable(stack, ARP_NEIGH_OPS));
  devAddPack(stack, ARP_PACKET_TYPE);
}
