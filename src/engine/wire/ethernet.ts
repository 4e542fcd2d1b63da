import { macFromBytes, macToBytes } from '../addr/mac';
import { decodeArp, encodeArp } from './arp';
import { requireLength, viewOf, WireDecodeError } from './bytes';
import { decodeIpv4, encodeIpv4 } from './ipv4';
import { ETH_P_ARP, ETH_P_IP, type CapturedFrame, type EthernetFrame } from './types';

/*
 * Ethernet II framing as a Linux veth carries it: 14-byte header, no 802.1Q tag, no FCS and
 * no padding to 60 bytes (padding is added by NIC drivers, and a capture on the sending veth
 * shows a 42-byte ARP request).
 */

export const ETHERNET_HEADER_LENGTH = 14;

/** The ethertype a frame's payload travels under. */
export function ethertypeOf(frame: CapturedFrame): number {
  const payload = frame.payload;
  return payload.kind === 'arp' ? ETH_P_ARP : payload.kind === 'ipv4' ? ETH_P_IP : payload.ethertype;
}

/** The bytes of the frame on the wire. An 'unknown' payload is written back as captured. */
export function encodeFrame(frame: CapturedFrame): Uint8Array {
  const payload = frame.payload;
  const body =
    payload.kind === 'arp' ? encodeArp(payload) : payload.kind === 'ipv4' ? encodeIpv4(payload) : payload.bytes;
  const bytes = new Uint8Array(ETHERNET_HEADER_LENGTH + body.length);
  bytes.set(macToBytes(frame.dst), 0);
  bytes.set(macToBytes(frame.src), 6);
  viewOf(bytes).setUint16(12, ethertypeOf(frame));
  bytes.set(body, ETHERNET_HEADER_LENGTH);
  return bytes;
}

/**
 * Reads a frame the model can represent, and throws a WireDecodeError for anything else
 * (other ethertypes, IP options or fragments, other IP protocols, malformed headers).
 * Checksums are not verified: captures on the sending side of a veth carry unfinished TCP and
 * UDP checksums (checksum offload), and the model derives checksums anyway.
 */
export function decodeFrame(bytes: Uint8Array): EthernetFrame {
  requireLength(bytes, ETHERNET_HEADER_LENGTH, 'Ethernet header');
  const ethertype = viewOf(bytes).getUint16(12);
  const body = bytes.subarray(ETHERNET_HEADER_LENGTH);
  const header = { dst: macFromBytes(bytes, 0), src: macFromBytes(bytes, 6) };
  if (ethertype === ETH_P_ARP) return { ...header, payload: decodeArp(body) };
  if (ethertype === ETH_P_IP) return { ...header, payload: decodeIpv4(body) };
  throw new WireDecodeError(`ethertype 0x${ethertype.toString(16).padStart(4, '0')} is not modelled`);
}

/**
 * Reads any captured frame: what decodeFrame can read, and otherwise the raw payload with
 * the reason it stayed raw. Throws only when there is not even an Ethernet header.
 */
export function decodeCapturedFrame(bytes: Uint8Array): CapturedFrame {
  try {
    return decodeFrame(bytes);
  } catch (error) {
    if (!(error instanceof WireDecodeError) || bytes.length < ETHERNET_HEADER_LENGTH) throw error;
    return {
      dst: macFromBytes(bytes, 0),
      src: macFromBytes(bytes, 6),
      payload: {
        kind: 'unknown',
        ethertype: viewOf(bytes).getUint16(12),
        bytes: bytes.slice(ETHERNET_HEADER_LENGTH),
        reason: error.message,
      },
    };
  }
}
