import type { NetDevice } from '../kernel/netdevice';
import type { EthernetFrame } from '../wire/types';
import type { Reason } from './reason';
import type { Direction, TraceEvent } from './types';

/*
 * The two events every frame-hop records (dev_queue_xmit onto a link, netif_receive_skb off
 * it), which are most of any trace. Each is built whole, in the shape the emitters always gave
 * it, with emit's seq/t/device slots already in place (emit fills them: no second allocation
 * for the fields it adds). A port sends to, and hears from, the same neighbour frame after
 * frame: the reason object is shared between its events while it says the same.
 */

const sentReasons = new WeakMap<NetDevice, Reason & { code: 'frame_sent' }>();
const receivedReasons = new WeakMap<NetDevice, Reason & { code: 'frame_received' }>();

function sentReason(dev: NetDevice, frame: EthernetFrame): Reason {
  const kept = sentReasons.get(dev);
  if (kept && kept.dev === dev.name && kept.to === frame.dst) return kept;
  const made = { code: 'frame_sent' as const, dev: dev.name, to: frame.dst };
  sentReasons.set(dev, made);
  return made;
}

function receivedReason(dev: NetDevice, frame: EthernetFrame): Reason {
  const kept = receivedReasons.get(dev);
  if (kept && kept.dev === dev.name && kept.from === frame.src) return kept;
  const made = { code: 'frame_received' as const, dev: dev.name, from: frame.src };
  receivedReasons.set(dev, made);
  return made;
}

/** A frame put on the link by `dev`; `scenarioPort` when a rename made the port's names differ. */
export function frameSentEvent(dev: NetDevice, scenarioPort: string | undefined, frame: EthernetFrame, dir: Direction | undefined): TraceEvent {
  const reason = sentReason(dev, frame);
  return scenarioPort === undefined
    ? { layer: 'link', kind: 'frame-sent', port: dev.name, frame, dir, reason, seq: 0, t: 0, device: '' }
    : { layer: 'link', kind: 'frame-sent', port: dev.name, scenarioPort, frame, dir, reason, seq: 0, t: 0, device: '' };
}

/** A frame `dev` received off its link, travelling `dir` (the key is there, perhaps undefined, as the link gives it). */
export function frameReceivedEvent(dev: NetDevice, scenarioPort: string | undefined, frame: EthernetFrame, dir: Direction | undefined): TraceEvent {
  const reason = receivedReason(dev, frame);
  return scenarioPort === undefined
    ? { layer: 'link', kind: 'frame-received', port: dev.name, frame, dir, reason, seq: 0, t: 0, device: '' }
    : { layer: 'link', kind: 'frame-received', port: dev.name, scenarioPort, frame, dir, reason, seq: 0, t: 0, device: '' };
}

/** A frame `dev` received from its own box (a tap) or from outside (an injected frame): it has no direction. */
export function frameTappedEvent(dev: NetDevice, scenarioPort: string | undefined, frame: EthernetFrame): TraceEvent {
  const reason = receivedReason(dev, frame);
  return scenarioPort === undefined
    ? { layer: 'link', kind: 'frame-received', port: dev.name, frame, reason, seq: 0, t: 0, device: '' }
    : { layer: 'link', kind: 'frame-received', port: dev.name, scenarioPort, frame, reason, seq: 0, t: 0, device: '' };
}
