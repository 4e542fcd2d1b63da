import type { Ip4 } from '../addr/ipv4';
import { requireLength, viewOf, WireDecodeError } from './bytes';

/*
 * A DNS message codec (RFC 1035) for the resolver and dnsmasq models: header flags, questions
 * and the three record sections. A, CNAME/NS/PTR/DNAME, MX, SRV and SOA data are decoded
 * (names inside are decompressed, since pointers mean nothing outside the message); other types
 * keep their data bytes. Names are written compressed, as
 * dnsmasq and BIND do, so an answer's name points back at the question.
 */

export const DNS_PORT = 53;
export const DNS_TYPE_A = 1;
export const DNS_TYPE_NS = 2;
export const DNS_TYPE_CNAME = 5;
export const DNS_TYPE_SOA = 6;
export const DNS_TYPE_PTR = 12;
export const DNS_TYPE_MX = 15;
export const DNS_TYPE_TXT = 16;
export const DNS_TYPE_AAAA = 28;
export const DNS_TYPE_SRV = 33;
export const DNS_TYPE_DNAME = 39;
export const DNS_TYPE_OPT = 41;
export const DNS_CLASS_IN = 1;
export const DNS_RCODE_NOERROR = 0;
export const DNS_RCODE_FORMERR = 1;
export const DNS_RCODE_SERVFAIL = 2;
export const DNS_RCODE_NXDOMAIN = 3;
export const DNS_RCODE_NOTIMP = 4;
export const DNS_RCODE_REFUSED = 5;

/** Domain names are dotted text without the final dot; the root is "". */
export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export type DnsRecordData =
  | { readonly kind: 'address'; readonly address: Ip4 }
  /** CNAME, NS, PTR, DNAME. */
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'mx'; readonly preference: number; readonly exchange: string }
  | { readonly kind: 'srv'; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | {
      readonly kind: 'soa';
      readonly mname: string;
      readonly rname: string;
      readonly serial: number;
      readonly refresh: number;
      readonly retry: number;
      readonly expire: number;
      readonly minimum: number;
    }
  /** Any other type (AAAA, TXT, OPT...): the data as sent. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

export interface DnsRecord {
  readonly name: string;
  readonly type: number;
  /** IN for ordinary records; an OPT record's UDP payload size. */
  readonly class: number;
  /** Seconds; an OPT record's extended rcode, version and flags. */
  readonly ttl: number;
  readonly data: DnsRecordData;
}

export interface DnsMessage {
  readonly id: number;
  readonly response: boolean;
  readonly opcode: number;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly recursionDesired: boolean;
  readonly recursionAvailable: boolean;
  readonly authenticData: boolean;
  readonly checkingDisabled: boolean;
  readonly rcode: number;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
}

/** A standard query for one name, recursion desired (what dig, host and the libc resolver send). */
export function dnsQuery(id: number, name: string, type = DNS_TYPE_A): DnsMessage {
  return {
    id, response: false, opcode: 0, authoritative: false, truncated: false, recursionDesired: true,
    recursionAvailable: false, authenticData: false, checkingDisabled: false, rcode: DNS_RCODE_NOERROR,
    questions: [{ name, type, class: DNS_CLASS_IN }], answers: [], authorities: [], additionals: [],
  };
}

/** The response to `query`: its id, question and RD bit, with recursion available, as a resolver answers. */
export function dnsResponse(query: DnsMessage, answer: Partial<DnsMessage> = {}): DnsMessage {
  return { ...query, response: true, recursionAvailable: true, additionals: [], ...answer };
}

/** An A record for an answer section. */
export function dnsARecord(name: string, address: Ip4, ttl = 0): DnsRecord {
  return { name, type: DNS_TYPE_A, class: DNS_CLASS_IN, ttl, data: { kind: 'address', address } };
}

/**
 * Why a name cannot be written as a DNS name (dns_name_fromtext's wording, as dig and host print
 * it), or undefined: a label empty or over 63 bytes, or more than 255 bytes in all.
 */
export function dnsNameProblem(name: string): 'empty label' | 'label too long' | 'ran out of space' | undefined {
  if (name === '.' || name === '') return undefined;
  const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  let length = 1;
  for (const label of labels) {
    if (label.length === 0) return 'empty label';
    if (label.length > 63) return 'label too long';
    length += label.length + 1;
    if (length > 255) return 'ran out of space';
  }
  return undefined;
}

