import { formatIp4 } from '../../engine/addr/ipv4';
import type { RunResponse } from '../../engine/api';
import type { TraceEvent } from '../../engine/trace/types';
import type { Ipv4Packet } from '../../engine/wire/types';
import { ipv4Of } from './classify';
import { groupDigits, RULE_BUDGET } from '../../engine/sim/budgets';

/*
 * The one-line verdict under a run: what happened, in the words a teacher would use. On
 * success it reads the tool's own output ("ping got 1 reply from 8.8.8.8 in 0.12 ms", "nc
 * connected to 8.8.8.8:53"); on failure it picks the most telling event of the trace, in this
 * order: a SYN-ACK a host did not expect (answered with RST: the hairpin NAT lesson), an ARP
 * resolution that failed, any other drop that is not everyday noise, a refused connection, an
 * ICMP error, and finally the last place the request was seen. Pure: no React, no DOM.
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
  if (l4.kind === 'icmp') return ip;
  return `${ip}:${side === 'src' ? l4.sport : l4.dport}`;
}

/** Drops that happen in every healthy network: a flooded unicast frame reaching the wrong host. */
function isNoise(e: TraceEvent): boolean {
  return (
    (e.layer === 'link' && e.why.startsWith('frame for ')) ||
    (e.layer === 'bridge' && e.why.includes('the port it came in on')) ||
    e.why.startsWith('not forwarded: the frame was not addressed to this box')
  );
}

/** The addresses the command's own packets leave from. */
function originAddresses(r: RunResult): Set<number> {
  const out = new Set<number>();
  for (const e of r.events) {
    if (e.device !== r.device || (e.kind !== 'frame-sent' && e.kind !== 'route')) continue;
    const p = ipv4Of(e);
    if (p && (e.kind === 'frame-sent' || e.why.startsWith('output route'))) out.add(p.src);
  }
  return out;
}

function isReply(e: TraceEvent, p: Ipv4Packet, origin: Set<number>): boolean {
  return e.dir === 'reply' || (origin.has(p.dst) && !origin.has(p.src));
}

function place(e: TraceEvent): string {
  return e.port ? `${e.device}:${e.port}` : e.device;
}

const tcpOf = (e: TraceEvent) => {
  const l4 = ipv4Of(e)?.payload;
  return l4?.kind === 'tcp' ? l4 : undefined;
};

