import type { NetDevice } from '../kernel/netdevice';
import type { EthernetFrame } from '../wire/types';
import type { Reason } from './reason';
import { UNSET_TIME, type Direction, type TraceEvent } from './types';

/*
 * The two events every frame-hop records (dev_queue_xmit onto a link, netif_receive_skb off
 * it), which are most of any trace. Each is built whole, its keys in the order the emitters
 * always gave them, with emit's seq/t/device slots already in place (emit fills them: no second
 * allocation for the keys it adds). A port sends to, and hears from, the same neighbour frame
 * after frame: the reason object is shared between its events while it says the same.
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
  return frameEvent('frame-sent', dev.name, scenarioPort, frame, dir, sentReason(dev, frame));
}

/** A frame `dev` received: off its link, from its own box (a tap) or from outside (an injected frame). */
export function frameReceivedEvent(dev: NetDevice, scenarioPort: string | undefined, frame: EthernetFrame, dir?: Direction): TraceEvent {
  return frameEvent('frame-received', dev.name, scenarioPort, frame, dir, receivedReason(dev, frame));
}

/** Keys only for what the frame has (a direction once conntrack gave one; JSON leaves an undefined key out anyway). */
function frameEvent(kind: 'frame-sent' | 'frame-received', port: string, scenarioPort: string | undefined, frame: EthernetFrame, dir: Direction | undefined, reason: Reason): TraceEvent {
  if (scenarioPort === undefined) {
    return dir === undefined
      ? { layer: 'link', kind, port, frame, reason, seq: 0, t: UNSET_TIME, device: '' }
      : { layer: 'link', kind, port, frame, dir, reason, seq: 0, t: UNSET_TIME, device: '' };
  }
  return dir === undefined
    ? { layer: 'link', kind, port, scenarioPort, frame, reason, seq: 0, t: UNSET_TIME, device: '' }
    : { layer: 'link', kind, port, scenarioPort, frame, dir, reason, seq: 0, t: UNSET_TIME, device: '' };
}