/** A name's labels: split at dots that are not escaped (`a\.b.c` is two labels). */
function splitLabels(name: string): string[] {
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) label += c + name[++i];
    else if (c === '.') {
      labels.push(label);
      label = '';
    } else label += c;
  }
  labels.push(label);
  return labels;
}

class NameWriter {
  readonly bytes: number[] = [];
  private readonly offsets = new Map<string, number>();

  /** Writes `name`, ending in a pointer to the longest suffix already written (RFC 1035 4.1.4). */
  name(name: string, compress = true): void {
    const labels = name === '' ? [] : splitLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const earlier = this.offsets.get(suffix);
      if (earlier !== undefined && compress) {
        this.bytes.push(0xc0 | (earlier >> 8), earlier & 255);
        return;
      }
      if (this.bytes.length < 0x4000) this.offsets.set(suffix, this.bytes.length);
      const label = Array.from(labels[i]!.replace(/\\(.)/g, '$1'), (c) => c.charCodeAt(0) & 255);
      if (label.length === 0 || label.length > 63) throw new RangeError(`DNS label "${labels[i]}" in "${name}" must be 1-63 bytes`);
      this.bytes.push(label.length, ...label);
    }
    this.bytes.push(0);
  }
  u16(n: number): void {
    this.bytes.push((n >>> 8) & 255, n & 255);
  }
  u32(n: number): void {
    this.u16(n >>> 16);
    this.u16(n & 0xffff);
  }
}

function writeRecord(out: NameWriter, record: DnsRecord): void {
  out.name(record.name);
  out.u16(record.type);
  out.u16(record.class);
  out.u32(record.ttl);
  const lengthAt = out.bytes.length;
  out.u16(0);
  const data = record.data;
  if (data.kind === 'address') out.u32(data.address);
  else if (data.kind === 'name') out.name(data.name);
  else if (data.kind === 'mx') {
    out.u16(data.preference);
    out.name(data.exchange);
  } else if (data.kind === 'srv') {
    for (const n of [data.priority, data.weight, data.port]) out.u16(n);
    // RFC 2782 forbids compressing the target; write it whole.
    out.name(data.target, false);
  }
  else if (data.kind === 'soa') {
    out.name(data.mname);
    out.name(data.rname);
    for (const n of [data.serial, data.refresh, data.retry, data.expire, data.minimum]) out.u32(n);
  } else out.bytes.push(...data.bytes);
  const length = out.bytes.length - lengthAt - 2;
  out.bytes[lengthAt] = length >> 8;
  out.bytes[lengthAt + 1] = length & 255;
}

/** The second 16-bit word of the header: QR, opcode, AA, TC, RD, RA, (Z), AD, CD, rcode. */
export function dnsFlagsWord(message: DnsMessage): number {
  return (
    (message.response ? 0x8000 : 0) | ((message.opcode & 15) << 11) | (message.authoritative ? 0x0400 : 0) |
    (message.truncated ? 0x0200 : 0) | (message.recursionDesired ? 0x0100 : 0) |
    (message.recursionAvailable ? 0x0080 : 0) | (message.authenticData ? 0x0020 : 0) |
    (message.checkingDisabled ? 0x0010 : 0) | (message.rcode & 15)
  );
}

export function encodeDns(message: DnsMessage): Uint8Array {
  const out = new NameWriter();
  out.u16(message.id);
  out.u16(dnsFlagsWord(message));
  for (const section of [message.questions, message.answers, message.authorities, message.additionals]) out.u16(section.length);
  for (const question of message.questions) {
    out.name(question.name);
    out.u16(question.type);
    out.u16(question.class);
  }
  for (const record of [...message.answers, ...message.authorities, ...message.additionals]) writeRecord(out, record);
  return Uint8Array.from(out.bytes);
}

