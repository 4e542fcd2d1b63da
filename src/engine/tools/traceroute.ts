import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { TracerouteCommand } from '../command/types';
import { STRERROR } from '../kernel/errors';
import { ipLocalOut } from '../kernel/ip_output';
import { routeOutput } from '../kernel/route';
import { ROOT_SK, skb as makeSkb } from '../kernel/skbuff';
import type { Stack } from '../kernel/stack';
import { ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, type Ipv4Packet } from '../wire/types';
import { MS, NS, once, Timers, type Process, type ProcessIO } from './process';
import { resolveRef } from './resolver';
import { unreachMark } from './traceroute_probe';

/*
 * Debian's traceroute 2.1 (the "traceroute" package), default UDP method, as captured in
 * network namespaces: a new UDP socket per probe (random source port), destination port
 * 33434 + probe index, 32 bytes of payload (60-byte packets), no DF, up to 16 probes in
 * flight (-N 16) counted from the first probe not yet printed. A probe is given up after
 * -w MAX,HERE,NEAR = 5,3,10: 5 s, or 3x the RTT of an answered probe of the same hop, or
 * 10x that of an answered later probe. Port unreachable or any !H/!N/!X ends the trace after
 * that hop. Replies are read after each burst of sends (the probes go out back to back).
 */

const DATA_LEN = 32;
const SIM_PROBES = 16;
const HERE_FACTOR = 3;
const NEAR_FACTOR = 10;
/** DEF_WAIT_PREC: added to an RTT before scaling it into a wait. */
const WAIT_PREC_NS = MS;
/** Gap between two sends of one burst (sendto + socket setup for the next probe). */
const SEND_GAP_NS = 150_000;

interface Probe {
  ttl: number;
  port: number;
  sport: number;
  sentAt?: number;
  recvAt?: number;
  from?: Ip4;
  mark?: string;
  final: boolean;
  done: boolean;
}

