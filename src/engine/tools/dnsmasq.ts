import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { DnsmasqCommand } from '../command/types';
import type { Stack } from '../kernel/stack';
import {
  DNS_CLASS_IN, DNS_RCODE_NXDOMAIN, DNS_RCODE_REFUSED, DNS_TYPE_A, DNS_TYPE_OPT, DNS_TYPE_PTR, decodeDns, dnsARecord, encodeDns,
  type DnsMessage, type DnsRecord,
} from '../wire/dns';
import { once, type Process, type ProcessIO } from './process';
import type { UdpSock } from '../kernel/udp';
import { parseIp4 } from '../addr/ipv4';

/*
 * dnsmasq 2.90 as a DNS server with no upstream (what labs run: `dnsmasq --no-daemon
 * --conf-file=/dev/null &`), checked against the real one in network namespaces:
 * - /etc/hosts is read once at start (later edits are not seen), plus --address=/dom/ip,
 *   which also answers every name under dom. Answers: flags qr aa rd ra, TTL 0 (local-ttl),
 *   the owner name written as a pointer to the question, so in the case the client used.
 * - PTR queries for addresses in /etc/hosts get the first name of the line.
 * - Anything else (an unknown name, AAAA or MX for a known one) is forwarded to the upstream
 *   servers (--server/-S, else the nameservers of resolv.conf that are not its own
 *   addresses); with none the answer is REFUSED (flags qr rd ra), with an Extended DNS Error
 *   14 "Not Ready" when the query had EDNS. When no route leads to the server, REFUSED with EDE
 *   23 "Network Error" ("config error is REFUSED (EDE: network error)" in its log); a server
 *   that does not answer leaves the client to time out.
 * - -H/--addn-hosts FILE: a file that is not there is logged to syslog and skipped (the box has
 *   only /etc/hosts); the daemon starts anyway.
 * - An EDNS query gets an OPT record back: UDP size 1232 (edns-packet-max), no options.
 * - Replies leave from the address the query was sent to, with DF, about 50 µs later.
 * A forwarded query leaves from a fresh random port with a new random id, otherwise as the
 * client sent it; the answer goes back with the client's id. (The real one rewrites EDNS.)
 */

export const DNSMASQ_EDNS_SIZE = 1232;
const ANSWER_DELAY_NS = 50_000;
const EDE_NOT_READY = 14;
const EDE_NETWORK_ERROR = 23;

export interface DnsmasqData {
  hosts: { ip: Ip4; names: string[] }[];
  addresses: DnsmasqCommand['addresses'];
}

/**
 * The answer dnsmasq gives to one query from what it knows locally (undefined: it ignores the
 * packet; 'forward': it asks upstream, when it has upstream servers).
 */
