import { macFromBytes, macToBytes } from '../addr/mac';
import { decodeArp, encodeArp } from './arp';
import { requireLength, viewOf, WireDecodeError } from './bytes';
import { decodeIpv4, encodeIpv4 } from './ipv4';
import { ETH_P_8021AD, ETH_P_8021Q, ETH_P_ARP, ETH_P_IP, type CapturedFrame, type EthernetFrame, type VlanTag } from './types';

/*
 * Ethernet II framing as a Linux veth carries it: 14-byte header (18 with an 802.1Q tag: TPID
 * and TCI between the source address and the ethertype), no FCS and no padding to 60 bytes
 * (padding is added by NIC drivers, and a capture on the sending veth shows a 42-byte ARP
 * request).
 */

export const ETHERNET_HEADER_LENGTH = 14;
export const VLAN_HLEN = 4;

/** The TCI of a tag: PCP (3 bits), DEI (1 bit), VID (12 bits). */
export function vlanTci(tag: VlanTag): number {
  return ((tag.pcp & 7) << 13) | (tag.dei ? 0x1000 : 0) | (tag.vid & 0xfff);
}

function vlanTagOf(tpid: number, tci: number): VlanTag {
  return { tpid, pcp: tci >> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0xfff };
}

function isVlanTpid(ethertype: number): boolean {
  return ethertype === ETH_P_8021Q || ethertype === ETH_P_8021AD;
}

/** The header's length: 14, or 18 with a tag. */
function headerLength(frame: { vlan?: VlanTag }): number {
  return ETHERNET_HEADER_LENGTH + (frame.vlan ? VLAN_HLEN : 0);
}

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
  const hlen = headerLength(frame);
  const bytes = new Uint8Array(hlen + body.length);
  bytes.set(macToBytes(frame.dst), 0);
  bytes.set(macToBytes(frame.src), 6);
  const view = viewOf(bytes);
  if (frame.vlan) {
    view.setUint16(12, frame.vlan.tpid);
    view.setUint16(14, vlanTci(frame.vlan));
  }
  view.setUint16(hlen - 2, ethertypeOf(frame));
  bytes.set(body, hlen);
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
  const view = viewOf(bytes);
  const tpid = view.getUint16(12);
  const vlan = isVlanTpid(tpid) ? (requireLength(bytes, ETHERNET_HEADER_LENGTH + VLAN_HLEN, '802.1Q tag'), vlanTagOf(tpid, view.getUint16(14))) : undefined;
  const hlen = headerLength({ vlan });
  const ethertype = view.getUint16(hlen - 2);
  const body = bytes.subarray(hlen);
  const header = vlan ? { dst: macFromBytes(bytes, 0), src: macFromBytes(bytes, 6), vlan } : { dst: macFromBytes(bytes, 0), src: macFromBytes(bytes, 6) };
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
    const view = viewOf(bytes);
    const tpid = view.getUint16(12);
    // A tag whose frame the model cannot read stays on it; a cut-off tag leaves the whole frame raw.
    const vlan = isVlanTpid(tpid) && bytes.length >= ETHERNET_HEADER_LENGTH + VLAN_HLEN ? vlanTagOf(tpid, view.getUint16(14)) : undefined;
    const hlen = headerLength({ vlan });
    return {
      dst: macFromBytes(bytes, 0),
      src: macFromBytes(bytes, 6),
      ...(vlan ? { vlan } : {}),
      payload: {
        kind: 'unknown',
        ethertype: view.getUint16(hlen - 2),
        bytes: bytes.slice(hlen),
        reason: error.message,
      },
    };
  }
}
