import { boxOf } from './netns-label';
import { formatIp4 } from '../addr/ipv4';
import type { RunResponse } from '../api';
import type { Reason } from './reason';
import type { TraceEvent } from './types';
import type { Ipv4Packet } from '../wire/types';
import { ipv4Of } from './packet';
import { groupDigits, RULE_BUDGET } from '../sim/budgets';
import { formatEndpoint, why } from './why';

/*
 * The one-line verdict under a run: what happened, in the words a teacher would use. On
 * success it reads the tool's own output ("ping got 1 reply from 8.8.8.8 in 0.12 ms", "nc
 * connected to 8.8.8.8:53"); on failure it picks the most telling event of the trace, in this
 * order: a SYN-ACK a host did not expect (answered with RST: the hairpin NAT lesson), an ARP
 * resolution that failed, any other drop that is not everyday noise, a refused connection, an
 * ICMP error, and finally the last place the request was seen. It reads reason codes and
 * their facts, never the sentences; the playback summary, lessons and `hairpin check` share it.
 */

export type RunResult = Pick<Extract<RunResponse, { ok: true }>, 'device' | 'command' | 'exit' | 'stdout' | 'stderr' | 'stopReason' | 'events'>;

export interface Verdict {
  ok: boolean;
  text: string;
  /** The event the verdict is about, to jump to. */
  seq?: number;
}

const SYN = 0x02;
const ACK = 0x10;

/** "192.168.1.2:80" for TCP and UDP, "192.168.1.2" otherwise. */
function endpoint(p: Ipv4Packet, side: 'src' | 'dst'): string {
  const ip = formatIp4(side === 'src' ? p.src : p.dst);
  const l4 = p.payload;
  if (l4.kind === 'icmp' || l4.kind === 'ipip') return ip;
  return `${ip}:${side === 'src' ? l4.sport : l4.dport}`;
}

/** Drops that happen in every healthy network: a flooded unicast frame reaching the wrong host. */
function isNoise(e: TraceEvent): boolean {
  return (
    e.reason.code === 'otherhost' ||
    e.reason.code === 'bridge_same_port' ||
    e.reason.code === 'not_forwarded_otherhost'
  );
}

/** The addresses the command's own packets leave from. */
function originAddresses(r: RunResult): Set<number> {
  // The command may run in one of the box's namespaces (`ip netns exec ns1 …`): its packets are
  // routed and sent there, while the box's own interfaces forward them.
  const first = r.events.find((e) => e.kind === 'route' && e.reason.code === 'output_route' && boxOf(e.device) === r.device);
  const origin = first?.device ?? r.device;
  const out = new Set<number>();
  for (const e of r.events) {
    if (e.device !== origin || (e.kind !== 'frame-sent' && e.kind !== 'route')) continue;
    const p = ipv4Of(e);
    if (p && (e.kind === 'frame-sent' || e.reason.code === 'output_route')) out.add(p.src);
  }
  return out;
}

function isReply(e: TraceEvent, p: Ipv4Packet, origin: Set<number>): boolean {
  return e.dir === 'reply' || (origin.has(p.dst) && !origin.has(p.src));
}

/** Where a step happened: "router:eth0", or the device alone. */
export function eventPlace(e: TraceEvent): string {
  return e.port ? `${e.device}:${e.port}` : e.device;
}

const tcpOf = (e: TraceEvent) => {
  const l4 = ipv4Of(e)?.payload;
  return l4?.kind === 'tcp' ? l4 : undefined;
};

/**
 * Whether the program whose status is the run's sends traffic: `ping … | grep -q x` failed in
 * grep, on what it read, and the trace of ping's packets does not say why.
 */
function failedInTraffic(r: RunResult): boolean {
  const role = processExit(r.events)?.role;
  return role === undefined || role === 'traffic';
}

