import { describe, expect, it } from 'vitest';
import { WireDecodeError } from './bytes';
import {
  DNS_RCODE_NXDOMAIN,
  DNS_RCODE_REFUSED,
  DNS_TYPE_AAAA,
  DNS_TYPE_MX,
  DNS_TYPE_PTR,
  decodeDns,
  dnsARecord,
  dnsQuery,
  dnsResponse,
  encodeDns,
  type DnsMessage,
  type DnsRecord,
} from './dns';
import { encodeFrame } from './ethernet';
import { writePcap } from './pcap';
import { formatTcpdump } from './tcpdump';
import { formatDnsMessage } from './tcpdump-dns';
import { PC, ROUTER, frame, ip, ipv4 } from './testing/frames';
import { tcpdumpLines, toolAvailable } from './testing/real-tools';
import type { EthernetFrame } from './types';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));
const query = dnsQuery(0x1234, 'example.com');
const answer = dnsResponse(query, { answers: [dnsARecord('example.com', ip('93.184.216.34'), 300)] });
const raw = (type: number, bytes: number[]): DnsRecord => ({ name: 'x.lan', type, class: 1, ttl: 0, data: { kind: 'bytes', bytes: Uint8Array.from(bytes) } });
const ipv6 = (text: string) => text.split(':').flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 255]);
/** dig's EDNS record: UDP size 1232 and a cookie option. */
const edns: DnsRecord = { name: '', type: 41, class: 1232, ttl: 0, data: { kind: 'bytes', bytes: fromHex('000a00080102030405060708') } };

describe('DNS messages', () => {
  it('encodes a query: header with RD, one question, type A class IN', () => {
    expect(hex(encodeDns(query))).toBe('1234' + '0100' + '0001000000000000' + '076578616d706c6503636f6d00' + '0001' + '0001');
  });

  it("compresses an answer's name into a pointer to the question (c00c)", () => {
    const bytes = encodeDns(answer);
    expect(hex(bytes.subarray(29))).toBe('c00c' + '0001' + '0001' + '0000012c' + '0004' + '5db8d822');
    expect(hex(bytes.subarray(2, 4))).toBe('8180'); // QR, RD, RA
  });

  it('round-trips queries, answers, NXDOMAIN, REFUSED and every record kind', () => {
    const messages: DnsMessage[] = [
      query,
      answer,
      dnsResponse(query, { rcode: DNS_RCODE_NXDOMAIN }),
      dnsResponse(query, { rcode: DNS_RCODE_REFUSED, recursionAvailable: false }),
      dnsResponse({ ...query, additionals: [edns] }, {
        answers: [
          { name: 'example.com', type: 5, class: 1, ttl: 60, data: { kind: 'name', name: 'www.example.org' } },
          { name: 'www.example.org', type: DNS_TYPE_MX, class: 1, ttl: 60, data: { kind: 'mx', preference: 10, exchange: 'mail.example.org' } },
          { name: '_http._tcp.example.org', type: 33, class: 1, ttl: 60, data: { kind: 'srv', priority: 1, weight: 2, port: 80, target: 'www.example.org' } },
          raw(DNS_TYPE_AAAA, ipv6('2001:db8:0:0:0:0:0:1')),
        ],
        authorities: [{ name: 'org', type: 6, class: 1, ttl: 900, data: { kind: 'soa', mname: 'a0.org', rname: 'hostmaster.org', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } }],
        additionals: [edns],
      }),
    ];
    for (const message of messages) expect(decodeDns(encodeDns(message))).toEqual(message);
  });

  it('decodes compressed names, including pointers to pointers', () => {
    // Question "a.example.com"; answer name "b" + pointer to "example.com" (offset 14).
    const bytes = fromHex('0001818000010001000000000161076578616d706c6503636f6d0000010001' + '0162c00e' + '00010001000000000004' + '0a000001');
    const message = decodeDns(bytes);
    expect(message.questions[0]!.name).toBe('a.example.com');
    expect(message.answers[0]).toEqual(dnsARecord('b.example.com', ip('10.0.0.1')));
  });

  it('rejects a pointer that does not point backwards (it could loop)', () => {
    const bytes = fromHex('000101000001000000000000' + 'c00c' + '00010001');
    expect(() => decodeDns(bytes)).toThrow(WireDecodeError);
  });

  it('rejects a message cut inside a record', () => {
    expect(() => decodeDns(encodeDns(answer).subarray(0, 40))).toThrow(WireDecodeError);
  });
});

