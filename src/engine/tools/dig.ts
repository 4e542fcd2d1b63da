import { formatIp4, parseIp4, type Ip4 } from '../addr/ipv4';
import type { DigCommand, HostCommand } from '../command/types';
import { Errno } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { UdpSock } from '../kernel/udp';
import { DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_MX, DNS_TYPE_OPT, DNS_TYPE_PTR, decodeDns, dnsNameProblem, dnsQuery, encodeDns, type DnsMessage } from '../wire/dns';
import { digAnswerText, digBanner, fqdn, rcodeText, rdataText } from './dig-format';
import { MS, NS, once, Timers, type Process, type ProcessIO } from './process';
import { nameservers, ptrName } from './resolver';

/*
 * BIND 9.18's dig and host. Both use their own resolver (not glibc): the servers of
 * /etc/resolv.conf (127.0.0.1 when none) or the one given, one query at a time on a fresh
 * connected UDP socket per try, sent without DF (IP_PMTUDISC_OMIT), the same id on every try.
 * - dig: RD and AD set, EDNS (UDP 1232) with an 8-byte client cookie; timeout 5 s (+time),
 *   3 tries (+tries); exit 0 for any answer, NXDOMAIN and REFUSED included, 9 when no server
 *   answered; ";; communications error to S#53: timed out|connection refused" per failed try.
 * - host: RD only, no EDNS; A, then AAAA, then MX (or -t TYPE, or PTR for an address);
 *   timeout 5 s (-W), 2 tries; "Host N not found: 5(REFUSED)" and exit 1 for an error answer
 *   (an error on A stops there); a server argument adds the "Using domain server:" block.
 */

const DIG_TRIES = 3;
const HOST_TRIES = 2;
const TIMEOUT_NS = 5 * NS;
const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };
const ERROR_TEXT: Record<number, string> = { [Errno.ECONNREFUSED]: 'connection refused', [Errno.EHOSTUNREACH]: 'host unreachable', [Errno.ENETUNREACH]: 'network unreachable' };

interface Exchange {
  servers: Ip4[];
  port: number;
  query: DnsMessage;
  timeoutNs: number;
  tries: number;
}
type Outcome = { ok: true; reply: DnsMessage; size: number; server: Ip4; rttNs: number } | { ok: false };

/** One query, retried on a new socket per try, server after server; progress lines via `say`. */
function exchange(stack: Stack, timers: Timers, x: Exchange, say: (line: string) => void, done: (o: Outcome) => void): void {
  const bytes = encodeDns(x.query);
  // Try i goes to server i / tries: +tries may be up to 2^32 - 1, so no list of them is made.
  const total = x.servers.length * x.tries;
  let sock: UdpSock | undefined;
  let timer: number | undefined;
  const step = (i: number): void => {
    sock?.close();
    sock = undefined;
    if (timer !== undefined) timers.cancel(timer);
    if (i >= total) return done({ ok: false });
    const server = x.servers[Math.floor(i / x.tries)]!;
    const failed = (why: string) => {
      say(`;; communications error to ${formatIp4(server)}#${x.port}: ${why}\n`);
      // The next try in a new event, not a deeper call: many tries that fail at once stay flat.
      timers.after(0, () => step(i + 1));
    };
    const sentAt = stack.env.now();
    const s = stack.sockets.udpConnect(server, x.port, {}, (data) => {
      let m: DnsMessage;
      try {
        m = decodeDns(data);
      } catch {
        return;
      }
      if (!m.response || m.id !== x.query.id) return;
      s !== undefined && typeof s !== 'number' && s.close();
      if (timer !== undefined) timers.cancel(timer);
      done({ ok: true, reply: m, size: data.length, server, rttNs: stack.env.now() - sentAt });
    });
    if (typeof s === 'number') return failed(ERROR_TEXT[s] ?? 'failure');
    s.df = false;
    s.onError = (errno) => timers.after(0, () => sock === s && failed(ERROR_TEXT[errno] ?? 'failure'));
    sock = s;
    const err = s.send(bytes);
    if (err) return failed(ERROR_TEXT[err] ?? 'failure');
    timer = timers.after(x.timeoutNs, () => failed('timed out'));
  };
  step(0);
}

function servers(stack: Stack, given: DigCommand['server']): Ip4[] {
  return given ? (given.kind === 'ip' ? [given.ip] : []) : nameservers(stack);
}

