import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { HostRef } from '../command/types';
import { Errno } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { UdpSock } from '../kernel/udp';
import {
  DNS_PORT, DNS_RCODE_NOTIMP, DNS_RCODE_NXDOMAIN, DNS_RCODE_REFUSED, DNS_RCODE_SERVFAIL, DNS_TYPE_A, DNS_TYPE_AAAA,
  DNS_TYPE_PTR, decodeDns, dnsNameProblem, dnsQuery, encodeDns, type DnsMessage,
} from '../wire/dns';
import { NS, Timers } from './process';

/*
 * The glibc 2.36 stub resolver as tools see it through getaddrinfo/getnameinfo, with Debian's
 * nsswitch "hosts: files mdns4_minimal [NOTFOUND=return] dns" (mdns4_minimal only answers
 * *.local, which labs do not use): /etc/hosts first, then the nameservers of /etc/resolv.conf
 * (127.0.0.1 when there is none, as res_init does).
 *
 * What the real one does on the wire (captured with tcpdump in network namespaces):
 * - getaddrinfo(AF_UNSPEC) sends the A and the AAAA query together (sendmmsg) on one
 *   connected UDP socket, with DF, and waits for both answers; IPv6 being off changes nothing.
 * - timeout 5 s, attempts 2, servers in order (RES_TIMEOUT, RES_DFLRETRY); a retry reuses the
 *   query ids and the socket. A REFUSED/SERVFAIL/NOTIMP answer counts as no answer from that
 *   server: when both are like that the next server (or attempt) is asked, so one server that
 *   refuses is asked twice, and the lookup fails with EAI_AGAIN.
 * - ICMP port unreachable (no DNS server there): the socket reports ECONNREFUSED, glibc closes
 *   it and goes on at once with the next server or attempt, on a new socket.
 * - getnameinfo (ping printing a reply's source without -n): /etc/hosts, then one PTR query.
 * Not modelled: the switch to single-request mode when only one of the two answers arrives in
 * time (glibc then resends one query at a time); search domains (labs set none).
 */

export type Family = 'inet' | 'unspec';
export type ResolveError = 'again' | 'noname';
export type ResolveResult = { ok: true; address: Ip4; canonical: string } | { ok: false; error: ResolveError };
/** gai_strerror() texts. */
export const GAI_STRERROR: Record<ResolveError, string> = {
  again: 'Temporary failure in name resolution',
  noname: 'Name or service not known',
};

export const RES_TIMEOUT_NS = 5 * NS;
export const RES_ATTEMPTS = 2;
const LOCALHOST = 0x7f000001;
/** A process's cancel handle: a tool that exits stops its lookup. */
export type Cancel = () => void;

/** The servers res_init reads: at most three nameserver lines, else the local host. */
export function nameservers(stack: Stack): Ip4[] {
  const list = stack.files.nameservers.slice(0, 3);
  return list.length ? list : [LOCALHOST];
}

/**
 * res_send for one or two questions sent together: calls back with the answers (undefined
 * where a server gave none that counts), or 'again' when every server and attempt failed.
 */
export function resSend(stack: Stack, questions: { name: string; type: number }[], cb: (answers: (DnsMessage | undefined)[] | 'again') => void): Cancel {
  const timers = new Timers(stack);
  const servers = nameservers(stack);
  const ids = questions.map(() => Math.floor(stack.env.random() * 65536));
  const wire = questions.map((q, i) => encodeDns(dnsQuery(ids[i]!, q.name, q.type)));
  const socks = new Map<number, UdpSock>();
  let attempt = 0;
  let ns = 0;
  let replies: (DnsMessage | null | undefined)[] = [];
  let timer: number | undefined;
  let finished = false;

  const finish = (r: (DnsMessage | undefined)[] | 'again') => {
    if (finished) return;
    finished = true;
    timers.clear();
    for (const s of socks.values()) s.close();
    cb(r);
  };
  const next = () => {
    if (timer !== undefined) timers.cancel(timer);
    if (++ns >= servers.length) [ns, attempt] = [0, attempt + 1];
    if (attempt >= RES_ATTEMPTS) return finish('again');
    ask();
  };
  const onData = (data: Uint8Array) => {
    let m: DnsMessage;
    try {
      m = decodeDns(data);
    } catch {
      return;
    }
    const i = ids.indexOf(m.id);
    if (i < 0 || !m.response || replies[i] !== undefined) return;
    const refused = m.rcode === DNS_RCODE_SERVFAIL || m.rcode === DNS_RCODE_NOTIMP || m.rcode === DNS_RCODE_REFUSED;
    replies[i] = refused ? null : m;
    if (replies.every((r) => r !== undefined)) {
      if (replies.every((r) => r === null)) return next();
      finish(replies.map((r) => r ?? undefined));
    }
  };
  function ask(): void {
    const server = servers[ns]!;
    let sock = socks.get(ns);
    if (!sock) {
      const s = stack.sockets.udpConnect(server, DNS_PORT, {}, onData);
      if (typeof s === 'number') return void stack.env.schedule(0, next);
      const index = ns;
      s.onError = (errno) => {
        if (errno !== Errno.ECONNREFUSED && errno !== Errno.EHOSTUNREACH && errno !== Errno.ENETUNREACH) return;
        // recvfrom() fails: glibc closes the socket and moves on.
        stack.env.schedule(0, () => {
          if (finished || socks.get(index) !== s) return;
          s.close();
          socks.delete(index);
          next();
        });
      };
      socks.set(ns, (sock = s));
    }
    replies = questions.map(() => undefined);
    for (const w of wire) sock.send(w);
    // send_dg: retrans << ns, divided among the servers after the first.
    let seconds = RES_TIMEOUT_NS * 2 ** ns;
    if (ns > 0) seconds = Math.floor(seconds / servers.length);
    timer = timers.after(Math.max(seconds, NS), () => {
      timer = undefined;
      if (replies.some((r) => r)) return finish(replies.map((r) => r ?? undefined));
      next();
    });
  }
  stack.env.schedule(0, ask);
  return () => finish('again');
}

