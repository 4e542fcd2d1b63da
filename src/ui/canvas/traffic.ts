import type { TraceEvent } from '../../engine/trace/types';
import type { Ipv4Packet } from '../../engine/wire/types';
import { boxOf } from '../../engine/trace/netns-label';
import { formatEndpoint, why } from '../../engine/trace/why';
import { formatIp4 } from '../../engine/addr/ipv4';

/*
 * What the canvas animates at a trace step, worked out from the trace alone (no DOM): frames
 * on links (a `frame-sent` travels from its port to the peer; a switch's flood fans out as
 * one), NAT rewrites and drops at devices. Covers the current event and the few before it.
 */

export type Proto = 'arp' | 'icmp' | 'tcp' | 'udp' | 'dns' | 'other';

/** A frame on a link: from the sending port to its peer. */
export interface Transit {
  /** Index of the frame-sent event. */
  key: number;
  /** Id of the link (see linkId). */
  link: string;
  from: string;
  to: string;
  proto: Proto;
  /** Reply traffic of a tracked connection (conntrack's reply direction). */
  reply: boolean;
  /** Still on the wire at this step, or already received by the peer. */
  state: 'flight' | 'arrived';
  /** Steps since it was sent (0: this step). */
  age: number;
}

/** Something that happened at a device: a NAT rewrite, IPVS choosing or forwarding to a real server, or a drop. */
export interface Mark {
  key: number;
  device: string;
  /** Where in the device: its trace label (`box`, or `box/ns1` for one of its namespaces). */
  at: string;
  kind: 'nat' | 'ipvs' | 'drop';
  label: string;
  detail: string;
  age: number;
}

export interface StepActivity {
  transits: Transit[];
  marks: Mark[];
  /** Links that carried traffic in the window → the protocol of the newest frame on each. */
  links: Map<string, Proto>;
  /** The device of the current event. */
  device?: string;
}

/** How many events before the current one stay visible. */
export const WINDOW = 6;

export function linkId(a: string, b: string): string {
  return `${a}~${b}`;
}

function protoOfPacket(p: Ipv4Packet): Proto {
  const l4 = p.payload;
  if (l4.kind === 'udp') return l4.sport === 53 || l4.dport === 53 ? 'dns' : 'udp';
  // A tunnelled packet is drawn as what it carries.
  if (l4.kind === 'ipip') return protoOfPacket(l4.inner);
  return l4.kind;
}

/** The protocol a learner would name for this event's frame or packet. */
export function protocolOf(e: Pick<TraceEvent, 'frame' | 'packet'>): Proto {
  const payload = e.frame?.payload;
  if (payload?.kind === 'arp') return 'arp';
  if (payload?.kind === 'ipv4') return protoOfPacket(payload);
  if (e.packet) return protoOfPacket(e.packet);
  return 'other';
}

/**
 * Which way a sent frame travels relative to its connection: the event's own `dir`, else the
 * `dir` the same device gave the same packet earlier at the same instant (conntrack and NAT
 * events between its reception and its sending).
 */
export function directionOf(events: readonly TraceEvent[], i: number): TraceEvent['dir'] {
  const e = events[i]!;
  if (e.dir) return e.dir;
  for (let k = i - 1; k >= 0; k--) {
    const p = events[k]!;
    if (p.device !== e.device || p.t !== e.t) break;
    if (p.dir) return p.dir;
    if (p.kind === 'frame-received' || p.kind === 'frame-sent') break;
  }
  return undefined;
}

/**
 * "DNAT 50.60.70.80:8080 → 192.168.1.2:80": the rewrite of a nat event, old → new, from its
 * reason; IPVS's own rewrite (ip_vs_nat_xmit, its reply in ip_vs_out) says "IPVS DNAT" or "IPVS un-NAT".
 */
export function natLabel(e: Pick<TraceEvent, 'reason'>): string {
  const r = e.reason;
  if (r.code === 'ipvs_nat') return `IPVS ${r.reply ? 'un-NAT' : 'DNAT'} ${formatEndpoint(r.from)} → ${formatEndpoint(r.to)}`;
  if (r.code !== 'nat') return 'NAT';
  const head = r.reply ? 'un-NAT' : r.manip === 'src' ? 'SNAT' : 'DNAT';
  return `${head} ${formatEndpoint(r.from)} → ${formatEndpoint(r.to)}`;
}

/**
 * "IPVS rr → 10.244.1.3:80": an IPVS step that is not a rewrite, from its reason: the scheduler
 * choosing a real server for a new connection, direct routing handing the packet to one (whose
 * NAT rewrite, if any, is natLabel's). Undefined for any other event.
 */
export function ipvsLabel(e: Pick<TraceEvent, 'reason'>): string | undefined {
  const r = e.reason;
  if (r.code === 'ipvs_schedule') return `IPVS ${r.scheduler} → ${formatEndpoint(r.dest)}`;
  if (r.code === 'ipvs_dr') return `IPVS DR → ${formatIp4(r.dest)}`;
  return undefined;
}

interface LinkEnds {
  peer: Map<string, { peer: string; id: string }>;
}

/**
 * The link end an event's port is: `box/ns1:ceth1` for an interface inside a device that a
 * link inside it ends at (a veth end), else the device's port `box:eth0` (one of its ports
 * may have moved into a namespace: its frames are labelled `box/ns1:eth0`; one the config renamed
 * carries its scenario name in `scenarioPort`).
 */
function endOf(e: TraceEvent, peer: ReadonlyMap<string, unknown>): string {
  // A port the config renamed is linked by its scenario name.
  if (e.scenarioPort !== undefined) return `${boxOf(e.device)}:${e.scenarioPort}`;
  const own = `${e.device}:${e.port}`;
  return peer.has(own) ? own : `${boxOf(e.device)}:${e.port}`;
}

