import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/scenario';
import { runCommand, runFlow } from '../../engine/sim/run';
import type { TraceEvent } from '../../engine/trace/types';
import { dnsARecord, dnsQuery, dnsResponse, encodeDns } from '../../engine/wire/dns';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { conntrackState, directionText, factRows } from './facts';
import { changedFields, headerSections, type HeaderSection } from './headers';

function scenario(name: string) {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
  if (!parsed.ok) throw new Error('parse');
  return parsed.scenario;
}

const section = (s: HeaderSection[], title: string) => Object.fromEntries(s.find((x) => x.title === title)!.rows.map((r) => [r.field, r]));

describe('header fields', () => {
  const events = runFlow(scenario('hairpin-nat-broken'), 1).events;

  it('lists Ethernet and ARP fields of an ARP request', () => {
    const s = headerSections(events.find((e) => e.kind === 'arp-request')!);
    expect(s.map((x) => x.title)).toEqual(['Ethernet', 'ARP']);
    expect(section(s, 'Ethernet').dst!.value).toBe('ff:ff:ff:ff:ff:ff');
    expect(section(s, 'Ethernet').type!.value).toBe('0x0806 (ARP)');
    expect(section(s, 'ARP').op!.value).toBe('1 (request)');
    expect(section(s, 'ARP')['target IP']!.value).toBe('192.168.1.1');
  });

  it('an IPIP packet shows protocol 4 and the IPv4 header it carries', () => {
    const inner = { kind: 'ipv4', tos: 0, id: 1, df: true, ttl: 63, src: 0x0a000102, dst: 0x0a000164, payload: { kind: 'udp', sport: 40000, dport: 53, data: new Uint8Array(4) } } as const;
    const s = headerSections({ t: 0, device: 'director', layer: 'ip', kind: 'forward', reason: { code: 'ipvs_tunnel', dest: 0x0a000202, src: 0x0a000201 }, packet: { ...inner, src: 0x0a000201, dst: 0x0a000202, payload: { kind: 'ipip', inner } } });
    expect(s.map((x) => x.title)).toEqual(['IPv4', 'IPv4']);
    expect(s[0]!.rows.find((r) => r.field === 'protocol')!.value).toBe('4 (IPIP)');
    expect(s[1]!.rows.find((r) => r.field === 'dst')!.value).toBe('10.0.1.100');
  });

  it('lists IPv4 and TCP fields of a SYN on the wire', () => {
    const syn = events.find((e) => e.kind === 'frame-sent' && e.frame?.payload.kind === 'ipv4')!;
    const s = headerSections(syn);
    expect(s.map((x) => x.title)).toEqual(['Ethernet', 'IPv4', 'TCP']);
    const ip = section(s, 'IPv4');
    expect(ip.dst!.value).toBe('50.60.70.80');
    expect(ip.ttl!.value).toBe('64');
    expect(ip.DF!.value).toBe('set');
    expect(ip.protocol!.value).toBe('6 (TCP)');
    expect(ip.length!.value).toBe('60');
    const tcp = section(s, 'TCP');
    expect(tcp['dst port']!.value).toBe('8080');
    expect(tcp.flags!.value).toBe('SYN');
    expect(tcp.ack!.value).toBe('—');
    expect(tcp.options!.value).toMatch(/^mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 10$/);
    expect(changedFields(s)).toEqual([]);
  });

  it('marks what DNAT rewrote, with the old value', () => {
    const s = headerSections(events.find((e) => e.kind === 'nat')!);
    expect(section(s, 'IPv4').dst).toEqual({ field: 'dst', value: '192.168.1.2', old: '50.60.70.80' });
    expect(section(s, 'TCP')['dst port']).toEqual({ field: 'dst port', value: '80', old: '8080' });
    expect(section(s, 'IPv4').src!.old).toBeUndefined();
    expect(changedFields(s)).toEqual(['IPv4 dst 50.60.70.80 → 192.168.1.2', 'TCP dst port 8080 → 80']);
  });

  it('marks the TTL decrement of forwarding', () => {
    const s = headerSections(events.find((e) => e.kind === 'forward')!);
    expect(changedFields(s)).toEqual(['IPv4 ttl 64 → 63']);
  });

  it('summarises an ICMP error and the packet it quotes', () => {
    const r = runCommand(scenario('home-lan'), 'pc1', 'ping -c 1 -t 1 8.8.8.8');
    const s = headerSections(r.events.find((e) => e.kind === 'icmp-error')!);
    const icmp = section(s, 'ICMP');
    expect(icmp.type!.value).toBe('11 (time exceeded)');
    expect(icmp['quoted packet']!.value).toMatch(/^192\.168\.1\.2 > 8\.8\.8\.8: ICMP echo request/);
  });

  it('decodes DNS on port 53', () => {
    const query = dnsQuery(4660, 'example.com');
    const answer = encodeDns(dnsResponse(query, { answers: [dnsARecord('example.com', 0x5db8d822)] }));
    const e: TraceEvent = { t: 0, device: 'dns', layer: 'udp', kind: 'socket', reason: { code: 'no_socket_udp', port: 40000 }, packet: { kind: 'ipv4', tos: 0, id: 1, df: false, ttl: 64, src: 1, dst: 2, payload: { kind: 'udp', sport: 53, dport: 40000, data: answer } } };
    expect(section(headerSections(e), 'UDP').DNS!.value).toBe('response NOERROR to A example.com: example.com A 93.184.216.34');
    const q: TraceEvent = { ...e, packet: { ...e.packet!, payload: { kind: 'udp', sport: 40000, dport: 53, data: encodeDns(query) } } };
    expect(section(headerSections(q), 'UDP').DNS!.value).toBe('query A example.com (id 4660)');
  });
});

describe('facts', () => {
  const events = runFlow(scenario('hairpin-nat-broken'), 1).events;

  it('names an iptables rule and an ip rule apart', () => {
    const hook = factRows(events.find((e) => e.kind === 'hook' && e.facts?.line === 1)!);
    expect(hook.map((f) => f.term)).toEqual(['Table', 'Chain', 'Line', 'iptables rule']);
    expect(hook[3]!.value).toBe('-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80');
    const route = factRows(events.find((e) => e.kind === 'route')!);
    expect(route).toEqual([
      { term: 'Route', value: 'default via 192.168.1.1 dev eth0', code: true },
      { term: 'ip rule', value: '32766: from all lookup main', code: true },
    ]);
  });

  it('reads the conntrack state and the direction', () => {
    const ct = events.find((e) => e.kind === 'conntrack-new')!;
    expect(conntrackState(ct)).toBe('NEW · TCP SYN_SENT, UNREPLIED');
    expect(directionText(ct)).toMatch(/^→ original/);
    expect(directionText(events[0]!)).toBeUndefined();
    expect(conntrackState(events[0]!)).toBeUndefined();
  });
});