/** getaddrinfo(name) for IPv4: /etc/hosts, then DNS (A and AAAA together for AF_UNSPEC). */
export function resolve(stack: Stack, name: string, family: Family, cb: (r: ResolveResult) => void): Cancel {
  const lower = name.replace(/\.$/, '').toLowerCase();
  const line = stack.files.hosts.find((h) => h.names.some((n) => n.toLowerCase() === lower));
  if (line) {
    const h = stack.env.schedule(0, () => cb({ ok: true, address: line.ip, canonical: line.names[0]! }));
    return () => stack.env.cancel(h);
  }
  const qname = name.replace(/\.$/, '');
  // res_mkquery cannot write such a name: getaddrinfo fails at once, nothing is sent.
  if (dnsNameProblem(name)) {
    const h = stack.env.schedule(0, () => cb({ ok: false, error: 'noname' }));
    return () => stack.env.cancel(h);
  }
  const types = family === 'unspec' ? [DNS_TYPE_A, DNS_TYPE_AAAA] : [DNS_TYPE_A];
  return resSend(stack, types.map((type) => ({ name: qname, type })), (answers) => {
    if (answers === 'again') return cb({ ok: false, error: 'again' });
    const a = answers[0];
    const rec = a?.answers.find((r) => r.type === DNS_TYPE_A && r.data.kind === 'address');
    if (rec && rec.data.kind === 'address') return cb({ ok: true, address: rec.data.address, canonical: rec.name });
    if (!a) return cb({ ok: false, error: 'again' });
    cb({ ok: false, error: a.rcode === DNS_RCODE_NXDOMAIN || a.answers.length === 0 ? 'noname' : 'again' });
  });
}

/** resolve() for a typed destination: an address needs no lookup. */
export function resolveRef(stack: Stack, ref: HostRef, family: Family, cb: (r: ResolveResult) => void): Cancel {
  if (ref.kind === 'ip') {
    const h = stack.env.schedule(0, () => cb({ ok: true, address: ref.ip, canonical: ref.text }));
    return () => stack.env.cancel(h);
  }
  return resolve(stack, ref.name, family, cb);
}

/** getnameinfo(ip) without NI_NUMERICHOST: /etc/hosts, then a PTR query; undefined if none. */
export function reverseLookup(stack: Stack, ip: Ip4, cb: (name: string | undefined) => void): Cancel {
  const line = stack.files.hosts.find((h) => h.ip === ip);
  if (line) {
    const h = stack.env.schedule(0, () => cb(line.names[0]));
    return () => stack.env.cancel(h);
  }
  return resSend(stack, [{ name: ptrName(ip), type: DNS_TYPE_PTR }], (answers) => {
    const rec = answers === 'again' ? undefined : answers[0]?.answers.find((r) => r.type === DNS_TYPE_PTR);
    cb(rec && rec.data.kind === 'name' ? rec.data.name : undefined);
  });
}

/** 10.0.0.80 -> 80.0.0.10.in-addr.arpa */
export function ptrName(ip: Ip4): string {
  return `${formatIp4(ip).split('.').reverse().join('.')}.in-addr.arpa`;
}