export function startTraceroute(stack: Stack, cmd: TracerouteCommand, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  let cancelResolve: (() => void) | undefined;
  const io = once(ioRaw, () => {
    timers.clear();
    cancelResolve?.();
    stack.sockets.removeRaw(onPacket);
  });
  const hostText = cmd.host.kind === 'ip' ? cmd.host.text : cmd.host.name;
  const basePort = cmd.port ?? 33434;
  const probes: Probe[] = [];
  let start = (cmd.firstHop - 1) * cmd.queries;
  let end = cmd.maxHops * cmd.queries;
  let target = 0;
  let src = 0;
  let sending = false;
  let wake: number | undefined;
  let line = '';

  for (let n = 0; n < end; n++) probes.push({ ttl: Math.floor(n / cmd.queries) + 1, port: basePort + n, sport: 0, final: false, done: false });

  /** get_timeout: the wait for a probe, shortened by answers from its hop or beyond. */
  function timeoutOf(i: number): number {
    const hop = i - (i % cmd.queries);
    for (let k = hop; k < hop + cmd.queries; k++) {
      const p = probes[k]!;
      if (p.done && p.recvAt !== undefined) return Math.min(HERE_FACTOR * (p.recvAt - p.sentAt! + WAIT_PREC_NS), cmd.wait * NS);
    }
    for (let k = i + 1; k < probes.length && probes[k]!.sentAt !== undefined; k++) {
      const p = probes[k]!;
      if (p.done && p.recvAt !== undefined) return Math.min(NEAR_FACTOR * (p.recvAt - p.sentAt! + WAIT_PREC_NS), cmd.wait * NS);
    }
    return cmd.wait * NS;
  }

  function print(i: number): void {
    const p = probes[i]!;
    if (i % cmd.queries === 0) line = `${String(p.ttl).padStart(2)} `;
    if (p.recvAt === undefined) line += ' *';
    else {
      const prev = i % cmd.queries === 0 ? undefined : probes.slice(i - (i % cmd.queries), i).reverse().find((q) => q.from !== undefined);
      if (!prev || prev.from !== p.from) line += cmd.numeric ? ` ${formatIp4(p.from!)}` : ` ${formatIp4(p.from!)} (${formatIp4(p.from!)})`;
      line += `  ${((p.recvAt - p.sentAt!) / MS).toFixed(3)} ms${p.mark ? ` ${p.mark}` : ''}`;
    }
    if (i % cmd.queries === cmd.queries - 1) io.stdout(`${line}\n`);
  }

  /** One pass of do_it(): expire, print in order, then send into the window. */
  function pass(): void {
    if (sending) return;
    const now = stack.env.now();
    let nextWake: number | undefined;
    for (let n = start; n < end; n++) {
      const p = probes[n]!;
      if (p.final) end = (Math.floor(n / cmd.queries) + 1) * cmd.queries;
    }
    while (start < end) {
      const p = probes[start]!;
      if (!p.done && p.sentAt !== undefined) {
        const expire = p.sentAt + timeoutOf(start);
        if (expire > now) {
          nextWake = expire;
          break;
        }
        p.done = true;
      }
      if (!p.done) break;
      print(start++);
    }
    if (start >= end) return io.exit(0);
    const burst: number[] = [];
    for (let n = start; n < end && n < start + SIM_PROBES; n++) if (probes[n]!.sentAt === undefined) burst.push(n);
    if (wake !== undefined) timers.cancel(wake);
    wake = undefined;
    if (burst.length) return sendBurst(burst);
    if (nextWake !== undefined) wake = timers.after(nextWake - now, () => ((wake = undefined), pass()));
  }

  function sendBurst(list: number[]): void {
    sending = true;
    list.forEach((n, k) => timers.after(k * SEND_GAP_NS, () => {
      sendProbe(probes[n]!);
      if (k === list.length - 1) {
        sending = false;
        pass();
      }
    }));
  }

  function sendProbe(p: Probe): void {
    p.sport = stack.sockets.ephemeralPort(src, target, p.port);
    const data = new Uint8Array(DATA_LEN);
    for (let i = 0; i < DATA_LEN; i++) data[i] = 0x40 + (i & 0x3f);
    const pkt: Ipv4Packet = { kind: 'ipv4', tos: 0, id: stack.nextIpId(), df: false, ttl: p.ttl, src, dst: target, payload: { kind: 'udp', sport: p.sport, dport: p.port, data } };
    p.sentAt = stack.env.now();
    const route = routeOutput(stack, { dst: target, src });
    const err = route.ok ? ipLocalOut(stack, makeSkb(pkt, true, { sk: ROOT_SK }), route) : route.errno;
    if (err) {
      io.stderr(`send: ${STRERROR[err] ?? err}\n`);
      io.exit(1);
    }
  }

  function onPacket(pkt: Ipv4Packet): void {
    const m = pkt.payload;
    if (m.kind !== 'icmp' || !m.original || pkt.dst !== src) return;
    if (m.type !== ICMP_TIME_EXCEEDED && m.type !== ICMP_DEST_UNREACH) return;
    const u = m.original.payload;
    if (u.kind !== 'udp' || m.original.src !== src || m.original.dst !== target) return;
    const p = probes.find((q) => q.port === u.dport && q.sport === u.sport && q.sentAt !== undefined && !q.done);
    if (!p) return;
    p.recvAt = stack.env.now();
    p.from = pkt.src;
    p.done = true;
    if (m.type === ICMP_DEST_UNREACH) {
      p.final = true;
      p.mark = unreachMark(m.code);
    }
    pass();
  }

  cancelResolve = resolveRef(stack, cmd.host, 'unspec', (r) => {
    cancelResolve = undefined;
    if (!r.ok) {
      io.stderr(`${hostText}: ${r.error === 'noname' ? 'Name or service not known' : 'Temporary failure in name resolution'}\nCannot handle "host" cmdline arg \`${hostText}' on position 1 (argc ${cmd.numeric ? 2 : 1})\n`);
      return io.exit(2);
    }
    target = r.address;
    const route = routeOutput(stack, { dst: target, src: cmd.source });
    io.stdout(`traceroute to ${hostText} (${formatIp4(target)}), ${cmd.maxHops} hops max, ${DATA_LEN + 28} byte packets\n`);
    if (!route.ok) {
      io.stderr(`connect: ${STRERROR[route.errno] ?? route.errno}\n`);
      return io.exit(1);
    }
    src = route.src;
    stack.sockets.addRaw(onPacket);
    pass();
  });
  return { kill: () => io.exit(143) };
}
