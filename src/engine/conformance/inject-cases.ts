import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIp4 } from '../addr/ipv4';
import { parseScenario } from '../scenario';
import type { ScenarioDoc } from '../scenario/types';
import { OUTSIDE_MAC, runInject, type SynOption } from '../sim/inject';
import { decodeCapturedFrame } from '../wire/ethernet';
import { readPcap } from '../wire/pcap';
import { TCP_RST, TCP_SYN, type CapturedFrame, type TcpOption } from '../wire/types';

/*
 * `hairpin trace` against the kernel, for src/engine/sim/inject-recorded.test.ts and for the
 * recorder (scripts/kernel/record-inject.ts, which runs a case that draws at random again until
 * the kernel drew as the simulator did). Each case of fixtures/kernel-inject/cases.json was run
 * on this machine's kernel (a lone device in a namespace, the same frame written on its port with
 * an AF_PACKET socket, nothing beyond answering ARP; or a real machine's scenario built whole by
 * its `hairpin lab` script, the frame written by the in-port's peer) and tcpdump kept every port's
 * frames. The simulator must put the same frames on the same ports in the same order within the
 * recording's window: ARP who-has for a next hop (neigh_probe), the listener's SYN-ACK and its
 * retransmits (tcp_rtx_synack), tcp_v4_send_reset's RST, a DNATed packet forwarded (ip_forward),
 * or nothing at all (an INPUT DROP rule, rp_filter's fib_validate_source), and a local socket's
 * packet routed by its mark (fib rules). The real machines' cases (fixtures/scenarios/real-*.json)
 * ask what an engineer asks of a pasted server: fw3's reject chain (RST for TCP, ICMP port
 * unreachable otherwise), a port forward and MASQUERADE with fw3's TCPMSS clamp, Docker 28's
 * published port and its raw-table and DOCKER drops, ufw's limit, default deny and fail2ban's
 * REJECT, kube-proxy's NodePort, ClusterIP from the node itself, LoadBalancer source ranges,
 * no-endpoints REJECT, Local policy DROP and random endpoint, libvirt's LIBVIRT_FWI REJECT and its
 * MASQUERADE, wg-quick's fwmark policy routing and raw-table DROP, the ArchWiki stateful
 * firewall, Proxmox's routed VM, podman's netavark rules; some with the device alone, as a
 * pasted server is. Compared: the direction, MACs, ethertype, ARP's addresses, and the IP addresses,
 * protocol, ports, TCP flags (a RST's sequence and acknowledgement numbers too), a SYN's window,
 * options and MSS, and ICMP type of what leaves; not other sequence numbers, IP ids or
 * timestamps, which the kernel draws at random.
 */

const dir = fileURLToPath(new URL('../../../fixtures/kernel-inject/', import.meta.url));

export interface InjectCase {
  name: string;
  /** A real machine: fixtures/scenarios/SCENARIO.json whole (peers and all, as `hairpin trace` runs it), the packet put on DEVICE. */
  scenario?: string;
  device?: string;
  /**
   * The kernel draws at random on the packet's way (kube-proxy's -m statistic --mode random): the
   * recorder runs it again until the kernel's draw is the one the simulator's seeded generator made.
   */
  drawsAtRandom?: boolean;
  /**
   * The real machine's device on its own, as a pasted server is (`hairpin import` makes one
   * device): the scenario cut down to DEVICE, its links gone, every port facing nobody.
   */
  alone?: boolean;
  /** A lone device (named dut): its ports' MACs and its config. */
  ports?: Record<string, string>;
  config?: string[];
  /** `local`: sent by a socket in the device (SO_MARK mark, the source left to routing), as --from-local: UDP on a lone device, a raw socket's TCP segment on a real machine. */
  packet: { in?: string; local?: boolean; proto: 'tcp' | 'udp' | 'icmp'; src?: string; sport?: number; dst: string; dport?: number; flags?: number; mark?: number; synOptions?: SynOption[] };
}

export const injectCases = (JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as { cases: InjectCase[] }).cases;

/** A real machine's case: its scenario document (cut down to the device when the case is `alone`). */
export function caseScenario(c: InjectCase): ScenarioDoc {
  const doc = JSON.parse(readFileSync(fileURLToPath(new URL(`../../../fixtures/scenarios/${c.scenario}.json`, import.meta.url)), 'utf8')) as ScenarioDoc;
  return c.alone ? { ...doc, devices: { [c.device!]: doc.devices[c.device!]! }, links: [], flows: [] } : doc;
}

