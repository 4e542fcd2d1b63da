import type { TraceEvent } from './types';

/*
 * Which interface each kept frame crossed, noted by the recorder as it keeps the frame: a Run's
 * answer lists every interface frames crossed with the indexes of its frames (what tcpdump there
 * shows), and reading them back out of 34,000 events took a quarter of a recorded Run in
 * Chromium. A link's frames come with the place that keeps their port's reasons
 * (FrameReasons), which remembers the list its last frame went to: no lookup per frame.
 */

/** The frames one interface carried under one trace label, in trace order. */
export interface PortFrames {
  /** The recording these are from (a slot noted in an earlier run is stale). */
  readonly owner: FramePorts;
  /** The trace label: `box`, or `box/ns1` inside a namespace. */
  readonly label: string;
  /** The scenario's name of a renamed topology port, else the kernel's. */
  readonly name: string;
  /** Its first frame carried a scenario name (the kernel had renamed the topology port). */
  readonly renamed: boolean;
  /** The kernel's name of a renamed topology port, as its latest frame gave it, and that frame's index. */
  ifname?: string;
  ifnameAt: number;
  readonly frames: number[];
}

/** Where a port's frames remember their list: a link end (or the table of other ports' reasons) holds one for its sent frames and one for its received ones. */
export interface FramePortSlots {
  sentFrames?: PortFrames;
  receivedFrames?: PortFrames;
}

export class FramePorts {
  /** In the order of their first frame. */
  readonly inOrder: PortFrames[] = [];
  /** By trace label, then port name: no string made per frame. */
  private readonly byLabel = new Map<string, Map<string, PortFrames>>();

  /** Frame `index` (a frame-sent or frame-received event), from an emitter without a slot. */
  note(e: TraceEvent, index: number): void {
    if (e.port) this.add(this.find(e), e, index);
  }

  /** Frame `index`, sent by the port whose slots these are. */
  noteSent(e: TraceEvent, index: number, slots: FramePortSlots): void {
    if (e.port) this.add((slots.sentFrames = this.listFor(slots.sentFrames, e)), e, index);
  }

  /** Frame `index`, received by the port whose slots these are. */
  noteReceived(e: TraceEvent, index: number, slots: FramePortSlots): void {
    if (e.port) this.add((slots.receivedFrames = this.listFor(slots.receivedFrames, e)), e, index);
  }

  /** A slot's list when it is this recording's, for the event's label and port (a port can move into a namespace, or be renamed, mid-run); else the right one. */
  private listFor(list: PortFrames | undefined, e: TraceEvent): PortFrames {
    return list !== undefined && list.owner === this && list.label === e.device && list.name === (e.scenarioPort ?? e.port) ? list : this.find(e);
  }

  private add(list: PortFrames, e: TraceEvent, index: number): void {
    if (e.scenarioPort !== undefined) {
      list.ifname = e.port;
      list.ifnameAt = index;
    }
    list.frames.push(index);
  }

  private find(e: TraceEvent): PortFrames {
    const name = e.scenarioPort ?? e.port!;
    let ports = this.byLabel.get(e.device);
    if (!ports) this.byLabel.set(e.device, (ports = new Map()));
    let list = ports.get(name);
    if (!list) {
      list = { owner: this, label: e.device, name, renamed: e.scenarioPort !== undefined, ifname: undefined, ifnameAt: -1, frames: [] };
      ports.set(name, list);
      this.inOrder.push(list);
    }
    return list;
  }
}
