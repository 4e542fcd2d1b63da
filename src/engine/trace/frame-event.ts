import type { NetDevice } from '../kernel/netdevice';
import type { EthernetFrame } from '../wire/types';
import type { FramePortSlots } from './frame-ports';
import type { Reason, ReasonOf } from './reason';
import { keptObjectMaker } from '../wire/kept-object';
import { UNSET_TIME, type Direction, type TraceEvent } from './types';

/*
 * The two events every frame-hop records (dev_queue_xmit onto a link, netif_receive_skb off
 * it), which are most of any trace. Each is built whole, its keys in the order the emitters
 * always gave them, with emit's t/device slots already in place (emit fills them: no second
 * allocation for the keys it adds). A port sends to, and hears from, the same neighbour frame
 * after frame: the reason object is shared between its events while it says the same.
 */

/** The reasons a port's last frames were sent and received for, and the lists of the run's frames they went to: a link's end keeps its own, any other port's are kept here. */
export interface FrameReasons extends FramePortSlots {
  sentReason?: ReasonOf<'frame_sent'>;
  receivedReason?: ReasonOf<'frame_received'>;
}
const keptByDevice = new WeakMap<NetDevice, FrameReasons>();

/** Where the reasons of `dev`'s frames are kept when its caller has no place of its own for them. */
export function frameReasonsOf(dev: NetDevice): FrameReasons {
  let kept = keptByDevice.get(dev);
  if (!kept) keptByDevice.set(dev, (kept = { sentReason: undefined, receivedReason: undefined, sentFrames: undefined, receivedFrames: undefined }));
  return kept;
}

function sentReason(kept: FrameReasons, dev: NetDevice, frame: EthernetFrame): Reason {
  const r = kept.sentReason;
  if (r && r.dev === dev.name && r.to === frame.dst) return r;
  return (kept.sentReason = { code: 'frame_sent', dev: dev.name, to: frame.dst });
}

function receivedReason(kept: FrameReasons, dev: NetDevice, frame: EthernetFrame): Reason {
  const r = kept.receivedReason;
  if (r && r.dev === dev.name && r.from === frame.src) return r;
  return (kept.receivedReason = { code: 'frame_received', dev: dev.name, from: frame.src });
}

/** A frame put on the link by `dev`; `scenarioPort` when a rename made the port's names differ. `device` labels the event, at time `t` (TraceRecorder.stamp). */
export function frameSentEvent(kept: FrameReasons, dev: NetDevice, scenarioPort: string | undefined, frame: EthernetFrame, dir: Direction | undefined, device: string, t: number): TraceEvent {
  return frameEvent('frame-sent', dev.name, scenarioPort, frame, dir, sentReason(kept, dev, frame), device, t);
}

/** A frame `dev` received: off its link, from its own box (a tap) or from outside (an injected frame). */
export function frameReceivedEvent(kept: FrameReasons, dev: NetDevice, scenarioPort: string | undefined, frame: EthernetFrame, dir: Direction | undefined, device: string, t: number): TraceEvent {
  return frameEvent('frame-received', dev.name, scenarioPort, frame, dir, receivedReason(kept, dev, frame), device, t);
}

type Kind = 'frame-sent' | 'frame-received';
type Port = string | undefined;
type Dir = Direction | undefined;

/*
 * Keys only for what the frame has (a direction once conntrack gave one; JSON leaves an
 * undefined key out anyway): one maker per set of keys, each a constructor (wire/kept-object.ts:
 * a run keeps every frame event). `t` holds the recorder's shared boxed time, stored after its key was added as UNSET_TIME (see keptObjectMaker).
 */
const Plain = keptObjectMaker(function (this: TraceEvent, kind: Kind, port: string, _scenarioPort: Port, frame: EthernetFrame, _dir: Dir, reason: Reason, device: string, t: number) {
  this.layer = 'link'; this.kind = kind; this.port = port; this.frame = frame; this.reason = reason; this.t = UNSET_TIME; this.device = device; this.t = t;
});
const WithDir = keptObjectMaker(function (this: TraceEvent, kind: Kind, port: string, _scenarioPort: Port, frame: EthernetFrame, dir: Dir, reason: Reason, device: string, t: number) {
  this.layer = 'link'; this.kind = kind; this.port = port; this.frame = frame; this.dir = dir; this.reason = reason; this.t = UNSET_TIME; this.device = device; this.t = t;
});
const Renamed = keptObjectMaker(function (this: TraceEvent, kind: Kind, port: string, scenarioPort: Port, frame: EthernetFrame, _dir: Dir, reason: Reason, device: string, t: number) {
  this.layer = 'link'; this.kind = kind; this.port = port; this.scenarioPort = scenarioPort; this.frame = frame; this.reason = reason; this.t = UNSET_TIME; this.device = device; this.t = t;
});
const RenamedWithDir = keptObjectMaker(function (this: TraceEvent, kind: Kind, port: string, scenarioPort: Port, frame: EthernetFrame, dir: Dir, reason: Reason, device: string, t: number) {
  this.layer = 'link'; this.kind = kind; this.port = port; this.scenarioPort = scenarioPort; this.frame = frame; this.dir = dir; this.reason = reason; this.t = UNSET_TIME; this.device = device; this.t = t;
});

function frameEvent(kind: Kind, port: string, scenarioPort: Port, frame: EthernetFrame, dir: Dir, reason: Reason, device: string, t: number): TraceEvent {
  const Make = scenarioPort === undefined ? (dir === undefined ? Plain : WithDir) : dir === undefined ? Renamed : RenamedWithDir;
  return new Make(kind, port, scenarioPort, frame, dir, reason, device, t);
}
