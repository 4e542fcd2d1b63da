import { viewOf } from './bytes';
import { decodeCapturedFrame, encodeFrame } from './ethernet';
import type { CapturedFrame, EthernetFrame } from './types';

/*
 * The VXLAN header (RFC 7348, include/net/vxlan.h struct vxlanhdr): a flags byte (I, 0x08: the
 * VNI is valid), three reserved bytes, the 24-bit VNI and a reserved byte; the inner Ethernet
 * frame follows, without FCS.
 */

export const VXLAN_HLEN = 8;
/** IANA's port (4789), and the one Linux uses when none is given (8472, for compatibility). */
export const IANA_VXLAN_UDP_PORT = 4789;
export const VXLAN_DEFAULT_PORT = 8472;
/** VXLAN_HF_VNI: the I flag. */
export const VXLAN_FLAG_VNI = 0x08;

export interface VxlanPacket {
  readonly flags: number;
  readonly vni: number;
  readonly inner: CapturedFrame;
}

/** vxlan_build_skb: the header, then the frame as the vxlan device transmitted it. */
export function encodeVxlan(vni: number, inner: EthernetFrame): Uint8Array {
  const frame = encodeFrame(inner);
  const bytes = new Uint8Array(VXLAN_HLEN + frame.length);
  bytes[0] = VXLAN_FLAG_VNI;
  viewOf(bytes).setUint32(4, (vni & 0xffffff) << 8);
  bytes.set(frame, VXLAN_HLEN);
  return bytes;
}

/** The header and inner frame of a UDP payload, or undefined when it is too short to hold them. */
export function decodeVxlan(data: Uint8Array): VxlanPacket | undefined {
  if (data.length < VXLAN_HLEN + 14) return undefined;
  const vni = viewOf(data).getUint32(4) >>> 8;
  return { flags: data[0]!, vni, inner: decodeCapturedFrame(data.subarray(VXLAN_HLEN)) };
}

/**
 * tcpdump 4.99's vxlan_print (port 4789) and otv_print (port 8472, which it takes for Cisco's
 * OTV, reading the same eight bytes as an overlay and an instance number): the header, a
 * newline, then the inner frame as ether_print prints it (its link header only with -e).
 */
export function formatVxlanHeader(data: Uint8Array, otv: boolean): string {
  const flags = data[0]!;
  const head = `flags [${flags & VXLAN_FLAG_VNI ? 'I' : '.'}] (0x${flags.toString(16).padStart(2, '0')}), `;
  const view = viewOf(data);
  if (otv) return `OTV, ${head}overlay ${view.getUint32(0) & 0xffffff}, instance ${view.getUint32(4) >>> 8}`;
  return `VXLAN, ${head}vni ${view.getUint32(4) >>> 8}`;
}
