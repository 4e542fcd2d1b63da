import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/scenario';
import { runFlow } from '../../engine/sim/run';
import type { TraceEvent } from '../../engine/trace/types';
import { encodeDns, dnsQuery } from '../../engine/wire/dns';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { badgeFor, badgeOf, deviceChoices, devicesOf, filterEvents, formatMs, isFilterEmpty, KIND_GROUPS, kindGroupOf, placeOf, protocolOf } from './classify';

function trace(name: string, index: number): TraceEvent[] {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
  if (!parsed.ok) throw new Error('parse');
  return runFlow(parsed.scenario, index).events;
}

const base: TraceEvent = { t: 0, device: 'pc1', layer: 'udp', kind: 'socket', reason: { code: 'no_socket_udp', port: 53 } };

describe('event classification', () => {
  const events = trace('hairpin-nat-broken', 1);

  it('takes the protocol from the frame or packet, else from the layer', () => {
    const arpRequest = events.find((e) => e.kind === 'arp-request')!;
    expect(protocolOf(arpRequest)).toBe('ARP');
    expect(protocolOf(events.find((e) => e.kind === 'arp-cache')!)).toBe('ARP');
    expect(protocolOf(events.find((e) => e.kind === 'nat')!)).toBe('TCP');
    expect(protocolOf(events[0]!)).toBeUndefined(); // the process starting
    const dns = { kind: 'ipv4', tos: 0, id: 1, df: true, ttl: 64, src: 1, dst: 2, payload: { kind: 'udp', sport: 40000, dport: 53, data: encodeDns(dnsQuery(7, 'example.com')) } } as const;
    expect(protocolOf({ ...base, packet: dns })).toBe('DNS');
    expect(protocolOf({ ...base, packet: { ...dns, payload: { ...dns.payload, dport: 9 } } })).toBe('UDP');
    // An IPIP packet (IPVS tunnelling) is about what it carries.
    expect(protocolOf({ ...base, packet: { ...dns, src: 3, dst: 4, payload: { kind: 'ipip', inner: dns } } })).toBe('DNS');
  });

  it('puts every kind in exactly one filter group, with a badge', () => {
    const kinds = KIND_GROUPS.flatMap((g) => g.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const e of events) {
      expect(kindGroupOf(e.kind), e.kind).toBeDefined();
      expect(badgeOf(e.kind)).not.toBe('');
    }
    expect(kindGroupOf('conntrack-update')).toBe('conntrack');
    expect(badgeOf('drop')).toBe('DROP');
  });

  it('badges IPVS at work "IPVS" whatever its kind (a hook, a NAT, a forward), an IPVS drop still DROP', () => {
    const dest = { addr: 0x0a000302, port: 80 };
    expect(badgeFor({ kind: 'hook', reason: { code: 'ipvs_schedule', service: 'TCP 10.0.1.100:80', scheduler: 'rr', dest, fwd: 'Masq', persistent: false } })).toBe('IPVS');
    expect(badgeFor({ kind: 'nat', reason: { code: 'ipvs_nat', reply: false, from: dest, to: dest } })).toBe('IPVS');
    expect(badgeFor({ kind: 'drop', reason: { code: 'ipvs_no_dest', service: 'TCP 10.0.1.100:80', scheduler: 'rr' } })).toBe('DROP');
    expect(badgeFor(events.find((e) => e.kind === 'nat')!)).toBe('NAT');
  });

  it('filters by device, protocol and kind together', () => {
    expect(isFilterEmpty({})).toBe(true);
    expect(filterEvents(events, {})).toHaveLength(events.length);
    const drops = filterEvents(events, { kind: 'drops' });
    expect(drops.map((i) => events[i]!.device)).toEqual(['pc2', 'pc2']);
    const nat = filterEvents(events, { device: 'router', kind: 'nat', protocol: 'TCP' });
    expect(nat.length).toBe(2);
    expect(nat.every((i) => events[i]!.kind === 'nat')).toBe(true);
    expect(filterEvents(events, { device: 'router', protocol: 'ICMP' })).toEqual([]);
    const pc1Arp = filterEvents(events, { device: 'pc1', protocol: 'ARP' });
    expect(pc1Arp.every((i) => events[i]!.device === 'pc1' && protocolOf(events[i]!) === 'ARP')).toBe(true);
  });

  it('lists devices in order of appearance and formats places and times', () => {
    expect(devicesOf(events)).toEqual(['pc2', 'lan', 'pc1', 'router']);
    expect(placeOf(events[4]!)).toBe('pc2:eth0');
    expect(placeOf(events[0]!)).toBe('pc2');
    expect(formatMs(1_060_000)).toBe('1.060 ms');
    expect(formatMs(1_001_020_000)).toBe('1001.020 ms');
  });
});

describe('the device filter with namespaces (trace labels box/ns1)', () => {
  const at = (device: string) => ({ device }) as TraceEvent;
  const events = [at('lan'), at('box/c1'), at('box'), at('box/c2'), at('box/c1')];

  it('offers each namespace, the device’s own namespace, and the device with every namespace', () => {
    expect(deviceChoices(events)).toEqual([
      { value: 'lan', label: 'lan' },
      { value: 'box/', label: 'box, every namespace' },
      { value: 'box', label: 'box (its own namespace)' },
      { value: 'box/c1', label: 'box/c1' },
      { value: 'box/c2', label: 'box/c2' },
    ]);
  });

  it('a namespace keeps its own events; box/ keeps the device’s and all its namespaces’', () => {
    expect(filterEvents(events, { device: 'box/c1' })).toEqual([1, 4]);
    expect(filterEvents(events, { device: 'box' })).toEqual([2]);
    expect(filterEvents(events, { device: 'box/' })).toEqual([1, 2, 3, 4]);
  });
});
