import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/api';
import type { TraceEvent } from '../../engine/trace/types';
import { switchTree } from '../../engine/generate/large';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { directionOf, floodGroup, ipvsLabel, linkId, natLabel, protocolOf, stepActivity } from './traffic';
import { readFileSync } from 'node:fs';
import { why } from '../../engine/trace/why';

function run(name: string, flow: number) {
  const text = BUILTIN_SCENARIOS[name]!;
  const r = runScenario({ doc: text, flow });
  if (!r.ok) throw new Error('scenario does not load');
  const links = (JSON.parse(text) as { links: [string, string][] }).links;
  return { events: r.events, links };
}

const find = (events: TraceEvent[], pred: (e: TraceEvent) => boolean) => events.findIndex(pred);

describe('protocolOf', () => {
  it('names ARP, ICMP, TCP, UDP and DNS', () => {
    const ip = (payload: object) => ({ packet: { kind: 'ipv4', tos: 0, id: 0, df: false, ttl: 64, src: 1, dst: 2, payload } }) as unknown as TraceEvent;
    expect(protocolOf(ip({ kind: 'icmp', type: 8, code: 0 }))).toBe('icmp');
    expect(protocolOf(ip({ kind: 'tcp', sport: 1, dport: 80 }))).toBe('tcp');
    expect(protocolOf(ip({ kind: 'udp', sport: 5000, dport: 9 }))).toBe('udp');
    expect(protocolOf(ip({ kind: 'udp', sport: 5000, dport: 53 }))).toBe('dns');
    expect(protocolOf(ip({ kind: 'udp', sport: 53, dport: 5000 }))).toBe('dns');
    expect(protocolOf({ frame: { src: 'a', dst: 'b', payload: { kind: 'arp' } } } as unknown as TraceEvent)).toBe('arp');
    expect(protocolOf({} as TraceEvent)).toBe('other');
    // IPIP (IPVS tunnelling) is drawn as what it carries.
    expect(protocolOf(ip({ kind: 'ipip', inner: { kind: 'ipv4', tos: 0, id: 0, df: false, ttl: 64, src: 1, dst: 2, payload: { kind: 'tcp', sport: 1, dport: 80 } } }))).toBe('tcp');
  });
});

describe('stepActivity on a real trace (hairpin NAT from the LAN)', () => {
  const { events, links } = run('hairpin-nat-broken', 1);

  it('animates a frame-sent from its port to the peer', () => {
    const i = find(events, (e) => e.kind === 'frame-sent' && e.device === 'pc2');
    const a = stepActivity(events, i, links);
    const t = a.transits.find((x) => x.key === i)!;
    expect(t).toMatchObject({ from: 'pc2:eth0', to: 'lan:p2', link: linkId('pc2:eth0', 'lan:p2'), proto: 'arp', state: 'flight', age: 0 });
    expect(a.links.get(linkId('pc2:eth0', 'lan:p2'))).toBe('arp');
    expect(a.device).toBe('pc2');
  });

  it('marks a frame as arrived once the peer has received it', () => {
    const i = find(events, (e) => e.kind === 'frame-sent' && e.device === 'pc2');
    const recv = find(events, (e) => e.kind === 'frame-received' && e.device === 'lan');
    expect(stepActivity(events, recv, links).transits.find((x) => x.key === i)?.state).toBe('arrived');
  });

  it('fans a flood out: every frame of the flood travels at the flood step', () => {
    const f = find(events, (e) => e.kind === 'flooded');
    const group = floodGroup(events, f);
    expect(group.map((j) => events[j]!.port)).toEqual(['p1', 'p3']);
    const a = stepActivity(events, f, links);
    const flying = a.transits.filter((t) => t.state === 'flight').map((t) => t.from);
    expect(flying).toEqual(expect.arrayContaining(['lan:p1', 'lan:p3']));
  });

  it('labels the DNAT rewrite on the router, old → new', () => {
    const n = find(events, (e) => e.kind === 'nat');
    const a = stepActivity(events, n, links);
    expect(a.marks).toContainEqual(expect.objectContaining({ device: 'router', kind: 'nat', label: 'DNAT 50.60.70.80:8080 → 192.168.1.2:80', age: 0 }));
  });

  it('marks the drop at the device with its reason', () => {
    const d = find(events, (e) => e.kind === 'drop');
    const a = stepActivity(events, d, links);
    expect(a.marks).toContainEqual(expect.objectContaining({ device: 'pc2', kind: 'drop', detail: why(events[d]!) }));
  });

  it('forgets what is older than the window', () => {
    const n = find(events, (e) => e.kind === 'nat');
    expect(stepActivity(events, n + 20, links, 6).marks.some((m) => m.key === n)).toBe(false);
  });

  it('copes with no events and steps past the end', () => {
    expect(stepActivity([], 3, links).transits).toEqual([]);
    expect(stepActivity(events, events.length + 5, links).device).toBe(events.at(-1)!.device);
  });
});