/** Reads a possibly compressed name at `at`; returns it and the offset after it in the message. */
function readName(bytes: Uint8Array, at: number): { name: string; next: number } {
  const labels: string[] = [];
  let next = -1;
  let position = at;
  for (let jumps = 0; ; ) {
    const length = bytes[position];
    if (length === undefined) throw new WireDecodeError(`DNS name at ${at} runs past the message`);
    if (length === 0) break;
    if ((length & 0xc0) === 0xc0) {
      const target = ((length & 0x3f) << 8) | (bytes[position + 1] ?? 0);
      if (next < 0) next = position + 2;
      // Pointers must go backwards; a bound on jumps also stops loops.
      if (target >= position || ++jumps > 64) throw new WireDecodeError(`DNS name at ${at} has a bad pointer`);
      position = target;
      continue;
    }
    if (length > 63) throw new WireDecodeError(`DNS name at ${at} has a bad label length ${length}`);
    if (position + 1 + length > bytes.length) throw new WireDecodeError(`DNS name at ${at} runs past the message`);
    // A '.' or '\\' byte inside a label is written escaped, as dig prints it (web\.): the text
    // then writes back as the same labels.
    labels.push(String.fromCharCode(...bytes.subarray(position + 1, position + 1 + length)).replace(/[.\\]/g, (c) => `\\${c}`));
    position += 1 + length;
  }
  return { name: labels.join('.'), next: next >= 0 ? next : position + 1 };
}

function readRecordData(bytes: Uint8Array, type: number, start: number, end: number): DnsRecordData {
  const view = viewOf(bytes);
  if (type === DNS_TYPE_A && end - start === 4) return { kind: 'address', address: view.getUint32(start) };
  if (type === DNS_TYPE_CNAME || type === DNS_TYPE_NS || type === DNS_TYPE_PTR || type === DNS_TYPE_DNAME) {
    const { name, next } = readName(bytes, start);
    if (next === end) return { kind: 'name', name };
  }
  if (type === DNS_TYPE_MX && end - start >= 3) {
    const { name, next } = readName(bytes, start + 2);
    if (next === end) return { kind: 'mx', preference: view.getUint16(start), exchange: name };
  }
  if (type === DNS_TYPE_SRV && end - start >= 7) {
    const { name, next } = readName(bytes, start + 6);
    if (next === end) {
      return { kind: 'srv', priority: view.getUint16(start), weight: view.getUint16(start + 2), port: view.getUint16(start + 4), target: name };
    }
  }
  if (type === DNS_TYPE_SOA) {
    const mname = readName(bytes, start);
    const rname = readName(bytes, mname.next);
    const numbers = rname.next;
    if (numbers + 20 === end) {
      const [serial, refresh, retry, expire, minimum] = [0, 4, 8, 12, 16].map((o) => view.getUint32(numbers + o)) as [number, number, number, number, number];
      return { kind: 'soa', mname: mname.name, rname: rname.name, serial, refresh, retry, expire, minimum };
    }
  }
  return { kind: 'bytes', bytes: bytes.slice(start, end) };
}

export function decodeDns(bytes: Uint8Array): DnsMessage {
  requireLength(bytes, 12, 'DNS header');
  const view = viewOf(bytes);
  const flags = view.getUint16(2);
  const counts = [4, 6, 8, 10].map((o) => view.getUint16(o));
  let at = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]!; i++) {
    const { name, next } = readName(bytes, at);
    requireLength(bytes, next + 4, 'DNS question');
    questions.push({ name, type: view.getUint16(next), class: view.getUint16(next + 2) });
    at = next + 4;
  }
  const sections: DnsRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const { name, next } = readName(bytes, at);
      requireLength(bytes, next + 10, 'DNS record header');
      const type = view.getUint16(next);
      const dataLength = view.getUint16(next + 8);
      const end = next + 10 + dataLength;
      requireLength(bytes, end, 'DNS record data');
      sections[s]!.push({ name, type, class: view.getUint16(next + 2), ttl: view.getUint32(next + 4), data: readRecordData(bytes, type, next + 10, end) });
      at = end;
    }
  }
  return {
    id: view.getUint16(0),
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 15,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    authenticData: (flags & 0x0020) !== 0,
    checkingDisabled: (flags & 0x0010) !== 0,
    rcode: flags & 15,
    questions,
    answers: sections[0]!,
    authorities: sections[1]!,
    additionals: sections[2]!,
  };
}
