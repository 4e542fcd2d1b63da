import { formatIp4 } from '../addr/ipv4';
import type { CapturedFrame, Ipv4Packet, TcpOption } from '../wire/types';
import { dnsSummary } from './dns-order';
import { IANA_VXLAN_UDP_PORT, VXLAN_DEFAULT_PORT, decodeVxlan } from '../wire/vxlan';

/*
 * Puts frames from the kernel and from the simulator into one comparable text form. What the
 * kernel picks at random is renamed by order of first appearance: ephemeral ports (32768 and
 * up, and a SYN's source port from 1024 up, which NAT with --random-fully picks), ICMP echo ids, TCP initial sequence numbers (later numbers become ISN+offset). IP ids,
 * TCP timestamps, checksums and time are left out. Lengths, TTL, TOS, DF, flags, windows and
 * options are kept: they are the kernel's deterministic choices. A VXLAN datagram shows its VNI
 * and its inner frame, normalised the same way; its source port is the kernel's flow hash keyed
 * at random per boot (udp_flow_src_port), so only its range is compared. The endpoints an
 * unseeded `-m statistic --mode random` draw picks among are renamed too (conformance/draws.ts).
 */

export class Normaliser {
  private readonly ports = new Map<number, string>();
  /** Source ports of SYNs (1024 and up): chosen at random by connect() or by NAT with --random-fully. */
  private readonly initiatorPorts = new Set<number>();
  private readonly ids = new Map<number, string>();
  private readonly isns: number[] = [];
  private readonly dnsIds = new Map<number, string>();
  private readonly endpoints = new Map<number, string>();

  /** `drawn`: endpoint addresses an unseeded random draw picks among (conformance/draws.ts), renamed EP1, EP2… */
  constructor(private readonly drawn: ReadonlySet<number> = new Set()) {}

  private addr(a: number): string {
    if (!this.drawn.has(a)) return formatIp4(a);
    let name = this.endpoints.get(a);
    if (!name) this.endpoints.set(a, (name = `EP${this.endpoints.size + 1}`));
    return name;
  }

  private dnsId(id: number): string {
    let name = this.dnsIds.get(id);
    if (!name) this.dnsIds.set(id, (name = `Q${this.dnsIds.size + 1}`));
    return name;
  }

  private port(p: number): string {
    if (p < 32768 && !this.initiatorPorts.has(p)) return `${p}`;
    let name = this.ports.get(p);
    if (!name) this.ports.set(p, (name = `EPH${this.ports.size + 1}`));
    return name;
  }

  private icmpId(id: number): string {
    let name = this.ids.get(id);
    if (!name) this.ids.set(id, (name = `ID${this.ids.size + 1}`));
    return name;
  }

  /** A sequence number as ISNk+offset; a SYN's own number defines a new ISN. */
  private seq(v: number, isSynSeq: boolean): string {
    for (let k = 0; k < this.isns.length; k++) {
      const d = (v - this.isns[k]!) >>> 0;
      if (d < 1_000_000) return `ISN${k + 1}+${d}`;
    }
    if (isSynSeq) {
      this.isns.push(v);
      return `ISN${this.isns.length}+0`;
    }
    return `?${v}`;
  }

  /** Registers the initial sequence numbers of SYNs so later references resolve on any port. */
  learn(f: CapturedFrame): void {
    const p = f.payload;
    if (p.kind !== 'ipv4' || p.payload.kind !== 'tcp' || !(p.payload.flags & 0x02)) return;
    this.seq(p.payload.seq, true);
    // MASQUERADE --random-fully (kube-proxy's) draws a new source port anywhere in 1024-65535
    // (nf_nat_l4proto_unique_tuple with NF_NAT_RANGE_PROTO_RANDOM_FULLY), not only above 32767.
    if (!(p.payload.flags & 0x10) && p.payload.sport >= 1024) this.initiatorPorts.add(p.payload.sport);
  }

  private options(opts: readonly TcpOption[]): string {
    return opts.map((o) => (o.kind === 'mss' ? `mss ${o.value}` : o.kind === 'wscale' ? `wscale ${o.shift}` : o.kind === 'timestamp' ? 'TS' : o.kind)).join(',');
  }

