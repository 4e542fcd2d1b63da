import { MAC_BROADCAST, isMulticastMac } from '../addr/mac';
import type { Direction } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import { packetRcv } from './af_packet';
import { arpRcv } from './arp';
import { ipRcv } from './ip_input';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';

/* The device layer: what a NIC hands up (netif_receive_skb) and takes down (dev_queue_xmit). */

/** dev_queue_xmit: a device without carrier drops at the qdisc; tcpdump never sees it. */
export function devQueueXmit(stack: Stack, dev: NetDevice, frame: EthernetFrame, dir?: Direction): void {
  if (!dev.running) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'link_down', dev: dev.name, up: dev.up } });
    return;
  }
  stack.env.transmit(dev, frame, dir);
}

export function netifReceive(stack: Stack, dev: NetDevice, frame: EthernetFrame): void {
  if (!dev.up) return;
  if (dev.bridgePort && stack.bridge) {
    stack.bridge.receive(dev, frame);
    return;
  }
  const pktType = frame.dst === dev.mac ? 'host' : frame.dst === MAC_BROADCAST || isMulticastMac(frame.dst) ? 'broadcast' : 'otherhost';
  if (pktType !== 'otherhost') packetRcv(stack, dev, frame);
  if (frame.payload.kind === 'arp') return arpRcv(stack, dev, frame, pktType);
  if (pktType === 'otherhost') {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'otherhost', dev: dev.name, dst: frame.dst, mac: dev.mac } });
    return;
  }
  ipRcv(stack, dev, frame.payload, pktType);
}