function failure(r: RunResult): Verdict {
  const events = r.events;
  const origin = originAddresses(r);
  const drops = events.filter((e) => e.kind === 'drop' && !isNoise(e));

  const synAck = drops.find((e) => e.layer === 'tcp' && ((tcpOf(e)?.flags ?? 0) & (SYN | ACK)) === (SYN | ACK));
  if (synAck) {
    const p = ipv4Of(synAck)!;
    const answer = synAck.why.includes('RST') ? 'RST' : 'dropped';
    return { ok: false, seq: synAck.seq, text: `reply dropped on ${synAck.device}: unexpected SYN-ACK from ${endpoint(p, 'src')} → ${answer}` };
  }

  const arp = drops.find((e) => e.layer === 'arp' && /^ARP for \S+ failed/.test(e.why));
  if (arp) {
    const target = /^ARP for (\S+) failed/.exec(arp.why)![1];
    const failed = events.find((e) => e.kind === 'arp-cache' && e.device === arp.device && e.facts?.state === 'FAILED' && e.facts?.neighbour === target);
    const probes = failed && /no reply to (\d+) ARP probes/.exec(failed.why)?.[1];
    return { ok: false, seq: arp.seq, text: `ARP for ${target} failed on ${place(arp)}${probes ? ` (no reply to ${probes} probes)` : ''} → host unreachable` };
  }

  const refused = (e: TraceEvent) => (e.layer === 'tcp' && (tcpOf(e)?.flags ?? 0) & SYN) || (e.layer === 'udp' && e.why.startsWith('no socket on UDP port'));
  const drop = drops.find((e) => !refused(e));
  if (drop) {
    const p = ipv4Of(drop);
    if (!p) return { ok: false, seq: drop.seq, text: `frame dropped on ${place(drop)}: ${drop.why}` };
    const what = isReply(drop, p, origin) ? 'reply' : 'packet';
    return { ok: false, seq: drop.seq, text: `${what} ${endpoint(p, 'src')} → ${endpoint(p, 'dst')} dropped on ${drop.device}: ${drop.why}` };
  }

  const refusal = drops.find(refused);
  if (refusal) {
    const p = ipv4Of(refusal)!;
    const udp = refusal.layer === 'udp';
    return { ok: false, seq: refusal.seq, text: `${udp ? 'port unreachable' : 'connection refused'}: nothing listens on ${udp ? 'UDP ' : ''}${endpoint(p, 'dst')} on ${refusal.device} (${udp ? 'ICMP port unreachable' : 'answered with RST'})` };
  }

  const icmp = events.find((e) => e.kind === 'icmp-error');
  if (icmp) return { ok: false, seq: icmp.seq, text: `${icmp.device} sent ${icmp.why}` };

  const rejected = events.find((e) => e.kind === 'socket' && e.device === r.device && /^connection (refused|reset) by/.test(e.why));
  if (rejected) return { ok: false, seq: rejected.seq, text: `${rejected.why} on ${r.device}` };

  const stderr = r.stderr.trim().split('\n')[0];
  const sent = events.filter((e) => {
    const p = ipv4Of(e);
    return p && origin.has(p.src) && e.kind !== 'process';
  });
  const last = sent[sent.length - 1];
  if (last && !stderr) {
    return { ok: false, seq: last.seq, text: `no answer: the request was last seen on ${last.device} (${last.why})` };
  }
  return { ok: false, text: `${toolOf(r.command)} exited with status ${r.exit}${stderr ? `: ${stderr}` : ''}` };
}

export function toolOf(command: string): string {
  return command.trim().split(/\s+/)[0] ?? command;
}

/** "0.120" → "0.12" */
const ms = (text: string) => String(Number(text));

function success(r: RunResult): Verdict {
  const tool = toolOf(r.command);
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
  const connected = r.events.filter((e) => e.kind === 'socket' && e.device === r.device && e.why.startsWith('connected to '));
  if (connected.length > 0) {
    const targets = [...new Set(connected.map((e) => e.why.slice('connected to '.length)))];
    const times = connected.length > targets.length ? ` (${connected.length} connections)` : '';
    return { ok: true, seq: connected[0]!.seq, text: `${tool} connected to ${targets.join(' and ')}${times}` };
  }
  const answer = /ANSWER SECTION:\n([^\n]+)/.exec(r.stdout)?.[1];
  if (answer) return { ok: true, text: `${tool} got an answer: ${answer.replace(/\s+/g, ' ')}` };
  const first = r.stdout.trim().split('\n')[0];
  return { ok: true, text: `${tool} succeeded (exit status 0)${first ? `: ${first}` : ''}` };
}

export function verdict(r: RunResult): Verdict {
  if (r.stopReason === 'rule-budget') return { ok: false, seq: r.events[r.events.length - 1]?.seq, text: `the run checked packets against ${groupDigits(RULE_BUDGET)} iptables rules, the limit for one run, and was stopped` };
  if (r.stopReason === 'bridge-loop' || r.stopReason === 'event-budget') {
    const stop = r.events.find((e) => e.facts?.stop === r.stopReason) ?? r.events[r.events.length - 1];
    const text = r.stopReason === 'bridge-loop' ? `broadcast storm: a bridge loop${stop ? ` at ${stop.device}` : ''} (switches in a ring, no STP) stopped the run` : 'the run hit the event budget (a loop or a storm?) and was stopped';
    return { ok: false, seq: stop?.seq, text };
  }
  return r.exit === 0 ? success(r) : failure(r);
}
