import { requireLength, viewOf, WireDecodeError } from './bytes';
import { LINKTYPE_ETHERNET, PCAP_SNAPLEN } from './pcap';

/*
 * pcapng (draft-ietf-opsawg-pcapng): one section header, one interface description per
 * interface (name and nanosecond resolution), then enhanced packet blocks. Unlike classic
 * pcap it can hold every port of a device in one file, each packet tagged with its port.
 * Little-endian; the reader also takes big-endian sections.
 */

export interface PcapngInterface {
  readonly name: string;
}

export interface PcapngPacket {
  /** Index into the interfaces list. */
  readonly iface: number;
  readonly timeNs: number;
  readonly bytes: Uint8Array;
}

const BLOCK_SECTION_HEADER = 0x0a0d0d0a;
const BLOCK_INTERFACE_DESCRIPTION = 0x00000001;
const BLOCK_ENHANCED_PACKET = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
/** if_tsresol 9: timestamps count 10^-9 s. */
const NANOSECOND_RESOLUTION = 9;

const pad4 = (n: number) => (n + 3) & ~3;

interface Option {
  readonly code: number;
  readonly value: Uint8Array;
}

function optionsLength(options: readonly Option[]): number {
  return options.length === 0 ? 0 : options.reduce((n, o) => n + 4 + pad4(o.value.length), 4);
}

/** A block: type, total length, body, options (ending with opt_endofopt), total length again. */
function block(type: number, body: Uint8Array, options: readonly Option[] = []): Uint8Array {
  const bodyLength = pad4(body.length);
  const total = 12 + bodyLength + optionsLength(options);
  const bytes = new Uint8Array(total);
  const view = viewOf(bytes);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  bytes.set(body, 8);
  let at = 8 + bodyLength;
  for (const option of options) {
    view.setUint16(at, option.code, true);
    view.setUint16(at + 2, option.value.length, true);
    bytes.set(option.value, at + 4);
    at += 4 + pad4(option.value.length);
  }
  if (options.length > 0) view.setUint32(at, OPT_END, true);
  view.setUint32(total - 4, total, true);
  return bytes;
}

function sectionHeader(): Uint8Array {
  const body = new Uint8Array(16);
  const view = viewOf(body);
  view.setUint32(0, BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true); // version 1.0
  view.setUint16(6, 0, true);
  view.setInt32(8, -1, true); // section length unknown: 64 bits of ones
  view.setInt32(12, -1, true);
  return block(BLOCK_SECTION_HEADER, body);
}

function interfaceDescription(iface: PcapngInterface): Uint8Array {
  const body = new Uint8Array(8);
  const view = viewOf(body);
  view.setUint16(0, LINKTYPE_ETHERNET, true);
  view.setUint32(4, PCAP_SNAPLEN, true);
  return block(BLOCK_INTERFACE_DESCRIPTION, body, [
    { code: OPT_IF_NAME, value: new TextEncoder().encode(iface.name) },
    { code: OPT_IF_TSRESOL, value: Uint8Array.of(NANOSECOND_RESOLUTION) },
  ]);
}

function enhancedPacket(packet: PcapngPacket): Uint8Array {
  const body = new Uint8Array(20 + packet.bytes.length);
  const view = viewOf(body);
  view.setUint32(0, packet.iface, true);
  // A 64-bit count of nanoseconds, high word first; exact while below 2^53.
  view.setUint32(4, Math.floor(packet.timeNs / 2 ** 32), true);
  view.setUint32(8, packet.timeNs % 2 ** 32, true);
  view.setUint32(12, packet.bytes.length, true);
  view.setUint32(16, packet.bytes.length, true);
  body.set(packet.bytes, 20);
  return block(BLOCK_ENHANCED_PACKET, body);
}

export function writePcapng(interfaces: readonly PcapngInterface[], packets: readonly PcapngPacket[]): Uint8Array {
  for (const packet of packets) {
    if (!Number.isInteger(packet.iface) || packet.iface < 0 || packet.iface >= interfaces.length) {
      throw new RangeError(`packet names interface ${packet.iface}; there are ${interfaces.length}`);
    }
  }
  const blocks = [sectionHeader(), ...interfaces.map(interfaceDescription), ...packets.map(enhancedPacket)];
  const file = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    file.set(b, at);
    at += b.length;
  }
  return file;
}

export interface PcapngFile {
  readonly interfaces: PcapngInterface[];
  readonly packets: PcapngPacket[];
}

/**
 * Reads what writePcapng writes, and tshark's or dumpcap's files of one section: interface
 * names and resolutions from IDBs, packets from EPBs; other blocks are skipped.
 */
export function readPcapng(file: Uint8Array): PcapngFile {
  requireLength(file, 28, 'pcapng section header');
  const view = viewOf(file);
  if (view.getUint32(0, true) !== BLOCK_SECTION_HEADER) throw new WireDecodeError('not a pcapng file');
  const le = view.getUint32(8, true) === BYTE_ORDER_MAGIC;
  const interfaces: PcapngInterface[] = [];
  const unitsPerSecond: number[] = [];
  const packets: PcapngPacket[] = [];
  for (let at = 0; at < file.length; ) {
    if (at + 12 > file.length) throw new WireDecodeError(`pcapng block at ${at} is cut short`);
    const type = view.getUint32(at, le);
    const total = view.getUint32(at + 4, le);
    if (total < 12 || total % 4 !== 0 || at + total > file.length) throw new WireDecodeError(`pcapng block at ${at} has length ${total}`);
    if (type === BLOCK_INTERFACE_DESCRIPTION) {
      let name = '';
      let resolution = 6; // microseconds unless if_tsresol says otherwise
      for (let o = at + 16; o + 4 <= at + total - 4; ) {
        const code = view.getUint16(o, le);
        const length = view.getUint16(o + 2, le);
        if (code === OPT_END) break;
        if (code === OPT_IF_NAME) name = new TextDecoder().decode(file.subarray(o + 4, o + 4 + length));
        if (code === OPT_IF_TSRESOL) resolution = file[o + 4]!;
        o += 4 + pad4(length);
      }
      interfaces.push({ name });
      // Bit 7 set means a power of two; only powers of ten are handled.
      if (resolution & 0x80) throw new WireDecodeError('pcapng: binary timestamp resolutions are not supported');
      unitsPerSecond.push(10 ** resolution);
    } else if (type === BLOCK_ENHANCED_PACKET) {
      const iface = view.getUint32(at + 8, le);
      const units = view.getUint32(at + 12, le) * 2 ** 32 + view.getUint32(at + 16, le);
      const perSecond = unitsPerSecond[iface];
      if (perSecond === undefined) throw new WireDecodeError(`pcapng packet names interface ${iface}, not described`);
      const capturedLength = view.getUint32(at + 20, le);
      packets.push({
        iface,
        timeNs: perSecond >= 1e9 ? units / (perSecond / 1e9) : units * (1e9 / perSecond),
        bytes: file.slice(at + 28, at + 28 + capturedLength),
      });
    }
    at += total;
  }
  return { interfaces, packets };
}
