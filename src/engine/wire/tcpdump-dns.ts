import { formatIp4 } from '../addr/ipv4';
import {
  DNS_CLASS_IN,
  DNS_TYPE_AAAA,
  DNS_TYPE_OPT,
  DNS_TYPE_TXT,
  decodeDns,
  dnsFlagsWord,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
} from './dns';

/*
 * The DNS part of a `tcpdump -n` line (domain_print in print-domain.c, tcpdump 4.99, without
 * -v): "4660+ A? example.com. (29)" for a query, "4660 1/0/0 A 93.184.216.34 (45)" for an
 * answer. Checked against the real tcpdump by dns.test.ts.
 */

const TYPE_NAMES: Record<number, string> = {
  1: 'A', 2: 'NS', 3: 'MD', 4: 'MF', 5: 'CNAME', 6: 'SOA', 7: 'MB', 8: 'MG', 9: 'MR', 10: 'NULL',
  11: 'WKS', 12: 'PTR', 13: 'HINFO', 14: 'MINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB',
  19: 'X25', 20: 'ISDN', 21: 'RT', 22: 'NSAP', 23: 'NSAP_PTR', 24: 'SIG', 25: 'KEY', 26: 'PX',
  27: 'GPOS', 28: 'AAAA', 29: 'LOC', 30: 'NXT', 31: 'EID', 32: 'NIMLOC', 33: 'SRV', 34: 'ATMA',
  35: 'NAPTR', 36: 'KX', 37: 'CERT', 38: 'A6', 39: 'DNAME', 40: 'SINK', 41: 'OPT', 42: 'APL',
  43: 'DS', 44: 'SSHFP', 45: 'IPSECKEY', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 99: 'SPF',
  100: 'UINFO', 101: 'UID', 102: 'GID', 103: 'UNSPEC', 104: 'UNSPECA', 249: 'TKEY', 250: 'TSIG',
  251: 'IXFR', 252: 'AXFR', 253: 'MAILB', 254: 'MAILA', 255: 'ANY', 256: 'URI',
};

const CLASS_NAMES: Record<number, string> = { 1: 'IN', 3: 'CHAOS', 4: 'HS', 255: 'ANY' };

/** Response codes 0-23; 17 and 21 lack the leading space in tcpdump 4.99 itself. */
const RCODE_NAMES = [
  '', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet',
  ' NXRRSet', ' NotAuth', ' NotZone', ' Resp11', ' Resp12', ' Resp13', ' Resp14', ' NoChange',
  ' BadVers', 'Resp17', ' Resp18', ' Resp19', ' Resp20', 'Resp21', ' Resp22', ' BadCookie',
];

/** mDNS (RFC 6762) borrows the top bit of the class: unicast-response in questions, cache-flush in records. */
const MDNS_CLASS_BIT = 0x8000;
const DNS_TYPE_URI = 256;

const OPCODE_NAMES = [
  '', ' inv_q', ' stat', ' op3', ' notify', ' update', ' op6', ' op7', ' op8', ' updateA',
  ' updateD', ' updateDA', ' updateM', ' updateMA', ' zoneInit', ' zoneRef',
];

const typeName = (type: number) => TYPE_NAMES[type] ?? `Type${type}`;
const fqdn = (name: string) => `${name}.`;

const className = (rclass: number) => CLASS_NAMES[rclass] ?? `(Class ${rclass})`;

function formatQuestion(question: DnsQuestion, mdns: boolean): string {
  const qclass = mdns ? question.class & ~MDNS_CLASS_BIT : question.class;
  const unicast = mdns ? (question.class & MDNS_CLASS_BIT ? ' (QU)' : ' (QM)') : '';
  return ` ${typeName(question.type)}${qclass === DNS_CLASS_IN ? '' : ` ${className(qclass)}`}${unicast}? ${fqdn(question.name)}`;
}

/** fn_print_char: printable ASCII as is, 8-bit bytes as "M-" and the 7-bit character, controls as "^X". */
function printableChar(code: number): string {
  let prefix = '';
  if (code > 0x7f) {
    prefix = 'M-';
    code &= 0x7f;
  }
  return prefix + (code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : `^${String.fromCharCode(code ^ 0x40)}`);
}

/** TXT data: each character-string quoted, after a space. */
function formatTxt(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 1 + bytes[i]!) {
    text += ` "${Array.from(bytes.subarray(i + 1, i + 1 + bytes[i]!), printableChar).join('')}"`;
  }
  return text;
}