function linkEnds(links: readonly (readonly [string, string])[]): LinkEnds {
  const peer = new Map<string, { peer: string; id: string }>();
  for (const [a, b] of links) {
    const id = linkId(a, b);
    // A port has one link: the first given (the document's come before those inside devices).
    if (peer.has(a) || peer.has(b)) continue;
    peer.set(a, { peer: b, id });
    peer.set(b, { peer: a, id });
  }
  return { peer };
}

/** Where each frame-sent event of a trace arrives, worked out once per trace and links. */
interface Arrivals {
  links: readonly (readonly [string, string])[];
  /** Event index of the frame-received for frame-sent `i`, or -1 (none: not a sent frame, or lost). */
  at: Int32Array;
  /** The most events between a frame's sending and its arrival: how far back a frame can still be on the wire. */
  longest: number;
}

const arrivalCache = new WeakMap<readonly TraceEvent[], Arrivals>();

/**
 * Matches every frame-sent to the frame-received at its link's far end: the first received
 * there afterwards with the same MAC addresses (one pass, a queue of frames on the wire per port).
 */
function arrivals(events: readonly TraceEvent[], links: readonly (readonly [string, string])[], peer: Map<string, { peer: string }>): Arrivals {
  const cached = arrivalCache.get(events);
  if (cached && cached.links === links) return cached;
  const at = new Int32Array(events.length).fill(-1);
  const onWire = new Map<string, number[]>();
  let longest = 0;
  for (let j = 0; j < events.length; j++) {
    const e = events[j]!;
    if (e.kind === 'frame-sent') {
      const end = peer.get(endOf(e, peer));
      if (!end) continue;
      const queue = onWire.get(end.peer);
      if (queue) queue.push(j);
      else onWire.set(end.peer, [j]);
    } else if (e.kind === 'frame-received') {
      const queue = onWire.get(endOf(e, peer));
      if (!queue) continue;
      const k = queue.findIndex((i) => {
        const sent = events[i]!;
        return !sent.frame || !e.frame || (e.frame.src === sent.frame.src && e.frame.dst === sent.frame.dst);
      });
      if (k < 0) continue;
      const i = queue[k]!;
      queue.splice(k, 1);
      at[i] = j;
      longest = Math.max(longest, j - i);
    }
  }
  const value = { links, at, longest };
  arrivalCache.set(events, value);
  return value;
}

/** The frames sent together by the flood at `f` (the frame-sent events right after it). */
export function floodGroup(events: readonly TraceEvent[], f: number): number[] {
  const flood = events[f]!;
  const out: number[] = [];
  for (let j = f + 1; j < events.length; j++) {
    const e = events[j]!;
    if (e.device !== flood.device || e.t !== flood.t) break;
    if (e.kind === 'frame-sent') out.push(j);
    else if (e.kind !== 'bridged') break;
  }
  return out;
}

/** The mark an event leaves at its device, if any: a drop's ✕, a NAT rewrite, IPVS at work (its rewrites too). */
function markOf(e: TraceEvent): Pick<Mark, 'kind' | 'label'> | undefined {
  if (e.kind === 'drop') return { kind: 'drop', label: '✕' };
  if (e.kind === 'nat') return { kind: e.reason.code === 'ipvs_nat' ? 'ipvs' : 'nat', label: natLabel(e) };
  const label = ipvsLabel(e);
  return label ? { kind: 'ipvs', label } : undefined;
}

/**
 * What to animate at `step`: frames on links, NAT and drops at devices. Every frame still on
 * the wire at this step travels, however many events ago it was sent (a flood down a tree of
 * switches puts hundreds on the wire at the same instant); frames sent in the last `window`
 * events show where they arrived.
 */
export function stepActivity(events: readonly TraceEvent[], step: number, links: readonly (readonly [string, string])[], window = WINDOW): StepActivity {
  const out: StepActivity = { transits: [], marks: [], links: new Map() };
  if (!events.length || step < 0) return out;
  step = Math.min(step, events.length - 1);
  out.device = boxOf(events[step]!.device);
  const { peer } = linkEnds(links);
  const { at, longest } = arrivals(events, links, peer);
  const lo = Math.max(0, step - window);
  const sent = new Set<number>();
  // Frames sent in the window, frames sent earlier still on the wire, and whole floods.
  for (let i = Math.max(0, step - Math.max(longest, window)); i <= step; i++) {
    const e = events[i]!;
    if (e.kind === 'frame-sent') {
      if (i >= lo || at[i]! > step) sent.add(i);
    } else if (e.kind === 'flooded' && i >= lo) {
      for (const j of floodGroup(events, i)) sent.add(j);
    }
    if (i >= lo) {
      const mark = markOf(e);
      if (mark) out.marks.push({ key: i, device: boxOf(e.device), at: e.device, ...mark, detail: why(e), age: step - i });
    }
  }
  for (const i of [...sent].sort((a, b) => a - b)) {
    const e = events[i]!;
    const from = endOf(e, peer);
    const end = peer.get(from);
    if (!end) continue;
    const arrival = at[i]! >= 0 ? at[i]! : undefined;
    const age = Math.max(0, step - i);
    const state = i > step || (arrival !== undefined ? arrival > step : age === 0) ? 'flight' : 'arrived';
    const proto = protocolOf(e);
    out.transits.push({ key: i, link: end.id, from, to: end.peer, proto, reply: directionOf(events, i) === 'reply', state, age });
    out.links.set(end.id, proto);
  }
  return out;
}