describe('reply traffic and NAT labels (ping through MASQUERADE)', () => {
  const { events, links } = run('hairpin-nat-broken', 2);

  it('knows a forwarded reply from the conntrack direction of the same packet', () => {
    const unnat = find(events, (e) => e.kind === 'nat' && e.dir === 'reply');
    const sent = find(events, (e) => e.kind === 'frame-sent' && e.device === 'router' && events.indexOf(e) > unnat);
    expect(directionOf(events, sent)).toBe('reply');
    expect(stepActivity(events, sent, links).transits.find((t) => t.key === sent)?.reply).toBe(true);
    const first = find(events, (e) => e.kind === 'frame-sent' && e.device === 'router');
    expect(directionOf(events, first)).not.toBe('reply');
  });

  it('labels SNAT and un-NAT without ports for ICMP', () => {
    const labels = events.filter((e) => e.kind === 'nat').map(natLabel);
    expect(labels).toEqual(['SNAT 192.168.1.3 → 50.60.70.80', 'un-NAT 50.60.70.80 → 192.168.1.3']);
  });

  it('labels a nat event from its reason alone, without the packets', () => {
    const reason = { code: 'nat', manip: 'dst', reply: false, from: { addr: 0x01020304, port: 80 }, to: { addr: 0x0a000001, port: 8080 } } as const;
    expect(natLabel({ reason })).toBe('DNAT 1.2.3.4:80 → 10.0.0.1:8080');
    expect(natLabel({ reason: { ...reason, reply: true } })).toBe('un-NAT 1.2.3.4:80 → 10.0.0.1:8080');
  });
});

describe('frames on the wire at the same instant (an ARP request flooding a tree of switches)', () => {
  const doc = switchTree(2, 17);
  const r = runScenario({ doc: JSON.stringify(doc), flow: 0 });
  if (!r.ok) throw new Error('scenario does not load');
  const events = r.events;

  it('shows every frame still on the wire, however many events ago it was sent', () => {
    // The step of the last leaf switch's last flooded frame: every leaf switch has flooded by then.
    const flooded = events.map((e, i) => (e.kind === 'flooded' ? i : -1)).filter((i) => i >= 0);
    const lastFlood = flooded.at(-1)!;
    const group = floodGroup(events, lastFlood);
    const step = group.at(-1)!;
    const flying = stepActivity(events, step, doc.links).transits.filter((t) => t.state === 'flight');
    // The other 16 leaf switches flood their 17 hosts at the same instant (h1's own switch
    // flooded its hosts earlier, on the way up).
    expect(flying.length).toBe(16 * 17);
    expect(new Set(flying.map((t) => t.link)).size).toBe(flying.length);
    expect(flying.every((t) => t.proto === 'arp')).toBe(true);
  });

  it('lets a frame go once it has arrived', () => {
    const sent = events.findIndex((e) => e.kind === 'frame-sent' && e.device === 'h1');
    const received = events.findIndex((e, i) => i > sent && e.kind === 'frame-received' && e.device === 's2');
    expect(stepActivity(events, received - 1, doc.links).transits.find((t) => t.key === sent)?.state).toBe('flight');
    expect(stepActivity(events, received + 10, doc.links).transits.find((t) => t.key === sent)).toBeUndefined();
  });
});