/** The run's process_exit: which program's status the run's is. */
function processExit(events: readonly TraceEvent[]): Extract<Reason, { code: 'process_exit' }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const reason = events[i]!.reason;
    if (reason.code === 'process_exit') return reason;
  }
  return undefined;
}

/** The program that made a connection: the last to start before it (`nc …; nc …; ipvsadm -L -n` connected with nc). */
function connector(events: readonly TraceEvent[], before: number): string | undefined {
  let program: string | undefined;
  for (let i = 0; i < before; i++) {
    const reason = events[i]!.reason;
    if (reason.code === 'process_exec') program = reason.program;
  }
  return program;
}

function failure(r: RunResult): Verdict {
  if (!failedInTraffic(r)) return exited(r);
  const events = r.events;
  const origin = originAddresses(r);
  const drops = events.filter((e) => e.kind === 'drop' && !isNoise(e));
  // The step an event found here is: its place in the trace.
  const seq = (e: TraceEvent) => events.indexOf(e);

  const synAck = drops.find((e) => e.layer === 'tcp' && ((tcpOf(e)?.flags ?? 0) & (SYN | ACK)) === (SYN | ACK));
  if (synAck) {
    const p = ipv4Of(synAck)!;
    const answer = synAck.reason.code === 'no_socket_tcp' && synAck.reason.rst ? 'RST' : 'dropped';
    return { ok: false, seq: seq(synAck), text: `reply dropped on ${synAck.device}: unexpected SYN-ACK from ${endpoint(p, 'src')} → ${answer}` };
  }

  const arp = drops.find((e) => e.reason.code === 'neigh_failed');
  if (arp?.reason.code === 'neigh_failed') {
    const nexthop = arp.reason.nexthop;
    const target = formatIp4(nexthop);
    const failed = events.find((e) => e.device === arp.device && e.reason.code === 'neigh_state' && e.reason.state === 'FAILED' && e.reason.ip === nexthop);
    const cause = failed?.reason.code === 'neigh_state' ? failed.reason.cause : undefined;
    const probes = cause?.code === 'probes_failed' && cause.probes;
    return { ok: false, seq: seq(arp), text: `ARP for ${target} failed on ${eventPlace(arp)}${probes ? ` (no reply to ${probes} probes)` : ''} → host unreachable` };
  }

  const refused = (e: TraceEvent) => (e.layer === 'tcp' && (tcpOf(e)?.flags ?? 0) & SYN) || e.reason.code === 'no_socket_udp';
  const drop = drops.find((e) => !refused(e));
  if (drop) {
    const p = ipv4Of(drop);
    if (!p) return { ok: false, seq: seq(drop), text: `frame dropped on ${eventPlace(drop)}: ${why(drop)}` };
    const what = isReply(drop, p, origin) ? 'reply' : 'packet';
    return { ok: false, seq: seq(drop), text: `${what} ${endpoint(p, 'src')} → ${endpoint(p, 'dst')} dropped on ${drop.device}: ${why(drop)}` };
  }

  const refusal = drops.find(refused);
  if (refusal) {
    const p = ipv4Of(refusal)!;
    const udp = refusal.layer === 'udp';
    return { ok: false, seq: seq(refusal), text: `${udp ? 'port unreachable' : 'connection refused'}: nothing listens on ${udp ? 'UDP ' : ''}${endpoint(p, 'dst')} on ${refusal.device} (${udp ? 'ICMP port unreachable' : 'answered with RST'})` };
  }

  const icmp = events.find((e) => e.kind === 'icmp-error');
  if (icmp) return { ok: false, seq: seq(icmp), text: `${icmp.device} sent ${why(icmp)}` };

  const rejected = events.find((e) => e.kind === 'socket' && e.device === r.device && (e.reason.code === 'tcp_refused' || e.reason.code === 'tcp_reset'));
  if (rejected) return { ok: false, seq: seq(rejected), text: `${why(rejected)} on ${r.device}` };

  const stderr = r.stderr.trim().split('\n')[0];
  const sent = events.filter((e) => {
    const p = ipv4Of(e);
    return p && origin.has(p.src) && e.kind !== 'process';
  });
  const last = sent[sent.length - 1];
  if (last && !stderr) {
    return { ok: false, seq: seq(last), text: `no answer: the request was last seen on ${last.device} (${why(last)})` };
  }
  return exited(r);
}

