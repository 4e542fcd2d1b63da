import { formatIp4, isLbcast, type Ip4 } from '../addr/ipv4';
import { MAC_BROADCAST, type Mac } from '../addr/mac';
import { Errno, STRERROR } from '../kernel/errors';
import { ipLocalOut } from '../kernel/ip_output';
import { netifReceive } from '../kernel/link';
import type { NetDevice } from '../kernel/netdevice';
import { flowKeysOf, routeOutput } from '../kernel/route';
import { ROOT_SK, skb as makeSkb } from '../kernel/skbuff';
import type { Stack } from '../kernel/stack';
import { synAckOptions } from '../kernel/tcp_output';
import type { Scenario } from '../scenario/types';
import { frameReasonsOf, frameReceivedEvent, frameSentEvent } from '../trace/frame-event';
import { StepReached } from '../trace/recorder';
import { ViewLog } from '../trace/view-log';
import type { TraceEvent } from '../trace/types';
import { ICMP_ECHO, TCP_ACK, TCP_SYN, type EthernetFrame, type Ipv4Packet, type L4, type TcpOption } from '../wire/types';
import { EVENT_BUDGET, RULE_BUDGET } from './budgets';
import { Network, type CapturedFrameRecord } from './network';
import { boot, EXEC_NS, type ConfigIssue, type FlowResult, type OutOfTime } from './run';
import { DEFAULT_SPORT } from './inject-label';

export { describeInjected } from './inject-label';

/*
 * "Where does this packet go, and why?" for one device and no peers: boots the scenario, then
 * at virtual time INJECT_AT_NS puts one packet on the device as if it arrived on a port from
 * outside (netif_receive_skb, as a link delivers it), or as a local process's raw socket sends
 * it (the local output path: routing chooses the source when none is given). The run goes on
 * until nothing is left to do or INJECT_WINDOW_NS has passed, so an ARP resolution that nobody
 * answers ends in its failure (three probes, one second apart) and the trace says so.
 *
 * The outside is not built: every port of the device without a link counts as plugged in
 * (carrier on, as a real server's NIC is), and what the device sends there is captured and
 * traced as sent, and reaches nobody. So ARP for a next hop out there goes unanswered.
 */

/**
 * The source MAC of an injected frame: a made-up unicast, locally administered address (first
 * octet 0x02: bit 0 clear = unicast, bit 1 set = local) outside the scenario's default scheme
 * (02:00:…), so it is never a port's own.
 */
export const OUTSIDE_MAC: Mac = '02:ff:00:00:00:01';

/** The packet is injected this long after boot, as a flow's command starts (fork+exec). */
export const INJECT_AT_NS = EXEC_NS;
/** How long the run goes on after the injection: an unanswered ARP fails after 3 s. */
export const INJECT_WINDOW_NS = 5_000_000_000;

export const MARK_FROM_OUTSIDE = 'a packet arriving on a port carries no mark (a received skb starts with mark 0; iptables -t mangle or tc in the config sets one): --mark goes with --from-local';

export type InjectProto = 'tcp' | 'udp' | 'icmp';

export interface InjectSpec {
  /** The scenario device the packet is put on. */
  device: string;
  /** Arrives on this port from outside (a scenario port name). */
  inPort?: string;
  /** Sent by a local process instead (the OUTPUT path). */
  fromLocal?: boolean;
  proto: InjectProto;
  /** Omitted only with fromLocal: routing chooses it. */
  src?: Ip4;
  sport?: number;
  dst: Ip4;
  dport?: number;
  /** TCP flags (TCP_SYN, …); SYN when not given. */
  flags?: number;
  /** skb->mark (fwmark) the local process's socket gives it (SO_MARK); only with fromLocal. */
  mark?: number;
  /** The options a SYN offers, in Linux's layout; all of them (a Linux client's SYN) when not given. */
  synOptions?: readonly SynOption[];
}

/** What a SYN can offer besides its MSS, which it always carries. */
export type SynOption = 'sackOK' | 'timestamp' | 'wscale';

export interface InjectResult {
  spec: InjectSpec;
  /** The packet as injected (with the chosen source for --from-local), when it was built. */
  packet?: Ipv4Packet;
  /** Why a local packet could not be sent (no route, source not local, dropped in OUTPUT): the errno and its text. */
  sendError?: string;
  /** Virtual time of the injection. */
  injectedAt: number;
  stopReason: FlowResult['stopReason'];
  events: TraceEvent[];
  captures: Map<string, CapturedFrameRecord[]>;
  configIssues: ConfigIssue[];
  network: Network;
  /** What the inspector's views printed at every step (InjectOptions.viewLog). */
  viewLog?: ViewLog;
}