/** The device's ports, in the scenario's order. */
export const portsOf = (c: InjectCase) => Object.keys(c.scenario ? caseScenario(c).devices[c.device!]!.ports : c.ports!);
/** The recording lasts 4 s; frames due near its end may fall either side of it, so both sides stop earlier. */
const WINDOW_NS = 3_500_000_000;

/** What a frame is, without the kernel's random numbers. */
function shape(f: CapturedFrame): string {
  const p = f.payload;
  const head = `${f.src} > ${f.dst}`;
  if (p.kind === 'arp') return `${head} arp ${p.op} ${p.senderIp >>> 0} → ${p.targetIp >>> 0}`;
  if (p.kind !== 'ipv4') return `${head} ethertype ${p.ethertype.toString(16)}`;
  const l4 = p.payload;
  const ends = `${p.src >>> 0} → ${p.dst >>> 0}`;
  // A RST's numbers are not drawn: they come from the segment it answers (tcp_v4_send_reset).
  // A SYN's and SYN-ACK's window and options (by kind and order): tcp_synack_options answers only what the SYN offered.
  // The MSS's value too: it is the route's (tcp_mss_clamp), or what a TCPMSS rule clamped it to (fw3's "Zone wan MTU fixing").
  const option = (o: TcpOption) => (o.kind === 'mss' ? `mss ${o.value}` : o.kind);
  const options = l4.kind === 'tcp' && l4.flags & TCP_SYN ? ` win ${l4.window} [${l4.options.map(option).join(',')}]` : '';
  if (l4.kind === 'tcp') return `${head} tcp ${ends} ${l4.sport} > ${l4.dport} flags ${l4.flags}${options}${l4.flags & TCP_RST ? ` seq ${l4.seq} ack ${l4.ack}` : ''}`;
  if (l4.kind === 'udp') return `${head} udp ${ends} ${l4.sport} > ${l4.dport}`;
  if (l4.kind === 'icmp') return `${head} icmp ${ends} type ${l4.type} code ${l4.code}`;
  return `${head} ipip ${ends}`;
}

const pcap = (c: InjectCase, port: string) => readPcap(new Uint8Array(readFileSync(`${dir}${c.name}-${port}.pcap`))).map((r) => ({ t: r.timeNs, frame: decodeCapturedFrame(r.bytes) }));

export function recorded(c: InjectCase, port: string): string[] {
  // The window starts with the injected frame on the in-port, or a local packet's first frame on any port.
  const all = portsOf(c).flatMap((p) => pcap(c, p));
  const start = c.packet.in ? all.find((r) => r.frame.src === OUTSIDE_MAC)!.t : Math.min(...all.map((r) => r.t));
  return pcap(c, port).filter((r) => r.t >= start && r.t - start < WINDOW_NS).map((r) => shape(r.frame));
}

export function simulated(c: InjectCase): Map<string, string[]> {
  const doc = { hairpin: 1, title: c.name, devices: { dut: { kind: 'host', ports: c.ports, config: c.config } }, links: [], flows: [] };
  const parsed = parseScenario(JSON.stringify(c.scenario ? caseScenario(c) : doc));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const p = c.packet;
  const device = c.device ?? 'dut';
  const r = runInject(parsed.scenario, { device, inPort: p.in, fromLocal: p.local, proto: p.proto, src: p.src === undefined ? undefined : parseIp4(p.src), sport: p.sport, dst: parseIp4(p.dst)!, dport: p.dport, flags: p.flags, mark: p.mark, synOptions: p.synOptions });
  if (r.configIssues.length) throw new Error(`${c.name}: the config has issues: ${JSON.stringify(r.configIssues)}`);
  const out = new Map<string, string[]>();
  for (const port of portsOf(c)) {
    out.set(port, (r.captures.get(`${device}:${port}`) ?? []).filter((f) => f.t >= r.injectedAt && f.t - r.injectedAt < WINDOW_NS).map((f) => shape(f.frame)));
  }
  return out;
}

/** The ports whose frames differ between the kernel's recording and the simulator (none: they agree). */
export function disagreeing(c: InjectCase): string[] {
  const sim = simulated(c);
  return portsOf(c).filter((port) => JSON.stringify(sim.get(port)) !== JSON.stringify(recorded(c, port)));
}