/** IPv6 text as tcpdump's addrtostr6 writes it: the longest run of two or more zero groups as "::", IPv4 tails for ::a.b.c.d and ::ffff:a.b.c.d. */
export function formatIp6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) best = { start: -1, length: 0 };
  const v4Tail = best.start === 0 && (best.length === 6 || (best.length === 5 && groups[5] === 0xffff));
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === best.start) {
      text += '::';
      i += best.length - 1;
      continue;
    }
    if (v4Tail && i === 6) return `${text}${text.endsWith(':') ? '' : ':'}${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
    text += (text === '' || text.endsWith(':') ? '' : ':') + groups[i]!.toString(16);
  }
  return text;
}

function formatRecordData(record: DnsRecord): string {
  const data = record.data;
  switch (data.kind) {
    case 'address':
      return ` ${formatIp4(data.address)}`;
    case 'name':
      return ` ${fqdn(data.name)}`;
    case 'mx':
      return ` ${fqdn(data.exchange)} ${data.preference}`;
    case 'srv':
      return ` ${fqdn(data.target)}:${data.port} ${data.priority} ${data.weight}`;
    case 'soa':
      return ''; // only with -v
    case 'bytes':
      if (record.type === DNS_TYPE_AAAA && data.bytes.length === 16) return ` ${formatIp6(data.bytes)}`;
      if (record.type === DNS_TYPE_TXT) return formatTxt(data.bytes);
      if (record.type === DNS_TYPE_URI && data.bytes.length >= 4) {
        const [priority, weight] = [(data.bytes[0]! << 8) | data.bytes[1]!, (data.bytes[2]! << 8) | data.bytes[3]!];
        return ` ${priority} ${weight} ${Array.from(data.bytes.subarray(4), printableChar).join('')}`;
      }
      return '';
  }
}

/** One answer without -v: the class unless IN, the type and, for the types tcpdump shows, the data. */
function formatRecord(record: DnsRecord, mdns: boolean): string {
  const rclass = mdns ? record.class & ~MDNS_CLASS_BIT : record.class;
  const classText = rclass !== DNS_CLASS_IN && record.type !== DNS_TYPE_OPT ? ` ${className(rclass)}` : '';
  const flush = mdns && record.class & MDNS_CLASS_BIT ? ' (Cache flush)' : '';
  return `${classText}${flush} ${typeName(record.type)}${formatRecordData(record)}`;
}

/** The extended rcode: the low 4 bits from the header, the high 8 from an OPT record's TTL. */
function fullRcode(message: DnsMessage): number {
  const opt = message.additionals.find((record) => record.type === DNS_TYPE_OPT);
  return message.rcode | (opt ? (opt.ttl >>> 24) << 4 : 0);
}

function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? ` Resp${rcode}`;
}

/** `length` is the UDP payload length; `mdns` is true on port 5353. */
export function formatDnsMessage(message: DnsMessage, length: number, mdns = false): string {
  const counts = [message.answers.length, message.authorities.length, message.additionals.length];
  let text: string;
  if (message.response) {
    text = `${message.id}${OPCODE_NAMES[message.opcode]}${rcodeName(fullRcode(message))}`;
    text += `${message.authoritative ? '*' : ''}${message.recursionAvailable ? '' : '-'}${message.truncated ? '|' : ''}${message.authenticData ? '$' : ''}`;
    if (message.questions.length !== 1) text += ` [${message.questions.length}q]`;
    text += ` ${counts.join('/')}`;
    text += message.answers.map((record) => formatRecord(record, mdns)).join(',');
  } else {
    text = `${message.id}${OPCODE_NAMES[message.opcode]}${message.recursionDesired ? '+' : ''}${message.checkingDisabled ? '%' : ''}`;
    // Header bits a query should not have (AA, TC, RA, Z, rcode) are shown raw.
    const word = dnsFlagsWord(message);
    if (word & 0x6cf) text += ` [b2&3=0x${word.toString(16)}]`;
    if (message.opcode === 1) {
      if (message.questions.length) text += ` [${message.questions.length}q]`;
      if (counts[0] !== 1) text += ` [${counts[0]}a]`;
    } else {
      if (counts[0]) text += ` [${counts[0]}a]`;
      if (message.questions.length !== 1) text += ` [${message.questions.length}q]`;
    }
    if (counts[1]) text += ` [${counts[1]}n]`;
    if (counts[2]) text += ` [${counts[2]}au]`;
    text += message.questions.map((question) => formatQuestion(question, mdns)).join('');
  }
  return `${text} (${length})`;
}

/** The DNS text for a UDP payload, or undefined when it does not decode as DNS. */
export function formatDnsPayload(payload: Uint8Array, mdns = false): string | undefined {
  try {
    return formatDnsMessage(decodeDns(payload), payload.length, mdns);
  } catch {
    return undefined;
  }
}