describe('stepActivity with a port moved into a namespace (ip link set eth0 netns ns1)', () => {
  const doc = JSON.stringify({
    hairpin: 1,
    title: 'netns',
    devices: {
      a: { kind: 'host', ports: { eth0: null }, config: ['ip netns add ns1', 'ip link set eth0 netns ns1', 'ip -n ns1 addr add 10.0.0.1/24 dev eth0', 'ip -n ns1 link set eth0 up'] },
      b: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
    },
    links: [['a:eth0', 'b:eth0']],
    flows: [{ on: 'a', run: 'ip netns exec ns1 ping -c 1 10.0.0.2' }],
  });

  it("animates the frame on the box's link, from the namespace's event labelled a/ns1", () => {
    const r = runScenario({ doc, flow: 0 });
    if (!r.ok) throw new Error('scenario does not load');
    const i = find(r.events, (e) => e.kind === 'frame-sent' && e.device === 'a/ns1');
    expect(i).toBeGreaterThanOrEqual(0);
    const a = stepActivity(r.events, i, [['a:eth0', 'b:eth0']]);
    expect(a.transits.find((x) => x.key === i)).toMatchObject({ from: 'a:eth0', to: 'b:eth0', proto: 'arp' });
    expect(a.device).toBe('a');
    // A second link naming the same port (as a macvlan on it would) does not take its frames.
    expect(stepActivity(r.events, i, [['a:eth0', 'b:eth0'], ['a:eth0', 'a/ns1:mv0']]).transits.find((x) => x.key === i)).toMatchObject({ from: 'a:eth0', to: 'b:eth0' });
    // The port's tcpdump in the playground holds the namespace's frames too.
    expect(r.ports.find((p) => p.id === 'a:eth0')!.frames).toContain(i);
    expect(r.exit).toBe(0);
  });
});

describe('stepActivity with a port the config renamed (ip link set eth0 name lan0)', () => {
  const doc = JSON.stringify({
    hairpin: 1,
    title: 'rename',
    devices: {
      a: { kind: 'host', ports: { eth0: null }, config: ['ip link set eth0 name lan0', 'ip addr add 10.0.0.1/24 dev lan0'] },
      b: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
    },
    links: [['a:eth0', 'b:eth0']],
    flows: [{ on: 'a', run: 'ping -c 1 10.0.0.2' }],
  });

  it("animates the frame on the port's link, known by the scenario's name; the frame arrives from the peer", () => {
    const r = runScenario({ doc, flow: 0 });
    if (!r.ok) throw new Error('scenario does not load');
    const sent = find(r.events, (e) => e.kind === 'frame-sent' && e.device === 'a');
    expect(r.events[sent]).toMatchObject({ port: 'lan0', scenarioPort: 'eth0' });
    expect(stepActivity(r.events, sent, [['a:eth0', 'b:eth0']]).transits.find((x) => x.key === sent)).toMatchObject({ from: 'a:eth0', to: 'b:eth0', proto: 'arp' });
    const reply = find(r.events, (e) => e.kind === 'frame-sent' && e.device === 'b');
    expect(stepActivity(r.events, reply, [['a:eth0', 'b:eth0']]).transits.find((x) => x.key === reply)).toMatchObject({ from: 'b:eth0', to: 'a:eth0' });
  });
});