export function dnsmasqAnswer(data: DnsmasqData, q: DnsMessage): DnsMessage | undefined;
export function dnsmasqAnswer(data: DnsmasqData, q: DnsMessage, upstream: boolean): DnsMessage | 'forward' | undefined;
export function dnsmasqAnswer(data: DnsmasqData, q: DnsMessage, upstream = false): DnsMessage | 'forward' | undefined {
  if (q.response || q.opcode !== 0 || q.questions.length !== 1) return undefined;
  const question = q.questions[0]!;
  const name = question.name.toLowerCase();
  const edns = q.additionals.find((r) => r.type === DNS_TYPE_OPT);
  const opt = (ede?: number): DnsRecord[] =>
    edns ? [{ name: '', type: DNS_TYPE_OPT, class: DNS_EDNS_CLASS, ttl: 0, data: { kind: 'bytes', bytes: ede === undefined ? new Uint8Array() : Uint8Array.of(0, 15, 0, 2, 0, ede) } }] : [];
  const base = { ...q, response: true, recursionAvailable: true, authenticData: false, answers: [], authorities: [] };
  const answer = (records: DnsRecord[]): DnsMessage => ({ ...base, authoritative: true, answers: records, additionals: opt() });
  if (question.class === DNS_CLASS_IN && question.type === DNS_TYPE_A) {
    const addr = data.addresses.find((a) => a.domains.some((d) => name === d.toLowerCase() || name.endsWith(`.${d.toLowerCase()}`)));
    if (addr) {
      if (addr.ip === undefined) return { ...base, authoritative: true, rcode: DNS_RCODE_NXDOMAIN, additionals: opt() };
      return answer([dnsARecord(question.name, addr.ip, 0)]);
    }
    const ips = data.hosts.filter((h) => h.names.some((n) => n.toLowerCase() === name)).map((h) => h.ip);
    if (ips.length) return answer([...new Set(ips)].map((ip) => dnsARecord(question.name, ip, 0)));
  }
  if (question.class === DNS_CLASS_IN && question.type === DNS_TYPE_PTR) {
    const line = data.hosts.find((h) => `${formatIp4(h.ip).split('.').reverse().join('.')}.in-addr.arpa` === name);
    if (line) return answer([{ name: question.name, type: DNS_TYPE_PTR, class: DNS_CLASS_IN, ttl: 0, data: { kind: 'name', name: line.names[0]! } }]);
  }
  return upstream ? 'forward' : refused(q, EDE_NOT_READY);
}

/** REFUSED (qr rd ra), with an Extended DNS Error when the query had EDNS. */
function refused(q: DnsMessage, ede: number): DnsMessage {
  const edns = q.additionals.some((r) => r.type === DNS_TYPE_OPT);
  const opt: DnsRecord[] = edns ? [{ name: '', type: DNS_TYPE_OPT, class: DNS_EDNS_CLASS, ttl: 0, data: { kind: 'bytes', bytes: Uint8Array.of(0, 15, 0, 2, 0, ede) } }] : [];
  return { ...q, response: true, recursionAvailable: true, authenticData: false, answers: [], authorities: [], authoritative: false, rcode: DNS_RCODE_REFUSED, additionals: opt };
}

