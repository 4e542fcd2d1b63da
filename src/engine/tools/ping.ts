import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { PingCommand } from '../command/types';
import { STRERROR } from '../kernel/errors';
import { ICMP_DEST_UNREACH, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_TIME_EXCEEDED, type Ipv4Packet } from '../wire/types';
import { ipLocalOut } from '../kernel/ip_output';
import { routeOutput } from '../kernel/route';
import { skb as makeSkb } from '../kernel/skbuff';
import type { Stack } from '../kernel/stack';
import { MS, NS, once, Timers, type Process, type ProcessIO } from './process';

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
const ms3 = (us: number) => `${Math.floor(us / 1000)}.${String(Math.round(us) % 1000).padStart(3, '0')}`;

export function startPing(stack: Stack, cmd: PingCommand, target: Ip4, ioRaw: ProcessIO): Process {
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
  let firstSend = 0;
  let lastSend = 0;
  let waitTimer: number | undefined;
  const bound = cmd.iface ? stack.byName.get(cmd.iface.text) : undefined;
  const boundSrc = cmd.iface && !bound ? Number(cmd.iface.text.split('.').reduce((a, b) => a * 256 + Number(b), 0)) : undefined;

  const route = routeOutput(stack, { dst: target, src: boundSrc, oif: bound });
  if (!route.ok) {
    io.stderr(`ping: connect: ${STRERROR[route.errno] ?? 'error'}\n`);
    stack.env.schedule(0, () => io.exit(2));
    return { kill: () => io.exit(2) };
  }
  const src = route.src;
  io.stdout(`PING ${formatIp4(target)} (${formatIp4(target)}) ${size}(${size + 28}) bytes of data.\n`);

  function finish(): void {
    const received = rtts.length;
    const loss = transmitted ? Math.floor(((transmitted - received) * 100) / transmitted) : 0;
    const time = Math.round((lastSend - firstSend) / MS);
    let out = `\n--- ${formatIp4(target)} ping statistics ---\n${transmitted} packets transmitted, ${received} received${errors ? `, +${errors} errors` : ''}, ${loss}% packet loss, time ${time}ms\n`;
    if (received) {
      const us = rtts.map((r) => r / 1000);
      const min = Math.min(...us);
      const max = Math.max(...us);
      const avg = us.reduce((a, b) => a + b, 0) / us.length;
      const mdev = Math.sqrt(Math.max(0, us.reduce((a, b) => a + b * b, 0) / us.length - avg * avg));
      out += `rtt min/avg/max/mdev = ${ms3(min)}/${ms3(avg)}/${ms3(max)}/${ms3(mdev)} ms\n`;
    } else out += '\n';
    io.stdout(out);
    io.exit(received ? 0 : 1);
  }

  function sendOne(): void {
    const seq = transmitted + 1;
    const data = new Uint8Array(size);
    for (let i = 16; i < size; i++) data[i] = i - 16 + 16;
    const pkt: Ipv4Packet = { kind: 'ipv4', tos: 0, id: stack.nextIpId(), df: true, ttl: cmd.ttl ?? stack.sysctl.global['net.ipv4.ip_default_ttl'], src, dst: target, payload: { kind: 'icmp', type: ICMP_ECHO, code: 0, id, seq, data } };
    transmitted++;
    lastSend = stack.env.now();
    if (seq === 1) firstSend = lastSend;
    sentAt.set(seq, lastSend);
    const again = routeOutput(stack, { dst: target, src, oif: bound });
    const err = again.ok ? ipLocalOut(stack, makeSkb(pkt, true, { boundDev: bound }), again) : again.errno;
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
      const rtt = stack.env.now() - at;
      rtts.push(rtt);
      if (!cmd.quiet) io.stdout(`${m.data!.length + 8} bytes from ${formatIp4(p.src)}: icmp_seq=${m.seq} ttl=${p.ttl} time=${formatTripTime(rtt / 1000)} ms\n`);
      if (count !== undefined && rtts.length + errors >= count) stack.env.schedule(0, finish);
      return;
    }
    if ((m.type === ICMP_DEST_UNREACH || m.type === ICMP_TIME_EXCEEDED) && m.original) {
      const inner = m.original.payload;
      if (inner.kind !== 'icmp' || inner.id !== id || m.original.src !== src) return;
      errors++;
      const text = m.type === ICMP_TIME_EXCEEDED ? 'Time to live exceeded' : (UNREACH_TEXT[m.code] ?? `Dest Unreachable, Bad Code: ${m.code}`);
      if (!cmd.quiet) io.stdout(`From ${formatIp4(p.src)} icmp_seq=${inner.seq} ${text}\n`);
      if (count !== undefined && rtts.length + errors >= count) stack.env.schedule(0, finish);
    }
  }

  stack.sockets.addRaw(onPacket);
  stack.env.schedule(0, sendOne);
  if (cmd.deadline !== undefined) timers.after(cmd.deadline * NS, finish);
  return { kill: () => finish() };
}