describe('tcpdump prints DNS as domain_print does without -v', () => {
  it('a query: id, "+" for recursion desired, type? name., (UDP payload length)', () => {
    expect(formatDnsMessage(query, 29)).toBe('4660+ A? example.com. (29)');
  });

  it('an answer: id, an/ns/ar counts, then each answer', () => {
    expect(formatDnsMessage(answer, 45)).toBe('4660 1/0/0 A 93.184.216.34 (45)');
  });

  it('an error response: rcode name, "-" when recursion is not available', () => {
    expect(formatDnsMessage(dnsResponse(query, { rcode: DNS_RCODE_REFUSED, recursionAvailable: false }), 29)).toBe('4660 Refused- 0/0/0 (29)');
  });

  const dnsFrames: Record<string, EthernetFrame> = {};
  const add = (label: string, message: DnsMessage, port = 53) => {
    const [sport, dport] = message.response ? [port, port === 53 ? 41234 : port] : [port === 53 ? 41234 : port, port];
    dnsFrames[label] = frame(PC, ROUTER, ipv4('192.168.1.3', '192.168.1.1', { kind: 'udp', sport, dport, data: encodeDns(message) }));
  };
  add('query', query);
  add('answer', answer);
  add('two answers', dnsResponse(query, { answers: [dnsARecord('example.com', 1), dnsARecord('example.com', 2)] }));
  add('NXDOMAIN', dnsResponse(query, { rcode: DNS_RCODE_NXDOMAIN }));
  add('NXDOMAIN with SOA', dnsResponse(query, { rcode: DNS_RCODE_NXDOMAIN, authorities: [{ name: 'com', type: 6, class: 1, ttl: 900, data: { kind: 'soa', mname: 'a.gtld-servers.net', rname: 'nstld.verisign-grs.com', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } }] }));
  add('REFUSED', dnsResponse(query, { rcode: DNS_RCODE_REFUSED, recursionAvailable: false }));
  add('SERVFAIL', dnsResponse(query, { rcode: 2 }));
  add('dig query with EDNS', { ...query, additionals: [edns] });
  add('answer with EDNS', dnsResponse(query, { answers: [dnsARecord('example.com', 1)], additionals: [edns] }));
  add('BADVERS (extended rcode 16 in OPT)', dnsResponse(query, { additionals: [{ ...edns, ttl: 0x01000000 }] }));
  add('authoritative CNAME chain', dnsResponse(query, { authoritative: true, answers: [{ name: 'example.com', type: 5, class: 1, ttl: 60, data: { kind: 'name', name: 'www.example.org' } }, dnsARecord('www.example.org', 5)] }));
  add('PTR query', dnsQuery(2, '3.1.168.192.in-addr.arpa', DNS_TYPE_PTR));
  add('PTR answer', dnsResponse(dnsQuery(2, '3.1.168.192.in-addr.arpa', DNS_TYPE_PTR), { answers: [{ name: '3.1.168.192.in-addr.arpa', type: DNS_TYPE_PTR, class: 1, ttl: 0, data: { kind: 'name', name: 'pc2.lan' } }] }));
  add('AAAA query', dnsQuery(3, 'example.com', DNS_TYPE_AAAA));
  add('MX and SRV answers', dnsResponse(query, { answers: [{ name: 'x', type: DNS_TYPE_MX, class: 1, ttl: 0, data: { kind: 'mx', preference: 10, exchange: 'mail.example.com' } }, { name: 'x', type: 33, class: 1, ttl: 0, data: { kind: 'srv', priority: 1, weight: 2, port: 8080, target: 'srv.example.com' } }] }));
  for (const address of ['2001:db8:0:0:0:0:0:1', '0:0:0:0:0:0:0:1', '0:0:0:0:0:0:0:0', 'fe80:0:0:0:1:0:0:1', '0:0:0:0:0:ffff:a00:1', '2001:db8:0:1:0:1:0:1', '1:0:0:2:0:0:0:3', '0:0:0:0:0:0:a00:1']) {
    add(`AAAA ${address}`, dnsResponse(query, { answers: [raw(DNS_TYPE_AAAA, ipv6(address))] }));
  }
  add('TXT strings with quotes, controls and 8-bit bytes', dnsResponse(query, { answers: [raw(16, [2, 104, 105, 3, 0x22, 0x5c, 0x7f, 0, 1, 200])] }));
  add('HINFO and unnamed types print only the type', dnsResponse(query, { answers: [raw(13, [1, 65, 1, 66]), raw(257, [0])] }));
  add('URI: priority, weight, target', dnsResponse(query, { answers: [raw(256, [0, 10, 0, 1, ...Array.from('http://x', (c) => c.charCodeAt(0))])] }));
  add('query in class CHAOS', { ...dnsQuery(4, 'version.bind', 16), questions: [{ name: 'version.bind', type: 16, class: 3 }] });
  add('no question', { ...query, questions: [] });
  add('two questions', { ...query, questions: [...query.questions, { name: 'b.example', type: 1, class: 1 }] });
  add('truncated, authentic data', dnsResponse(query, { truncated: true, authenticData: true }));
  add('checking disabled, no recursion', { ...query, recursionDesired: false, checkingDisabled: true, authenticData: true });
  add('query with stray AA bit', { ...query, authoritative: true });
  add('NOTIFY and UPDATE opcodes', { ...query, opcode: 4 });
  add('inverse query', { ...query, opcode: 1, answers: [dnsARecord('x', 1)] });
  add('root NS answer', dnsResponse({ ...query, questions: [{ name: '', type: 2, class: 1 }] }, { answers: [{ name: '', type: 2, class: 1, ttl: 5, data: { kind: 'name', name: 'a.root-servers.net' } }] }));
  add('mDNS question (QU)', { ...query, questions: [{ name: 'pc.local', type: 1, class: 0x8001 }] }, 5353);
  add('mDNS question (QM)', { ...query, questions: [{ name: 'pc.local', type: 1, class: 1 }] }, 5353);
  add('mDNS answer with cache flush', dnsResponse(query, { answers: [{ ...dnsARecord('pc.local', 1), class: 0x8001 }] }), 5353);
  for (const rcode of [6, 11, 15, 17, 21, 23, 24]) {
    add(`extended rcode ${rcode}`, dnsResponse(query, { rcode: rcode & 15, additionals: [{ ...edns, ttl: (rcode >> 4) << 24 }] }));
  }

  const hasTcpdump = toolAvailable('tcpdump');
  it.skipIf(!hasTcpdump)(`byte-identical to the real tcpdump -n${hasTcpdump ? '' : ' (skipped: tcpdump not installed)'}`, () => {
    const entries = Object.entries(dnsFrames);
    const real = tcpdumpLines(writePcap(entries.map(([, f], i) => ({ timeNs: i, bytes: encodeFrame(f) }))), ['-n', '-t']);
    expect(entries.map(([label, f]) => `${label} | ${formatTcpdump(f, { link: false })}`)).toEqual(
      real.map((line, i) => `${entries[i]?.[0]} | ${line}`),
    );
  });
});

describe('names with a dot inside a label', () => {
  it('a "." byte in a label reads as "\\." and writes back as the same one label (no empty label, no throw)', () => {
    const q = dnsQuery(1, 'web');
    const bytes = encodeDns(q);
    // Turn the query name's "web" into the 4-byte label "web." in place of a 3-byte one.
    const wire = Uint8Array.from([...bytes.subarray(0, 12), 4, 0x77, 0x65, 0x62, 0x2e, ...bytes.subarray(16)]);
    const decoded = decodeDns(wire);
    expect(decoded.questions[0]!.name).toBe('web\\.');
    expect(encodeDns(decoded)).toEqual(wire);
  });
});
