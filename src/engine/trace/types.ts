import type { EthernetFrame, Ipv4Packet } from '../wire/types';
import type { Reason } from './reason';

/*
 * The trace: what the UI animates and the CLI prints with --json. One event per step a Linux
 * box takes, in virtual-time order, each with the packet as it is after that step and why
 * (a reason code and its facts; trace/why.ts renders the sentence).
 */

export type TraceLayer = 'link' | 'bridge' | 'arp' | 'ip' | 'netfilter' | 'conntrack' | 'tcp' | 'udp' | 'icmp' | 'app';

export type TraceKind =
  | 'frame-sent'
  | 'frame-received'
  | 'flooded'
  | 'bridged'
  | 'fdb-learn'
  | 'arp-request'
  | 'arp-reply'
  | 'arp-cache'
  | 'neigh-queue'
  | 'route'
  | 'hook'
  | 'rule-match'
  | 'nat'
  | 'conntrack-new'
  | 'conntrack-established'
  | 'conntrack-related'
  | 'conntrack-invalid'
  | 'conntrack-update'
  | 'forward'
  | 'deliver'
  | 'socket'
  | 'reply'
  | 'drop'
  | 'icmp-error'
  | 'redirect'
  | 'output'
  | 'process';

/** Every kind, for checking names that arrive as text (a lesson's step). */
export const TRACE_KINDS: ReadonlySet<string> = new Set(
  Object.keys({
    'frame-sent': 1, 'frame-received': 1, flooded: 1, bridged: 1, 'fdb-learn': 1, 'arp-request': 1, 'arp-reply': 1, 'arp-cache': 1,
    'neigh-queue': 1, route: 1, hook: 1, 'rule-match': 1, nat: 1, 'conntrack-new': 1, 'conntrack-established': 1,
    'conntrack-related': 1, 'conntrack-invalid': 1, 'conntrack-update': 1, forward: 1, deliver: 1, socket: 1, reply: 1, drop: 1,
    'icmp-error': 1, redirect: 1, output: 1, process: 1,
  } satisfies Record<TraceKind, 1>),
);

export type Direction = 'original' | 'reply';

/**
 * A step. Its position in the trace (0-based: the step number the UI shows, plus one) is its
 * index in the events array: the event does not repeat it (8 bytes of each of 100,000 events).
 */
export interface TraceEvent {
  /** Virtual time in nanoseconds since the flow started. */
  t: number;
  device: string;
  /** The interface as the kernel names it now (what `tcpdump -i` takes). */
  port?: string;
  /**
   * A frame on a topology port the config renamed (`ip link set eth1 name wan0`): the scenario's
   * name of the port, by which its link and capture are known. Absent while the names agree.
   */
  scenarioPort?: string;
  layer: TraceLayer;
  kind: TraceKind;
  /** The frame on the wire (link events) or the IP packet after this step. */
  frame?: EthernetFrame;
  packet?: Ipv4Packet;
  /** The packet before a rewrite (NAT, TTL). */
  before?: Ipv4Packet;
  /** Which way the packet travels relative to its connection, when conntrack knows. */
  dir?: Direction;
  /** Why this step happened: a code and its facts, rendered to a sentence by trace/why.ts. */
  reason: Reason;
  /** The facts behind it: route, rule, iptables rule, conntrack entry, sysctl. */
  facts?: Record<string, string | number | boolean>;
}

/**
 * What an emitter gives: the event without its time and device, which emit fills in. An emitter
 * on every frame's path gives those two keys too (last, in this order, `t` as UNSET_TIME): the
 * event is then one object, where keys added after its literal cost a second allocation.
 */
export type TraceInput = Omit<TraceEvent, 't' | 'device'> & Partial<Pick<TraceEvent, 't' | 'device'>>;

/**
 * The `t` an emitter gives for emit to fill (see TraceInput). Not a number, so that V8 keeps the
 * field as a reference rather than a number boxed per object, and the events of one instant
 * share emit's one boxed time (16 bytes less per event).
 */
export const UNSET_TIME = undefined as unknown as number;
