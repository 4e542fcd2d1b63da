import { formatIp4, parseIp4 } from '../engine/addr/ipv4';
import type { ScenarioDoc } from '../engine/scenario/types';
import type { InjectProto, InjectSpec, SynOption } from '../engine/sim/inject';

/*
 * An injected packet ("Send a packet here…") in a share link, under one-letter keys, with its
 * addresses as text:
 *   d device, i the port it arrives on | l 1: sent by a local process, p protocol,
 *   s source address, sp source port, t destination address, dp destination port,
 *   f TCP flags, m mark (SO_MARK), o the options a SYN offers.
 * Read back as untrusted input: every field is checked against what `hairpin trace` and the
 * Send dialog accept and against the link's own scenario, and what is wrong is one sentence.
 */

export interface PacketPayload {
  d: string;
  i?: string;
  l?: 1;
  p: InjectProto;
  s?: string;
  sp?: number;
  t: string;
  dp?: number;
  f?: number;
  m?: number;
  o?: SynOption[];
}

const KEYS = new Set(['d', 'i', 'l', 'p', 's', 'sp', 't', 'dp', 'f', 'm', 'o']);
const PROTOS: readonly string[] = ['tcp', 'udp', 'icmp'] satisfies InjectProto[];
const SYN_OPTIONS: readonly string[] = ['sackOK', 'timestamp', 'wscale'] satisfies SynOption[];

export function compactPacket(spec: InjectSpec): PacketPayload {
  const p: PacketPayload = { d: spec.device, p: spec.proto, t: formatIp4(spec.dst) };
  if (spec.fromLocal) p.l = 1;
  else if (spec.inPort !== undefined) p.i = spec.inPort;
  if (spec.src !== undefined) p.s = formatIp4(spec.src);
  if (spec.sport !== undefined) p.sp = spec.sport;
  if (spec.dport !== undefined) p.dp = spec.dport;
  if (spec.flags !== undefined) p.f = spec.flags;
  if (spec.mark !== undefined) p.m = spec.mark;
  if (spec.synOptions !== undefined) p.o = [...spec.synOptions];
  return p;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
/** A value from the link, quoted and cut short for a message. */
const shown = (v: unknown): string => {
  const cut = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return typeof v === 'string' ? JSON.stringify(cut(v)) : cut(JSON.stringify(v) ?? String(v));
};

/** The packet of a link whose scenario is `doc`, or what is wrong with it (a sentence). */
export function expandPacket(value: unknown, doc: ScenarioDoc): { spec: InjectSpec } | { problem: string } {
  const bad = (what: string) => ({ problem: `The packet in this link is not valid: ${what}.` });
  if (!isObject(value)) return bad('it is not a packet description');
  const unknown = Object.keys(value).find((k) => !KEYS.has(k));
  if (unknown !== undefined) return bad(`it has a field Hairpin does not write (${shown(unknown)})`);
  const { d, i, l, p, s, sp, t, dp, f, m, o } = value;
  if (typeof d !== 'string' || !Object.hasOwn(doc.devices, d)) return bad(`its device ${shown(d)} is not one of the scenario's`);
  const device = doc.devices[d]!;
  if (l !== undefined && l !== 1) return bad(`its “sent by a local process” is ${shown(l)}`);
  if ((l === 1) === (i !== undefined)) return bad('it should either arrive on a port or be sent by a local process');
  if (i !== undefined && (typeof i !== 'string' || !Object.hasOwn(device.ports, i))) return bad(`${d} has no port ${shown(i)}`);
  if (typeof p !== 'string' || !PROTOS.includes(p)) return bad(`its protocol ${shown(p)} is not tcp, udp or icmp`);
  const proto = p as InjectProto;
  const src = s === undefined ? undefined : typeof s === 'string' ? parseIp4(s) : undefined;
  if (s !== undefined && src === undefined) return bad(`its source ${shown(s)} is not an IPv4 address`);
  if (l !== 1 && src === undefined) return bad('a packet from outside needs its source address');
  const dst = typeof t === 'string' ? parseIp4(t) : undefined;
  if (dst === undefined) return bad(`its destination ${shown(t)} is not an IPv4 address`);
  if (proto === 'icmp' && (sp !== undefined || dp !== undefined)) return bad('icmp has no ports');
  if (sp !== undefined && !isInt(sp, 1, 65535)) return bad(`its source port ${shown(sp)} is not a port (1-65535)`);
  if (proto !== 'icmp' && dp === undefined) return bad(`${proto} needs the destination port`);
  if (dp !== undefined && !isInt(dp, 1, 65535)) return bad(`its destination port ${shown(dp)} is not a port (1-65535)`);
  if (f !== undefined && (proto !== 'tcp' || !isInt(f, 0, 0xff))) return bad(proto === 'tcp' ? `its TCP flags ${shown(f)} are not a flags byte (0-255)` : `${proto} has no TCP flags`);
  if (m !== undefined && !isInt(m, 0, 0xffffffff)) return bad(`its mark ${shown(m)} is not a mark (0-4294967295)`);
  // A received skb starts with mark 0: only a local process's socket gives one (SO_MARK).
  if (m !== undefined && m !== 0 && l !== 1) return bad('a packet arriving on a port carries no mark');
  if (o !== undefined && (proto !== 'tcp' || !Array.isArray(o) || o.length > SYN_OPTIONS.length || !o.every((x) => typeof x === 'string' && SYN_OPTIONS.includes(x)) || new Set(o).size !== o.length)) {
    return bad(`its SYN options ${shown(o)} are not some of sackOK, timestamp and wscale`);
  }
  const spec: InjectSpec = { device: d, proto, dst };
  if (l === 1) spec.fromLocal = true;
  else spec.inPort = i as string;
  if (src !== undefined) spec.src = src;
  if (sp !== undefined) spec.sport = sp;
  if (dp !== undefined) spec.dport = dp;
  if (f !== undefined) spec.flags = f;
  if (m !== undefined) spec.mark = m;
  if (o !== undefined) spec.synOptions = o as SynOption[];
  return { spec };
}
