import { formatIp4, parseIp4, type Ip4 } from '../addr/ipv4';
import type { PingCommand } from '../command/types';
import { STRERROR } from '../kernel/errors';
import { ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_TIME_EXCEEDED, type Ipv4Packet } from '../wire/types';
import { ipLocalOut } from '../kernel/ip_output';
import { routeOutput, type FlowKeys } from '../kernel/route';
import { ROOT_SK, skb as makeSkb } from '../kernel/skbuff';
import type { Stack } from '../kernel/stack';
import { MS, NS, once, Timers, type Process, type ProcessIO } from './process';
import { GAI_STRERROR, resolveRef, reverseLookup } from './resolver';

/*
 * iputils ping on a raw ICMP socket: echo requests every -i seconds, replies matched by id,
 * errors quoted back ("From X icmp_seq=N Destination Host Unreachable"), the statistics
 * block, exit 0 when any reply came, 1 when none, 2 on a local error.
 */

const UNREACH_TEXT = ['Destination Net Unreachable', 'Destination Host Unreachable', 'Destination Protocol Unreachable', 'Destination Port Unreachable', 'Frag needed', 'Source Route Failed', 'Destination Net Unknown', 'Destination Host Unknown', 'Source Host Isolated', 'Destination Net Prohibited', 'Destination Host Prohibited', 'Destination Net Unreachable for Type of Service', 'Destination Host Unreachable for Type of Service', 'Packet filtered', 'Precedence Violation', 'Precedence Cutoff'];

/** iputils' time=... formatting: three significant digits from microseconds. */
export function formatTripTime(us: number): string {
  const t = Math.round(us);
  if (t >= 100000 - 50) return `${Math.floor((t + 500) / 1000)}`;
  if (t >= 10000 - 5) return `${Math.floor((t + 50) / 1000)}.${Math.floor(((t + 50) % 1000) / 100)}`;
  if (t >= 1000) return `${Math.floor((t + 5) / 1000)}.${String(Math.floor(((t + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, '0')}`;
}
/** A ping socket's flow: ICMP, no ports (ip rule ipproto icmp selects it). */
const ICMP_KEYS: FlowKeys = { proto: 1, sport: 0, dport: 0 };
const ms3 = (us: number) => `${Math.floor(us / 1000)}.${String(Math.round(us) % 1000).padStart(3, '0')}`;

/**
 * How ping names things when the destination was a name: the header and statistics use the
 * resolver's canonical name, and each reply's source is looked up (getnameinfo: /etc/hosts,
 * then a PTR query) before its line is printed, unless -n. A numeric destination: no lookups.
 */
export interface PingNames {
  label: string;
  reverse: boolean;
}

