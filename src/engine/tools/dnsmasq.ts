import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { DnsmasqCommand } from '../command/types';
import type { Stack } from '../kernel/stack';
import {
  DNS_CLASS_IN, DNS_RCODE_NXDOMAIN, DNS_RCODE_REFUSED, DNS_TYPE_A, DNS_TYPE_OPT, DNS_TYPE_PTR, decodeDns, dnsARecord, encodeDns,
  type DnsMessage, type DnsRecord,
} from '../wire/dns';
import { once, type Process, type ProcessIO } from './process';

/*
 * dnsmasq 2.90 as a DNS server with no upstream (what labs run: `dnsmasq --no-daemon
 * --conf-file=/dev/null &`), checked against the real one in network namespaces:
 * - /etc/hosts is read once at start (later edits are not seen), plus --address=/dom/ip,
 *   which also answers every name under dom. Answers: flags qr aa rd ra, TTL 0 (local-ttl),
 *   the owner name written as a pointer to the question, so in the case the client used.
 * - PTR queries for addresses in /etc/hosts get the first name of the line.
 * - Anything else (an unknown name, AAAA or MX for a known one) would be forwarded; with no
 *   upstream server the answer is REFUSED (flags qr rd ra), with an Extended DNS Error 14
 *   "Not Ready" when the query had EDNS.
 * - An EDNS query gets an OPT record back: UDP size 1232 (edns-packet-max), no options.
 * - Replies leave from the address the query was sent to, with DF, about 50 µs later.
 * Forwarding to upstream servers (--server, nameservers in its own resolv.conf) is not modelled.
 */

export const DNSMASQ_EDNS_SIZE = 1232;
const ANSWER_DELAY_NS = 50_000;
const EDE_NOT_READY = 14;

export interface DnsmasqData {
  hosts: { ip: Ip4; names: string[] }[];
  addresses: DnsmasqCommand['addresses'];
}

/** The answer dnsmasq gives to one query (undefined: it ignores the packet). */
export function dnsmasqAnswer(data: DnsmasqData, q: DnsMessage): DnsMessage | undefined {
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
  return { ...base, authoritative: false, rcode: DNS_RCODE_REFUSED, additionals: opt(EDE_NOT_READY) };
}
const DNS_EDNS_CLASS = DNSMASQ_EDNS_SIZE;

export function startDnsmasq(stack: Stack, cmd: DnsmasqCommand, ioRaw: ProcessIO): Process {
  const io = once(ioRaw, () => {
    udp?.close();
  });
  const fail = (msg: string, status: number): Process => {
    io.stderr(`${msg}\n`);
    stack.env.schedule(0, () => io.exit(status));
    return { kill: () => io.exit(status) };
  };
  const upstream = cmd.noResolv ? [] : stack.files.nameservers.filter((ip) => !stack.addressOwner(ip));
  if (cmd.servers.length || upstream.length) return fail('hairpin: dnsmasq forwarding to upstream servers is not modelled yet (use --no-resolv, no --server)', 2);
  if (cmd.addnHosts.length) return fail('hairpin: dnsmasq --addn-hosts is not modelled yet', 2);
  const data: DnsmasqData = { hosts: cmd.noHosts ? [] : stack.files.hosts.map((h) => ({ ip: h.ip, names: [...h.names] })), addresses: cmd.addresses };
  let udp: ReturnType<typeof bind> | undefined;
  function bind() {
    const s = stack.sockets.udpBind(0, cmd.port, (bytes, fromIp, fromPort, toIp) => {
      let q: DnsMessage;
      try {
        q = decodeDns(bytes);
      } catch {
        return;
      }
      const r = dnsmasqAnswer(data, q);
      if (!r || typeof s === 'number') return;
      stack.env.schedule(ANSWER_DELAY_NS, () => s.sendTo(encodeDns(r), fromIp, fromPort, toIp));
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