describe('stepActivity on the links inside a device (veth pairs between namespaces)', () => {
  // Container-style: each namespace's end is called eth0, as the box's own port is.
  const doc = JSON.stringify({
    hairpin: 1,
    title: 'containers',
    devices: {
      box: {
        kind: 'host',
        ports: { eth0: null },
        config: [
          'ip netns add c1',
          'ip link add veth1 type veth peer name ceth1',
          'ip link set ceth1 netns c1',
          'ip -n c1 link set ceth1 name eth0',
          'ip addr add 10.9.0.1/24 dev veth1',
          'ip link set veth1 up',
          'ip -n c1 addr add 10.9.0.2/24 dev eth0',
          'ip -n c1 link set eth0 up',
        ],
      },
      web: { kind: 'host', ports: { eth0: null }, config: [] },
    },
    links: [['box:eth0', 'web:eth0']],
    flows: [{ on: 'box', run: 'ip netns exec c1 ping -c 1 10.9.0.1' }],
  });
  const inner: [string, string][] = [['box/c1:eth0', 'box:veth1']];
  const links: [string, string][] = [['box:eth0', 'web:eth0'], ...inner];

  it('a frame sent on a veth end inside the device travels on the pair to its peer, not on the box’s port of the same name', () => {
    const r = runScenario({ doc, flow: 0 });
    if (!r.ok) throw new Error('scenario does not load');
    const i = find(r.events, (e) => e.kind === 'frame-sent' && e.device === 'box/c1');
    const a = stepActivity(r.events, i, links);
    expect(a.transits.find((x) => x.key === i)).toMatchObject({ from: 'box/c1:eth0', to: 'box:veth1', link: linkId('box/c1:eth0', 'box:veth1'), proto: 'arp', state: 'flight' });
    expect(a.links.has(linkId('box:eth0', 'web:eth0'))).toBe(false);
    // Received on the peer at the next event: arrived.
    const back = find(r.events, (e) => e.kind === 'frame-sent' && e.device === 'box' && e.port === 'veth1');
    expect(stepActivity(r.events, back, links).transits.find((x) => x.key === back)).toMatchObject({ from: 'box:veth1', to: 'box/c1:eth0', state: 'flight' });
    expect(stepActivity(r.events, back + 1, links).transits.find((x) => x.key === back)).toMatchObject({ state: 'arrived' });
  });
});

describe('IPVS marks (a director in NAT mode, modelled from ip_vs_core.c and ip_vs_xmit.c)', () => {
  const doc = readFileSync(new URL('../../../e2e/fixtures/ipvs-director.json', import.meta.url), 'utf8');
  const r = runScenario({ doc, flow: 0 });
  if (!r.ok) throw new Error('scenario does not load');
  const links = (JSON.parse(doc) as { links: [string, string][] }).links;
  const scheduled = find(r.events, (e) => e.reason.code === 'ipvs_schedule');

  it('marks the scheduler choosing a real server for the new connection: "IPVS wrr → 10.0.3.2:80", why() as its detail', () => {
    const marks = stepActivity(r.events, scheduled, links).marks;
    expect(marks.map((m) => [m.kind, m.at, m.label])).toEqual([['ipvs', 'director', 'IPVS wrr → 10.0.3.2:80']]);
    expect(marks[0]!.detail).toBe(why(r.events[scheduled]!));
  });

  it('labels IPVS\'s own rewrites, the SYN to the real server and the reply leaving as the virtual service, as IPVS marks', () => {
    const rewrites = r.events.filter((e) => e.kind === 'nat').map(natLabel);
    expect(rewrites[0]).toBe('IPVS DNAT 10.0.1.100:80 → 10.0.3.2:80');
    expect(rewrites[1]).toBe('IPVS un-NAT 10.0.3.2:80 → 10.0.1.100:80');
    const rewrite = find(r.events, (e) => e.kind === 'nat');
    expect(stepActivity(r.events, rewrite, links).marks.map((m) => [m.kind, m.label])).toEqual([
      ['ipvs', 'IPVS wrr → 10.0.3.2:80'],
      ['ipvs', 'IPVS DNAT 10.0.1.100:80 → 10.0.3.2:80'],
    ]);
  });

  it('labels direct routing from its reason alone; any other event has no IPVS label', () => {
    expect(ipvsLabel({ reason: { code: 'ipvs_dr', dest: 0x0a000202 } })).toBe('IPVS DR → 10.0.2.2');
    expect(ipvsLabel({ reason: { code: 'ipvs_conn', dest: { addr: 0x0a000202, port: 80 }, fwd: 'Masq', state: 'ESTABLISHED' } })).toBeUndefined();
    expect(ipvsLabel(r.events[0]!)).toBeUndefined();
  });

  it('a flow that never reaches IPVS leaves no IPVS mark', () => {
    const ping = runScenario({ doc, flow: 1 });
    if (!ping.ok) throw new Error('scenario does not load');
    const all = ping.events.flatMap((_, i) => stepActivity(ping.events, i, links).marks);
    expect(all.filter((m) => m.kind === 'ipvs')).toEqual([]);
  });
});
