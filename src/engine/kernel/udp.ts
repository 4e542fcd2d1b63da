import type { Ip4 } from '../addr/ipv4';
import type { Ipv4Packet } from '../wire/types';
import type { Stack } from './stack';
import { sendPacket } from './tcp';

/** A UDP socket: bound address and port, optionally connected to one peer. */
export class UdpSock {
  remoteIp?: Ip4;
  remotePort?: number;
  onError?: (errno: number) => void;
  ipId: number;

  constructor(
    private readonly stack: Stack,
    readonly ip: Ip4,
    readonly port: number,
    readonly onData: (data: Uint8Array, fromIp: Ip4, fromPort: number, toIp: Ip4) => void,
  ) {
    this.ipId = Math.floor(stack.env.random() * 65536);
  }

  /** sendto(): the source is the bound address or the route's choice. */
  sendTo(data: Uint8Array, dst: Ip4, dport: number, src: Ip4): number {
    const pkt: Ipv4Packet = {
      kind: 'ipv4',
      tos: 0,
      id: (this.ipId = (this.ipId + 1) & 0xffff),
      df: true,
      ttl: this.stack.sysctl.global['net.ipv4.ip_default_ttl'],
      src,
      dst,
      payload: { kind: 'udp', sport: this.port, dport, data },
    };
    return sendPacket(this.stack, pkt);
  }
}
