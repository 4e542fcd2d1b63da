import type { Ip4 } from '../addr/ipv4';
import type { Ipv4Packet } from '../wire/types';
import type { Stack } from './stack';
import { ROOT_SK } from './skbuff';
import { sendPacket } from './tcp';

/*
 * A UDP socket: bound address and port, optionally connected to one peer. A connected socket
 * keeps the ICMP errors about its peer as a pending error (sk_err), which the next send or
 * receive returns: this is how nc -u and the resolvers see "Connection refused".
 */
export class UdpSock {
  remoteIp?: Ip4;
  remotePort?: number;
  /** Called when an ICMP error about this socket's peer arrives (only connected sockets get them). */
  onError?: (errno: number) => void;
  /** sk_err: the error the next send() or recv() returns, then clears. */
  pendingError = 0;
  /**
   * IP_MTU_DISCOVER: BIND's dig and host set IP_PMTUDISC_OMIT (their queries leave without
   * DF); an ordinary socket (glibc, nc, dnsmasq) sends with DF.
   */
  df = true;
  /** The source address connect() chose by routing (inet_saddr). */
  localIp: Ip4;
  ipId: number;

  constructor(
    private readonly stack: Stack,
    readonly ip: Ip4,
    readonly port: number,
    readonly onData: (data: Uint8Array, fromIp: Ip4, fromPort: number, toIp: Ip4) => void,
  ) {
    this.localIp = ip;
    this.ipId = Math.floor(stack.env.random() * 65536);
  }

  /** sendto(): the source is the bound address or the route's choice. */
  sendTo(data: Uint8Array, dst: Ip4, dport: number, src: Ip4): number {
    const pkt: Ipv4Packet = {
      kind: 'ipv4',
      tos: 0,
      id: this.df ? (this.ipId = (this.ipId + 1) & 0xffff) : this.stack.nextIpId(),
      df: this.df,
      ttl: this.stack.defaultTtl,
      src,
      dst,
      payload: { kind: 'udp', sport: this.port, dport, data },
    };
    return sendPacket(this.stack, pkt, ROOT_SK);
  }

  /** send() on a connected socket: a pending ICMP error is returned instead of sending. */
  send(data: Uint8Array): number {
    if (this.pendingError) {
      const e = this.pendingError;
      this.pendingError = 0;
      return e;
    }
    if (this.remoteIp === undefined || this.remotePort === undefined) return 89; // EDESTADDRREQ
    return this.sendTo(data, this.remoteIp, this.remotePort, this.localIp);
  }

  /** An ICMP error quoting a datagram of ours (udp_err): kept for a connected socket only. */
  icmpError(errno: number): void {
    if (this.remoteIp === undefined) return;
    this.pendingError = errno;
    this.onError?.(errno);
  }

  close(): void {
    this.stack.sockets.udpClose(this);
  }
}
