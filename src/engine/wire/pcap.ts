import { requireLength, viewOf, WireDecodeError } from './bytes';

/*
 * Classic libpcap files (pcap-savefile(5)): a 24-byte file header, then per packet a 16-byte
 * record header and the bytes. Written little-endian with microsecond timestamps, as tcpdump
 * -w does on x86; read in either byte order, microsecond or nanosecond.
 */

export interface PcapRecord {
  /**
   * Capture time in nanoseconds since the epoch (the simulator's virtual clock, from 0). A
   * number is exact below 2^53 ns (104 days); real captures' epoch times come back within 128 ns.
   */
  readonly timeNs: number;
  readonly bytes: Uint8Array;
}

export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
export const LINKTYPE_ETHERNET = 1;
/** tcpdump's default snapshot length since 4.99 (MAXIMUM_SNAPLEN). */
export const PCAP_SNAPLEN = 262144;

const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
const NS_PER_SECOND = 1_000_000_000;

export function writePcap(records: readonly PcapRecord[]): Uint8Array {
  const total = records.reduce((n, r) => n + RECORD_HEADER_LENGTH + r.bytes.length, FILE_HEADER_LENGTH);
  const file = new Uint8Array(total);
  const view = viewOf(file);
  const le = true;
  view.setUint32(0, PCAP_MAGIC_MICROSECONDS, le);
  view.setUint16(4, 2, le); // version 2.4
  view.setUint16(6, 4, le);
  // thiszone and sigfigs stay 0
  view.setUint32(16, PCAP_SNAPLEN, le);
  view.setUint32(20, LINKTYPE_ETHERNET, le);
  let at = FILE_HEADER_LENGTH;
  for (const record of records) {
    const seconds = Math.floor(record.timeNs / NS_PER_SECOND);
    view.setUint32(at, seconds, le);
    view.setUint32(at + 4, Math.floor((record.timeNs - seconds * NS_PER_SECOND) / 1000), le);
    view.setUint32(at + 8, record.bytes.length, le); // captured length
    view.setUint32(at + 12, record.bytes.length, le); // length on the wire
    file.set(record.bytes, at + RECORD_HEADER_LENGTH);
    at += RECORD_HEADER_LENGTH + record.bytes.length;
  }
  return file;
}

export interface PcapFile {
  readonly linktype: number;
  readonly snaplen: number;
  readonly records: PcapRecord[];
}

/** The byte order and timestamp unit a classic pcap file's magic says. */
function pcapFormat(view: DataView): { le: boolean; nanoseconds: boolean } {
  const magicLe = view.getUint32(0, true);
  const magicBe = view.getUint32(0, false);
  if (magicLe === PCAP_MAGIC_MICROSECONDS || magicLe === PCAP_MAGIC_NANOSECONDS) return { le: true, nanoseconds: magicLe === PCAP_MAGIC_NANOSECONDS };
  if (magicBe === PCAP_MAGIC_MICROSECONDS || magicBe === PCAP_MAGIC_NANOSECONDS) return { le: false, nanoseconds: magicBe === PCAP_MAGIC_NANOSECONDS };
  throw new WireDecodeError(`not a pcap file (magic 0x${magicBe.toString(16).padStart(8, '0')})`);
}

/** A record's header and where it lies in the file, without its bytes. */
export interface PcapRecordHeader {
  /** Where the record starts (its 16-byte header) and where its bytes end, in the file. */
  start: number;
  end: number;
  /** When it was captured, in epoch seconds. */
  time: number;
  /** The bytes kept and the frame's length on the wire: fewer kept is a frame cut at the snapshot length. */
  captured: number;
  onWire: number;
}

/**
 * The record headers of a capture tcpdump -w may still have been writing: a record that runs
 * past the end of the file ends the walk (readPcapFile refuses such a file). The kernel
 * recorder trims captures by time and checks that no frame was cut short with it.
 */
export function* pcapRecordHeaders(file: Uint8Array): Generator<PcapRecordHeader> {
  if (file.length < FILE_HEADER_LENGTH) return;
  const view = viewOf(file);
  const { le, nanoseconds } = pcapFormat(view);
  const perSecond = nanoseconds ? 1e9 : 1e6;
  for (let start = FILE_HEADER_LENGTH; start + RECORD_HEADER_LENGTH <= file.length; ) {
    const captured = view.getUint32(start + 8, le);
    const end = start + RECORD_HEADER_LENGTH + captured;
    if (end > file.length) return;
    yield { start, end, time: view.getUint32(start, le) + view.getUint32(start + 4, le) / perSecond, captured, onWire: view.getUint32(start + 12, le) };
    start = end;
  }
}

/** Reads a classic pcap file of any byte order and timestamp resolution. */
export function readPcapFile(file: Uint8Array): PcapFile {
  requireLength(file, FILE_HEADER_LENGTH, 'pcap file header');
  const view = viewOf(file);
  const { le, nanoseconds } = pcapFormat(view);
  const records: PcapRecord[] = [];
  let at = FILE_HEADER_LENGTH;
  while (at < file.length) {
    if (at + RECORD_HEADER_LENGTH > file.length) throw new WireDecodeError(`pcap record header at ${at} is cut short`);
    const seconds = view.getUint32(at, le);
    const fraction = view.getUint32(at + 4, le);
    const capturedLength = view.getUint32(at + 8, le);
    const start = at + RECORD_HEADER_LENGTH;
    if (start + capturedLength > file.length) throw new WireDecodeError(`pcap record at ${at} is cut short`);
    records.push({
      timeNs: seconds * NS_PER_SECOND + (nanoseconds ? fraction : fraction * 1000),
      bytes: file.slice(start, start + capturedLength),
    });
    at = start + capturedLength;
  }
  return { linktype: view.getUint32(20, le), snaplen: view.getUint32(16, le), records };
}

/** The records of a classic pcap file (see readPcapFile for the link type). */
export function readPcap(file: Uint8Array): PcapRecord[] {
  return readPcapFile(file).records;
}
