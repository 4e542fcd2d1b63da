import { macFromBytes, macToBytes } from '../addr/mac';
import { requireLength, viewOf, WireDecodeError } from './bytes';
import { ETH_P_IP, type ArpPacket } from './types';

/* ARP for IPv4 over Ethernet (RFC 826): always 28 bytes, hardware type 1, protocol 0x0800. */

export const ARP_LENGTH = 28;
const ARPHRD_ETHER = 1;
const ARPOP_REQUEST = 1;
const ARPOP_REPLY = 2;

export function encodeArp(arp: ArpPacket): Uint8Array {
  const bytes = new Uint8Array(ARP_LENGTH);
  const view = viewOf(bytes);
  view.setUint16(0, ARPHRD_ETHER);
  view.setUint16(2, ETH_P_IP);
  bytes[4] = 6; // hardware address length
  bytes[5] = 4; // protocol address length
  view.setUint16(6, arp.op === 'request' ? ARPOP_REQUEST : ARPOP_REPLY);
  bytes.set(macToBytes(arp.senderMac), 8);
  view.setUint32(14, arp.senderIp >>> 0);
  bytes.set(macToBytes(arp.targetMac), 18);
  view.setUint32(24, arp.targetIp >>> 0);
  return bytes;
}

/** Reads an Ethernet/IPv4 ARP packet; trailing bytes (Ethernet padding from other stacks) are ignored. */
export function decodeArp(bytes: Uint8Array): ArpPacket {
  requireLength(bytes, ARP_LENGTH, 'ARP packet');
  const view = viewOf(bytes);
  const hardware = view.getUint16(0);
  const protocol = view.getUint16(2);
  if (hardware !== ARPHRD_ETHER || protocol !== ETH_P_IP || bytes[4] !== 6 || bytes[5] !== 4) {
    throw new WireDecodeError(
      `ARP packet: only Ethernet/IPv4 is modelled (hardware ${hardware}, protocol 0x${protocol.toString(16)})`,
    );
  }
  const opcode = view.getUint16(6);
  if (opcode !== ARPOP_REQUEST && opcode !== ARPOP_REPLY) {
    throw new WireDecodeError(`ARP packet: opcode ${opcode} is neither request (1) nor reply (2)`);
  }
  return {
    kind: 'arp',
    op: opcode === ARPOP_REQUEST ? 'request' : 'reply',
    senderMac: macFromBytes(bytes, 8),
    senderIp: view.getUint32(14),
    targetMac: macFromBytes(bytes, 18),
    targetIp: view.getUint32(24),
  };
}