export interface InjectOptions {
  seed?: number;
  traceLimit?: number;
  outOfTime?: OutOfTime;
  eventBudget?: number;
  /**
   * Stop at this event of the trace, inside the code that emits it (every device's state at
   * that very step: the views of a step). The result's events end with it.
   */
  stopAtEvent?: number;
  /** Record what the inspector's views print at every step (trace/view-log.ts). */
  viewLog?: boolean;
}

const TCP_SEQ = 1000;
/**
 * What a Linux client's SYN carries (tcp_syn_options): MSS for a 1500-byte Ethernet, SACK
 * permitted, a timestamp, window scale 7. A listener answers only the options offered.
 */
const SYN_OPTIONS: TcpOption[] = [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, { kind: 'timestamp', value: 1000, echo: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }];

/** A SYN offering only some options, laid out as tcp_options_write lays them out. */
function offered(options: readonly SynOption[]): TcpOption[] {
  const all = synAckOptions(1460, 1000, 0, { ts: options.includes('timestamp'), sack: options.includes('sackOK'), wscale: options.includes('wscale') });
  // A SYN's own scale is the client's (7, as in SYN_OPTIONS), not a listener's.
  return all.map((o) => (o.kind === 'wscale' ? { kind: 'wscale', shift: 7 } : o));
}

/** The transport header of the injected packet. */
export function injectedL4(spec: InjectSpec): L4 {
  const sport = spec.sport ?? DEFAULT_SPORT;
  const dport = spec.dport ?? 0;
  if (spec.proto === 'icmp') return { kind: 'icmp', type: ICMP_ECHO, code: 0, id: 1, seq: 1, data: new Uint8Array(56) };
  if (spec.proto === 'udp') return { kind: 'udp', sport, dport, data: new Uint8Array(0) };
  const flags = spec.flags ?? TCP_SYN;
  return {
    kind: 'tcp',
    sport,
    dport,
    seq: TCP_SEQ,
    ack: flags & TCP_ACK ? 1 : 0,
    flags,
    window: 64240,
    options: !(flags & TCP_SYN) ? [] : spec.synOptions ? offered(spec.synOptions) : SYN_OPTIONS,
    data: new Uint8Array(0),
  };
}

export function injectedPacket(spec: InjectSpec, src: Ip4, id: number): Ipv4Packet {
  return { kind: 'ipv4', tos: 0, id, df: spec.proto === 'tcp', ttl: 64, src, dst: spec.dst, payload: injectedL4(spec) };
}

/** The frame a neighbour on the port's link would send: to the port's own MAC (or broadcast for 255.255.255.255). */
export function injectedFrame(dev: NetDevice, pkt: Ipv4Packet): EthernetFrame {
  return { src: OUTSIDE_MAC, dst: isLbcast(pkt.dst) ? MAC_BROADCAST : dev.mac, payload: pkt };
}

/**
 * Gives every unlinked port of the device carrier, and a transmit that captures and traces the
 * frame as sent on the port (tcpdump there would see it) and delivers it nowhere.
 */
function plugIntoOutside(net: Network, device: string, stack: Stack): void {
  const scenarioDevice = net.scenario.devices.find((d) => d.id === device)!;
  for (const port of scenarioDevice.ports) {
    if (port.peer !== undefined) continue;
    const dev = stack.byName.get(port.name);
    if (!dev) continue;
    dev.carrier = true;
    const captured = net.captures.get(`${device}:${port.name}`);
    dev.xmit = (d, frame, dir) => {
      if (net.capture) captured?.push({ t: net.scheduler.now, frame, dir: 'out' });
      net.hops++;
      if (net.trace.wants()) {
        const kept = frameReasonsOf(d);
        net.trace.pushSent(frameSentEvent(kept, d, net.renamedPort(d), frame, dir, d.netns?.id ?? device, net.trace.stamp()), kept);
      }
    };
  }
}

/** A received frame, as a link delivers it: captured on the port, traced, then netif_receive_skb. */
function receiveFromOutside(net: Network, label: string, device: string, stack: Stack, dev: NetDevice, frame: EthernetFrame): void {
  if (net.capture) net.captures.get(`${device}:${net.scenarioPortOf(dev) ?? dev.name}`)?.push({ t: net.scheduler.now, frame, dir: 'in' });
  if (net.trace.wants()) {
    const kept = frameReasonsOf(dev);
    net.trace.pushReceived(frameReceivedEvent(kept, dev, net.renamedPort(dev), frame, undefined, label, net.trace.stamp()), kept);
  }
  netifReceive(stack, dev, frame);
}