function exited(r: RunResult): Verdict {
  const stderr = r.stderr.trim().split('\n')[0];
  return { ok: false, text: `${toolOf(r.command, r.events)} exited with status ${r.exit}${stderr ? `: ${stderr}` : ''}` };
}

/** The program whose status the run's is: a pipeline's last command (from the trace), else the first word. */
export function toolOf(command: string, events: readonly TraceEvent[] = []): string {
  return processExit(events)?.program ?? command.trim().split(/\s+/)[0] ?? command;
}

/** "0.120" → "0.12" */
const ms = (text: string) => String(Number(text));

function success(r: RunResult): Verdict {
  const tool = toolOf(r.command, r.events);
  if (tool === 'ping') {
    const received = /(\d+) received/.exec(r.stdout)?.[1];
    const from = /bytes from ([^:\s]+)/.exec(r.stdout)?.[1];
    const time = /time=([\d.]+) ms/.exec(r.stdout)?.[1];
    const avg = /= [\d.]+\/([\d.]+)\//.exec(r.stdout)?.[1];
    if (received && from) {
      const n = Number(received);
      const when = n === 1 && time ? ` in ${ms(time)} ms` : avg ? `, ${ms(avg)} ms on average` : '';
      return { ok: true, text: `ping got ${n} ${n === 1 ? 'reply' : 'replies'} from ${from}${when}` };
    }
  }
  // Connections from the device or one of its namespaces (`ip netns exec client nc …`).
  const connected = r.events.filter((e) => e.kind === 'socket' && boxOf(e.device) === r.device && e.reason.code === 'tcp_connected');
  if (connected.length > 0) {
    const targets = [...new Set(connected.map((e) => (e.reason.code === 'tcp_connected' ? formatEndpoint(e.reason.peer) : '')))];
    const times = connected.length > targets.length ? ` (${connected.length} connections)` : '';
    const seq = r.events.indexOf(connected[0]!);
    return { ok: true, seq, text: `${connector(r.events, seq) ?? tool} connected to ${targets.join(' and ')}${times}` };
  }
  const answer = /ANSWER SECTION:\n([^\n]+)/.exec(r.stdout)?.[1];
  if (answer) return { ok: true, text: `${tool} got an answer: ${answer.replace(/\s+/g, ' ')}` };
  const first = r.stdout.trim().split('\n')[0];
  return { ok: true, text: `${tool} succeeded (exit status 0)${first ? `: ${first}` : ''}` };
}

export function verdict(r: RunResult): Verdict {
  const lastStep = r.events.length > 0 ? r.events.length - 1 : undefined;
  if (r.stopReason === 'rule-budget') return { ok: false, seq: lastStep, text: `the run checked packets against ${groupDigits(RULE_BUDGET)} iptables rules, the limit for one run, and was stopped` };
  if (r.stopReason === 'bridge-loop' || r.stopReason === 'event-budget') {
    const stopAt = r.events.findIndex((e) => e.facts?.stop === r.stopReason);
    const seq = stopAt >= 0 ? stopAt : lastStep;
    const stop = seq === undefined ? undefined : r.events[seq];
    const text = r.stopReason === 'bridge-loop' ? `broadcast storm: a bridge loop${stop ? ` at ${stop.device}` : ''} (switches in a ring, no STP) stopped the run` : 'the run hit the event budget (a loop or a storm?) and was stopped';
    return { ok: false, seq, text };
  }
  return r.exit === 0 ? success(r) : failure(r);
}