export function startPing(stack: Stack, cmd: PingCommand, target: Ip4, ioRaw: ProcessIO, names?: PingNames): Process {
  const timers = new Timers(stack);
  const id = Math.floor(stack.env.random() * 65536);
  const io = once(ioRaw, () => {
    timers.clear();
    stack.sockets.removeRaw(onPacket);
  });
  const size = cmd.size;
  const count = cmd.count;
  const interval = Math.round(cmd.interval * NS);
  const sentAt = new Map<number, number>();
  const rtts: number[] = [];
  let transmitted = 0;
  let errors = 0;
  // The most probes ever outstanding when one was answered (iputils' acknowledge()): "pipe N" when above 1.
  let pipesize = 1;
  const acknowledge = (seq: number) => {
    pipesize = Math.max(pipesize, transmitted - seq + 1);
  };
  let firstSend = 0;
  let lastSend = 0;
  let waitTimer: number | undefined;
  // -I takes an address (inet_pton) or else a device name (SO_BINDTODEVICE).
  const boundSrc = cmd.iface ? parseIp4(cmd.iface.text) : undefined;
  const bound = cmd.iface && boundSrc === undefined ? stack.byName.get(cmd.iface.text) : undefined;
  const refuse = (msg: string) => {
    io.stderr(`ping: ${msg}\n`);
    stack.env.schedule(0, () => io.exit(2));
    return { kill: () => io.exit(2) };
  };
  if (cmd.iface && boundSrc === undefined && !bound) return refuse(`SO_BINDTODEVICE ${cmd.iface.text}: No such device`);
  if (boundSrc !== undefined && !stack.addressOwner(boundSrc)) return refuse('bind: Cannot assign requested address');

  const route = routeOutput(stack, { dst: target, src: boundSrc, oif: bound, mark: cmd.mark, keys: ICMP_KEYS });
  if (!route.ok) {
    io.stderr(`ping: connect: ${STRERROR[route.errno] ?? 'error'}\n`);
    stack.env.schedule(0, () => io.exit(2));
    return { kill: () => io.exit(2) };
  }
  const src = route.src;
  const label = names?.label ?? formatIp4(target);
  let busy = 0;
  /** pr_addr(): "name (ip)" after a lookup that blocks ping, or the bare address. */
  const withName = (ip: Ip4, print: (who: string) => void) => {
    if (!names?.reverse) return print(formatIp4(ip));
    busy++;
    reverseLookup(stack, ip, (name) => {
      busy--;
      print(`${name ?? formatIp4(ip)} (${formatIp4(ip)})`);
      maybeDone();
    });
  };
  const maybeDone = () => {
    if (count !== undefined && rtts.length + errors >= count && !busy) stack.env.schedule(0, finish);
  };
  io.stdout(`PING ${label} (${formatIp4(target)}) ${size}(${size + 28}) bytes of data.\n`);

  function finish(): void {
    const received = rtts.length;
    const loss = transmitted ? Math.floor(((transmitted - received) * 100) / transmitted) : 0;
    const time = Math.round((lastSend - firstSend) / MS);
    let out = `\n--- ${label} ping statistics ---\n${transmitted} packets transmitted, ${received} received${errors ? `, +${errors} errors` : ''}, ${loss}% packet loss, time ${time}ms\n`;
    if (received) {
      const us = rtts.map((r) => r / 1000);
      const min = Math.min(...us);
      const max = Math.max(...us);
      const avg = us.reduce((a, b) => a + b, 0) / us.length;
      const mdev = Math.sqrt(Math.max(0, us.reduce((a, b) => a + b * b, 0) / us.length - avg * avg));
      out += `rtt min/avg/max/mdev = ${ms3(min)}/${ms3(avg)}/${ms3(max)}/${ms3(mdev)} ms`;
    }
    if (pipesize > 1) out += `${received ? ', ' : ''}pipe ${pipesize}`;
    out += '\n';
    io.stdout(out);
    io.exit(received ? 0 : 1);
  }

  function sendOne(): void {
    const seq = transmitted + 1;
    const data = new Uint8Array(size);
    for (let i = 16; i < size; i++) data[i] = i - 16 + 16;
    const pkt: Ipv4Packet = { kind: 'ipv4', tos: 0, id: stack.nextIpId(), df: true, ttl: cmd.ttl ?? stack.defaultTtl, src, dst: target, payload: { kind: 'icmp', type: ICMP_ECHO, code: 0, id, seq, data } };
    transmitted++;
    lastSend = stack.env.now();
    if (seq === 1) firstSend = lastSend;
    sentAt.set(seq, lastSend);
    const again = routeOutput(stack, { dst: target, src, oif: bound, mark: cmd.mark, keys: ICMP_KEYS });
    const err = again.ok ? ipLocalOut(stack, makeSkb(pkt, true, { boundDev: bound, mark: cmd.mark, sk: ROOT_SK }), again) : again.errno;
    if (err) io.stderr(`ping: sendmsg: ${STRERROR[err] ?? 'error'}\n`);
    if (count === undefined || transmitted < count) timers.after(interval, sendOne);
    else scheduleFinish();
  }

  function scheduleFinish(): void {
    if (waitTimer !== undefined) timers.cancel(waitTimer);
    const wait = cmd.timeout !== undefined ? cmd.timeout * NS : 10 * NS;
    waitTimer = timers.after(wait, finish);
  }

  function onPacket(p: Ipv4Packet): void {
    const m = p.payload;
    if (m.kind !== 'icmp') return;
    if (m.type === ICMP_ECHOREPLY && m.id === id && p.dst === src) {
      const at = sentAt.get(m.seq ?? -1);
      if (at === undefined) return;
      sentAt.delete(m.seq!);
      acknowledge(m.seq!);
      const rtt = stack.env.now() - at;
      rtts.push(rtt);
      const seq = m.seq;
      const bytes = m.data!.length + 8;
      const ttl = p.ttl;
      if (!cmd.quiet) withName(p.src, (who) => io.stdout(`${bytes} bytes from ${who}: icmp_seq=${seq} ttl=${ttl} time=${formatTripTime(rtt / 1000)} ms\n`));
      maybeDone();
      return;
    }
    if ((m.type === ICMP_DEST_UNREACH || m.type === ICMP_TIME_EXCEEDED) && m.original) {
      const inner = m.original.payload;
      if (inner.kind !== 'icmp' || inner.id !== id || m.original.src !== src) return;
      errors++;
      if (inner.seq !== undefined) acknowledge(inner.seq);
      const text = m.type === ICMP_TIME_EXCEEDED ? 'Time to live exceeded' : (UNREACH_TEXT[m.code] ?? `Dest Unreachable, Bad Code: ${m.code}`);
      const seq = inner.seq;
      if (!cmd.quiet) withName(p.src, (who) => io.stdout(`From ${who} icmp_seq=${seq} ${text}\n`));
      maybeDone();
    }
  }

  stack.sockets.addRaw(onPacket);
  stack.env.schedule(0, sendOne);
  if (cmd.deadline !== undefined) timers.after(cmd.deadline * NS, finish);
  // SIGINT and SIGTERM both end ping through its statistics (status 0 with any reply, else 1).
  return { kill: () => finish(), interrupt: () => finish() };
}

/** `ping NAME`: getaddrinfo(AF_UNSPEC) first; iputils exits 2 when the name does not resolve. */
export function startPingByName(stack: Stack, cmd: PingCommand, ioRaw: ProcessIO): Process {
  let proc: Process | undefined;
  const io = once(ioRaw, () => cancel());
  const cancel = resolveRef(stack, cmd.host, 'unspec', (r) => {
    if (!r.ok) {
      io.stderr(`ping: ${cmd.host.kind === 'name' ? cmd.host.name : ''}: ${GAI_STRERROR[r.error]}\n`);
      return io.exit(2);
    }
    const named = cmd.host.kind === 'name';
    proc = startPing(stack, cmd, r.address, io, named ? { label: r.canonical, reverse: !cmd.numeric } : undefined);
  });
  return { kill: () => (proc ? proc.kill() : io.exit(2)), interrupt: () => (proc ? proc.interrupt?.() : io.exit(130)) };
}