export function startDig(stack: Stack, cmd: DigCommand, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  const io = once(ioRaw, () => timers.clear());
  const type = TYPES[cmd.type] ?? DNS_TYPE_A;
  const list = servers(stack, cmd.server);
  const bad = dnsNameProblem(cmd.name);
  if (bad) {
    io.stderr(`dig: '${cmd.name}' is not a legal name (${bad})\n`);
    stack.env.schedule(0, () => io.exit(10));
    return { kill: () => io.exit(10) };
  }
  if (!list.length) {
    io.stderr(`dig: couldn't get address for '${cmd.server?.kind === 'name' ? cmd.server.name : ''}': not found\n`);
    stack.env.schedule(0, () => io.exit(10));
    return { kill: () => io.exit(10) };
  }
  const cookie = Uint8Array.from({ length: 8 }, () => Math.floor(stack.env.random() * 256));
  const opt = { name: '', type: DNS_TYPE_OPT, class: 1232, ttl: 0, data: { kind: 'bytes' as const, bytes: Uint8Array.of(0, 10, 0, 8, ...cookie) } };
  const query: DnsMessage = { ...dnsQuery(Math.floor(stack.env.random() * 65536), cmd.name.replace(/\.$/, ''), type), authenticData: true, additionals: [opt] };
  const banner = digBanner(cmd.args, cmd.server !== undefined);
  stack.env.schedule(0, () =>
    exchange(stack, timers, { servers: list, port: cmd.port, query, timeoutNs: (cmd.timeout ?? 5) * NS, tries: cmd.tries ?? DIG_TRIES }, io.stdout, (o) => {
      if (!o.ok) {
        // Even with +short, the banner comes with this message.
        io.stdout(`${banner};; no servers could be reached\n`);
        return io.exit(9);
      }
      if (cmd.short) io.stdout(o.reply.answers.map((r) => `${rdataText(r)}\n`).join(''));
      else io.stdout(banner + digAnswerText(o.reply, { queryMs: Math.floor(o.rttNs / MS), server: o.server, port: cmd.port, whenNs: stack.env.now(), size: o.size }));
      io.exit(0);
    }),
  );
  return { kill: () => io.exit(143) };
}

const HOST_TEXT: Record<number, string> = { [DNS_TYPE_A]: 'has address', [DNS_TYPE_AAAA]: 'has IPv6 address', [DNS_TYPE_MX]: 'mail is handled by', [DNS_TYPE_PTR]: 'domain name pointer' };

export function startHost(stack: Stack, cmd: HostCommand, ioRaw: ProcessIO): Process {
  const timers = new Timers(stack);
  const io = once(ioRaw, () => timers.clear());
  const list = servers(stack, cmd.server);
  const bad = dnsNameProblem(cmd.name);
  if (bad) {
    io.stderr(`host: '${cmd.name}' is not a legal name (${bad})\n`);
    stack.env.schedule(0, () => io.exit(1));
    return { kill: () => io.exit(1) };
  }
  const ip = parseIp4(cmd.name);
  const name = ip !== undefined ? ptrName(ip) : cmd.name.replace(/\.$/, '');
  const types = ip !== undefined ? [DNS_TYPE_PTR] : cmd.type ? [TYPES[cmd.type] ?? DNS_TYPE_A] : [DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_MX];
  let status = 0;
  let announced = false;
  const next = (k: number): void => {
    if (k >= types.length) return io.exit(status);
    const query = dnsQuery(Math.floor(stack.env.random() * 65536), name, types[k]!);
    exchange(stack, timers, { servers: list, port: 53, query, timeoutNs: (cmd.timeout ?? 5) * NS || TIMEOUT_NS, tries: HOST_TRIES }, io.stdout, (o) => {
      if (!o.ok) {
        io.stdout(';; no servers could be reached\n');
        return io.exit(1);
      }
      if (cmd.server && !announced) {
        announced = true;
        const s = formatIp4(o.server);
        io.stdout(`Using domain server:\nName: ${s}\nAddress: ${s}#53\nAliases: \n\n`);
      }
      const m = o.reply;
      if (m.rcode !== 0) {
        io.stdout(`Host ${cmd.name} not found: ${m.rcode}(${rcodeText(m.rcode)})\n`);
        status = 1;
        if (k === 0) return io.exit(1);
      } else {
        for (const r of m.answers) {
          const text = HOST_TEXT[r.type];
          if (text) io.stdout(`${fqdn(r.name).slice(0, -1)} ${text} ${rdataText(r)}\n`);
        }
        if (cmd.type && !m.answers.length) io.stdout(`${name} has no ${cmd.type} record\n`);
      }
      next(k + 1);
    });
  };
  stack.env.schedule(0, () => next(0));
  return { kill: () => io.exit(143) };
}