/** "ENETUNREACH: Network is unreachable", as the sender would learn it. */
function errnoText(errno: number): string {
  const name = Object.entries(Errno).find(([, v]) => v === errno)?.[0] ?? `errno ${errno}`;
  return STRERROR[errno] ? `${name}: ${STRERROR[errno]}` : name;
}

/**
 * A local process's packet (a raw socket with IP_HDRINCL off, as traceroute's probes are
 * sent): routed first (the source is the route's preferred source when none is given), then
 * OUTPUT, POSTROUTING and the neighbour layer. Returns the packet, or the errno's name.
 */
function sendFromLocal(stack: Stack, spec: InjectSpec): { packet?: Ipv4Packet; error?: string } {
  const draft = injectedPacket(spec, spec.src ?? 0, 0);
  const route = routeOutput(stack, { dst: spec.dst, src: spec.src, mark: spec.mark ?? 0, keys: flowKeysOf(draft) });
  if (!route.ok) {
    stack.trace({ layer: 'ip', kind: 'drop', packet: draft, reason: { code: 'no_route', dst: spec.dst, route: route.reason } });
    return { error: errnoText(route.errno) };
  }
  const packet = injectedPacket(spec, spec.src ?? route.src, stack.nextIpId());
  const err = ipLocalOut(stack, makeSkb(packet, true, { sk: ROOT_SK, mark: spec.mark ?? 0 }), route);
  return err ? { packet, error: errnoText(err) } : { packet };
}

/** Boots the scenario and injects the packet; the trace starts at the injection's time. */
export function runInject(scenario: Scenario, spec: InjectSpec, opts: InjectOptions = {}): InjectResult {
  const device = scenario.devices.find((d) => d.id === spec.device);
  if (!device) throw new Error(`no device "${spec.device}"`);
  if (!spec.fromLocal && !device.ports.some((p) => p.name === spec.inPort)) throw new Error(`device "${spec.device}" has no port "${spec.inPort}"`);
  if (!spec.fromLocal && spec.src === undefined) throw new Error('a packet from outside needs its source address');
  // A mark is not on the wire: a received skb starts with mark 0 (only the box's rules or tc set one).
  if (!spec.fromLocal && spec.mark) throw new Error(MARK_FROM_OUTSIDE);
  const net = new Network(scenario, opts.seed ?? 1, opts.traceLimit, true);
  const stack = net.stacks.get(spec.device)!;
  plugIntoOutside(net, spec.device, stack);
  // Found before the config runs: it may rename the port or move it into a namespace.
  const inDev = spec.inPort === undefined ? undefined : stack.byName.get(spec.inPort);
  const configIssues = boot(net, opts.outOfTime);
  net.work.limit = net.work.rules + RULE_BUDGET;
  net.trace.clear();
  const viewLog = opts.viewLog ? new ViewLog(net) : undefined;
  viewLog?.start();
  const injectedAt = net.scheduler.now + INJECT_AT_NS;
  const result: Pick<InjectResult, 'packet' | 'sendError'> = {};
  net.scheduler.schedule(INJECT_AT_NS, () => {
    if (spec.fromLocal) {
      const sent = sendFromLocal(stack, spec);
      result.packet = sent.packet;
      result.sendError = sent.error;
      return;
    }
    const dev = inDev!;
    const packet = injectedPacket(spec, spec.src!, 1);
    result.packet = packet;
    // The port may be in one of the device's namespaces now (ip link set eth0 netns ns1).
    const at = dev.netns ?? stack;
    receiveFromOutside(net, at.id, spec.device, at, dev, injectedFrame(dev, packet));
  });
  let halted = false;
  const stop = () => {
    if (net.work.rules > net.work.limit) net.halted ??= 'rule-budget';
    if (!halted && opts.outOfTime?.()) net.halted ??= 'wall-time';
    halted = net.halted !== undefined;
    return halted;
  };
  net.trace.stopAt = opts.stopAtEvent;
  let reason: ReturnType<typeof net.scheduler.run>;
  try {
    reason = net.scheduler.run({ until: injectedAt + INJECT_WINDOW_NS, budget: opts.eventBudget ?? EVENT_BUDGET, stop });
  } catch (e) {
    if (!(e instanceof StepReached)) throw e;
    reason = 'stopped';
  }
  viewLog?.finish();
  const stopReason: InjectResult['stopReason'] = net.halted ? (net.halted as InjectResult['stopReason']) : reason === 'budget' ? 'event-budget' : 'settled';
  return { spec, ...result, injectedAt, stopReason, events: net.trace.kept(), captures: net.captures, configIssues, network: net, ...(viewLog ? { viewLog } : {}) };
}