/** `--server=IP[#PORT]` or `/domain/.../IP[#PORT]` (domain-limited); undefined: a form not modelled. */
function parseServer(text: string): { domains: string[]; ip: Ip4; port: number } | undefined {
  const m = /^(?:\/((?:[^/]+\/)*[^/]+)\/)?(\d+\.\d+\.\d+\.\d+)(?:#(\d{1,5}))?$/.exec(text);
  const ip = m ? parseIp4(m[2]!) : undefined;
  const port = m?.[3] ? Number(m[3]) : 53;
  if (!m || ip === undefined || port < 1 || port > 65535) return undefined;
  return { domains: m[1] ? m[1].split('/') : [], ip, port };
}
const DNS_EDNS_CLASS = DNSMASQ_EDNS_SIZE;

export function startDnsmasq(stack: Stack, cmd: DnsmasqCommand, ioRaw: ProcessIO): Process {
  let udp: UdpSock | undefined;
  const forwarding = new Set<UdpSock>();
  const io = once(ioRaw, () => {
    udp?.close();
    for (const s of forwarding) s.close();
  });
  const fail = (msg: string, status: number): Process => {
    io.stderr(`${msg}\n`);
    stack.env.schedule(0, () => io.exit(status));
    return { kill: () => io.exit(status) };
  };
  const servers: { domains: string[]; ip: Ip4; port: number }[] = [];
  // A server that is this box on dnsmasq's own port is itself: "ignoring nameserver X - local
  // interface" in its log (check_servers), and no query goes round in a loop.
  const self = (ip: Ip4, port: number) => port === cmd.port && (ip === 0 || stack.addrType(ip) === 'local');
  for (const text of cmd.servers) {
    const server = parseServer(text);
    if (!server) return fail(`hairpin: dnsmasq --server=${text}: only IP[#PORT] and /DOMAIN/IP[#PORT] are modelled`, 2);
    if (!self(server.ip, server.port)) servers.push(server);
  }
  // --server wins over resolv.conf; dnsmasq never forwards to its own addresses.
  if (!servers.some((s) => !s.domains.length) && !cmd.noResolv) {
    for (const ip of stack.files.nameservers) if (!self(ip, 53) && !stack.addressOwner(ip)) servers.push({ domains: [], ip, port: 53 });
  }
  const hosts = cmd.noHosts ? [] : stack.files.hosts.map((h) => ({ ip: h.ip, names: [...h.names] }));
  // -H: the only hosts file a box has is /etc/hosts; others are missing, logged and skipped.
  for (const file of cmd.addnHosts) if (file === '/etc/hosts') hosts.push(...stack.files.hosts.map((h) => ({ ip: h.ip, names: [...h.names] })));
  const data: DnsmasqData = { hosts, addresses: cmd.addresses };
  const serverFor = (name: string) => {
    const n = name.toLowerCase();
    let best: (typeof servers)[number] | undefined;
    let bestLen = -1;
    for (const s of servers) {
      const len = s.domains.length ? Math.max(...s.domains.map((d) => (n === d.toLowerCase() || n.endsWith(`.${d.toLowerCase()}`) ? d.length : -1))) : 0;
      if (len > bestLen) [best, bestLen] = [s, len];
    }
    return best;
  };
  /** Sends the query upstream from a fresh port; the answer goes back to the client. */
  const forward = (q: DnsMessage, reply: (m: DnsMessage | Uint8Array) => void) => {
    const server = serverFor(q.questions[0]!.name);
    if (!server) return reply(refused(q, EDE_NOT_READY));
    const id = Math.floor(stack.env.random() * 65536);
    const s = stack.sockets.udpConnect(server.ip, server.port, {}, (bytes) => {
      let a: DnsMessage;
      try {
        a = decodeDns(bytes);
      } catch {
        return;
      }
      if (!a.response || a.id !== id || typeof s === 'number') return;
      forwarding.delete(s);
      s.close();
      reply(encodeDns({ ...a, id: q.id }));
    });
    if (typeof s === 'number') return reply(refused(q, EDE_NETWORK_ERROR));
    forwarding.add(s);
    const err = s.send(encodeDns({ ...q, id }));
    if (err) {
      forwarding.delete(s);
      s.close();
      reply(refused(q, EDE_NETWORK_ERROR));
    }
  };
  function bind() {
    const s = stack.sockets.udpBind(0, cmd.port, (bytes, fromIp, fromPort, toIp) => {
      let q: DnsMessage;
      try {
        q = decodeDns(bytes);
      } catch {
        return;
      }
      const r = dnsmasqAnswer(data, q, servers.length > 0);
      if (!r || typeof s === 'number') return;
      const send = (m: DnsMessage | Uint8Array) => stack.env.schedule(ANSWER_DELAY_NS, () => s.sendTo(m instanceof Uint8Array ? m : encodeDns(m), fromIp, fromPort, toIp));
      if (r === 'forward') forward(q, send);
      else send(r);
    });
    return typeof s === 'number' ? undefined : s;
  }
  if (cmd.port !== 0) {
    udp = bind();
    if (!udp) return fail(`dnsmasq: failed to create listening socket for port ${cmd.port}: Address already in use`, 2);
    // It listens on TCP too (a connection is accepted; queries over TCP are not modelled).
    const l = stack.sockets.tcpListen(0, cmd.port, (sock) => {
      sock.events = { onEof: () => stack.env.schedule(ANSWER_DELAY_NS, () => sock.close()) };
    });
    void l;
  }
  // Without --no-daemon/-k it forks: the command returns 0 and the daemon serves on.
  if (!cmd.foreground) stack.env.schedule(0, () => ioRaw.exit(0));
  return { kill: () => io.exit(143) };
}