  private ip(p: Ipv4Packet, length: number | undefined, quoted = false): string {
    const head = `${this.addr(p.src)} > ${this.addr(p.dst)} ttl ${p.ttl} tos 0x${p.tos.toString(16)}${p.df ? ' DF' : ''}${length !== undefined ? ` len ${length}` : ''}`;
    const l4 = p.payload;
    if (l4.kind === 'tcp') {
      const syn = (l4.flags & 0x02) !== 0;
      const seq = this.seq(l4.seq, syn);
      const ack = l4.flags & 0x10 ? ` ack ${this.seq(l4.ack, false)}` : '';
      const f = ['F', 'S', 'R', 'P', '.', 'U'].filter((_, i) => l4.flags & (1 << i)).join('');
      return `${head} | TCP ${this.port(l4.sport)} > ${this.port(l4.dport)} [${f}] seq ${seq}${ack} win ${l4.window} [${this.options(l4.options)}] data ${l4.data.length}`;
    }
    if (l4.kind === 'udp') {
      const vxlan = [IANA_VXLAN_UDP_PORT, VXLAN_DEFAULT_PORT].includes(l4.dport) && !quoted ? decodeVxlan(l4.data) : undefined;
      if (vxlan) {
        const sport = l4.sport >= 32768 && l4.sport <= 60999 ? 'HASHED' : `${l4.sport}`;
        return `${head} | UDP ${sport} > ${l4.dport} data ${l4.data.length} | VXLAN flags 0x${vxlan.flags.toString(16)} vni ${vxlan.vni} | ${this.frame(vxlan.inner, l4.data.length - 8)}`;
      }
      // DNS content is compared too (query ids renamed; a truncated quote in ICMP is not decoded).
      const dns = (l4.sport === 53 || l4.dport === 53) && !quoted ? dnsSummary(l4.data, (id) => this.dnsId(id)) : undefined;
      return `${head} | UDP ${this.port(l4.sport)} > ${this.port(l4.dport)} data ${l4.data.length}${dns ? ` | ${dns}` : ''}`;
    }
    if (l4.kind === 'ipip') return `${head} | IPIP | ${this.ip(l4.inner, undefined, quoted)}`;
    if (l4.type === 0 || l4.type === 8) return `${head} | ICMP ${l4.type === 8 ? 'echo request' : 'echo reply'} id ${this.icmpId(l4.id ?? 0)} seq ${l4.seq} data ${l4.data?.length ?? 0}`;
    const inner = l4.original ? ` quoting [${this.ip(l4.original, undefined, true)}]` : '';
    const gw = l4.gateway !== undefined ? ` gw ${formatIp4(l4.gateway)}` : '';
    return `${head} | ICMP type ${l4.type} code ${l4.code}${gw}${inner}`;
  }

  frame(f: CapturedFrame, length: number): string {
    const eth = `${f.src} > ${f.dst}`;
    const p = f.payload;
    if (p.kind === 'arp') {
      return `${eth} len ${length} | ARP ${p.op === 'request' ? `who-has ${this.addr(p.targetIp)} tell ${this.addr(p.senderIp)} (${p.senderMac} > ${p.targetMac})` : `${this.addr(p.senderIp)} is-at ${p.senderMac} to ${this.addr(p.targetIp)} ${p.targetMac}`}`;
    }
    if (p.kind === 'unknown') return `${eth} len ${length} | ethertype 0x${p.ethertype.toString(16)}`;
    return `${eth} len ${length} | ${this.ip(p, undefined)}`;
  }
}

/** A tool's output with what depends on chance or the clock masked: DNS ids, dig's WHEN and query time, ping's times. */
export function maskChance(stdout: string): string {
  return stdout
    .replace(/id: \d+/g, 'id: N')
    .replace(/;; WHEN: .*/g, ';; WHEN: T')
    .replace(/Query time: \d+ msec/g, 'Query time: N msec')
    .replace(/time=[\d.]+ ms/g, 'time=T ms')
    .replace(/rtt min\/avg\/max\/mdev = .*/g, 'rtt T')
    .replace(/time \d+ms/g, 'time Tms')
    // nft monitor trace: the kernel's trace id (a hash of the skb), the IP and ICMP ids, and
    // the transport bytes past the header (ping's timestamp).
    .replace(/^trace id [0-9a-f]{8} /gm, 'trace id X ')
    .replace(/ ip id \d+ /g, ' ip id N ')
    .replace(/ icmp id \d+ /g, ' icmp id N ')
    .replace(/ @th,(\d+),(\d+) 0x[0-9a-f]+ /g, ' @th,$1,$2 0xB ');
}
