import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { deviceViews, runScenario } from './api';

/* The worker's entry points under a wall-clock budget (the worker passes `outOfTime`). */

const doc = BUILTIN_SCENARIOS['home-lan']!;
/** A fake clock whose deadline passes on check number `n`. */
const deadlineAfter = (n: number) => {
  let checks = 0;
  return () => ++checks >= n;
};

describe('the engine api under a deadline', () => {
  it('a run out of time says so, with the trace so far and a message', () => {
    const r = runScenario({ doc, on: 'pc1', command: 'ping -i 0.001 192.168.1.3' }, undefined, deadlineAfter(20));
    if (!r.ok) throw new Error('the scenario does not load');
    expect(r.stopReason).toBe('wall-time');
    expect(r.stderr).toContain('the run took too long in real time');
    expect(r.events.length).toBeGreaterThan(100);
    expect(r.truncated).toBe(false);
  });

  it('a replay out of time before its step is an error, not the state of an earlier step', () => {
    const req = { doc, on: 'pc1', command: 'ping -c 20 -i 0.01 192.168.1.3' };
    const run = runScenario(req);
    if (!run.ok) throw new Error('the scenario does not load');
    const last = run.events.length - 1;
    expect(deviceViews(req, 'pc1', last, deadlineAfter(1_000_000))).toHaveProperty(['ip neigh']);
    expect(deviceViews(req, 'pc1', last, deadlineAfter(12))).toEqual({ error: `replaying the run to step ${last + 1} took too long` });
  });

  it("the device views include ip6tables -S: the IPv6 rules a config loaded, apart from iptables -S", () => {
    const parsed = JSON.parse(doc) as { devices: Record<string, { config?: string[] }> };
    parsed.devices.pc1!.config = [...(parsed.devices.pc1!.config ?? []), 'ip6tables -A INPUT -s fd00::/8 -j ACCEPT'];
    const views = deviceViews({ doc: JSON.stringify(parsed), on: 'pc1', command: 'true' }, 'pc1');
    if ('error' in views) throw new Error(views.error);
    expect(views['ip6tables -S']).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -s fd00::/8 -j ACCEPT\n');
    expect(views['iptables -S']).not.toContain('fd00');
  });

  it('the device views include nft list ruleset at the playback step: a counter expression counts the packets that reached it so far', () => {
    const parsed = JSON.parse(doc) as { devices: Record<string, { config?: string[] }> };
    parsed.devices.pc1!.config = [...(parsed.devices.pc1!.config ?? []), 'nft add table inet f', "nft add chain inet f in '{ type filter hook input priority 0; }'", 'nft add rule inet f in icmp type echo-reply counter'];
    const req = { doc: JSON.stringify(parsed), on: 'pc1', command: 'ping -c 2 192.168.1.3' };
    const booted = deviceViews(req, 'pc1');
    if ('error' in booted) throw new Error(booted.error);
    expect(booted['nft list ruleset']).toContain('icmp type echo-reply counter packets 0 bytes 0');
    const run = runScenario(req);
    if (!run.ok) throw new Error('the scenario does not load');
    const after = deviceViews(req, 'pc1', run.events.length - 1);
    if ('error' in after) throw new Error(after.error);
    expect(after['nft list ruleset']).toContain('icmp type echo-reply counter packets 2 bytes 168');
  });
});

describe("a run's ports (what tcpdump on each interface would capture)", () => {
  it('lists each interface frames crossed once, with every frame on it: topology ports in document order first, then the others (bridges, veths, pods) as they appeared', () => {
    // Two nodes' pods talking across a VXLAN: frames cross the nodes' ports, their bridges' and the pods' own interfaces.
    const lesson = BUILTIN_SCENARIOS['k8s-flannel-vxlan']!;
    const r = runScenario({ doc: lesson, flow: 0 });
    if (!r.ok) throw new Error('the scenario does not load');
    const topology = Object.entries((JSON.parse(lesson) as { devices: Record<string, { ports: Record<string, unknown> }> }).devices).flatMap(([d, dev]) => Object.keys(dev.ports).map((p) => `${d}:${p}`));
    // What each frame event says of where it was, as the trace shows it.
    const seen = new Map<string, number[]>();
    r.events.forEach((e, i) => {
      if (e.kind !== 'frame-sent' && e.kind !== 'frame-received') return;
      const id = `${e.device}:${e.scenarioPort ?? e.port}`;
      seen.set(id, [...(seen.get(id) ?? []), i]);
    });
    const ids = r.ports.map((p) => p.id);
    expect(ids).toEqual([...topology.filter((id) => seen.has(id)), ...[...seen.keys()].filter((id) => !topology.includes(id))]);
    // The lesson has ports this flow leaves quiet: they are not listed.
    expect(topology.filter((id) => !seen.has(id))).not.toEqual([]);
    expect(ids.filter((id) => !topology.includes(id)).length).toBeGreaterThan(2);
    for (const p of r.ports) expect(p.frames).toEqual(seen.get(p.id));
  });
});

describe("a run's ports, noted as the frames are recorded", () => {
  it('every frame of every built-in lesson flow is listed once, on the port its event names', () => {
    for (const [name, doc] of Object.entries(BUILTIN_SCENARIOS)) {
      const flows = (JSON.parse(doc) as { flows?: unknown[] }).flows ?? [];
      for (let flow = 0; flow < flows.length; flow++) {
        const r = runScenario({ doc, flow });
        if (!r.ok) throw new Error(`${name}: ${r.errors[0]!.message}`);
        const frames = r.events.flatMap((e, i) => ((e.kind === 'frame-sent' || e.kind === 'frame-received') && e.port ? [i] : []));
        const listed = r.ports.flatMap((p) => p.frames);
        expect(listed.slice().sort((a, b) => a - b), `${name} flow ${flow}`).toEqual(frames);
        for (const p of r.ports) {
          const ports = new Set(p.frames.map((i) => r.events[i]!.scenarioPort ?? r.events[i]!.port));
          expect(ports.size, `${name} flow ${flow} ${p.id}`).toBe(1);
          expect(p.id.endsWith(`:${[...ports][0]}`)).toBe(true);
        }
      }
    }
  });
});

describe('a port renamed or moved during the run is one entry', () => {
  const two = (hConfig: string[]) =>
    JSON.stringify({
      hairpin: 1,
      title: 'two hosts',
      devices: {
        h: { kind: 'host', ports: { eth0: null }, config: hConfig },
        peer: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.0.2.2/24 dev eth0'] },
      },
      links: [['h:eth0', 'peer:eth0']],
      flows: [],
    });

  it('moved into a namespace of its box by the config: listed under the box, with every frame it carried there', () => {
    const r = runScenario({ doc: two(['ip netns add ns1', 'ip link set eth0 netns ns1', 'ip -n ns1 link set eth0 up', 'ip -n ns1 addr add 192.0.2.1/24 dev eth0']), on: 'h', command: 'ip netns exec ns1 ping -c 1 192.0.2.2' });
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.exit).toBe(0);
    const inside = r.events.flatMap((e, i) => ((e.kind === 'frame-sent' || e.kind === 'frame-received') && e.device === 'h/ns1' ? [i] : []));
    expect(inside.length).toBe(4);
    expect(r.ports.filter((p) => p.id.startsWith('h'))).toEqual([{ id: 'h:eth0', frames: inside }]);
  });

  it("a new interface named as a renamed port was: one entry by that name, both interfaces' frames in trace order, the renamed one's kernel name", () => {
    // The renamed port goes into ns1 (its events say h/ns1); the box's new eth0 is a veth whose peer is in ns2.
    const config = [
      'ip link set eth0 name wan0', 'ip netns add ns1', 'ip link set wan0 netns ns1', 'ip -n ns1 link set wan0 up', 'ip -n ns1 addr add 192.0.2.1/24 dev wan0',
      'ip link add eth0 type veth peer name v1', 'ip netns add ns2', 'ip link set v1 netns ns2', 'ip -n ns2 link set v1 up', 'ip -n ns2 addr add 198.51.100.2/24 dev v1',
      'ip link set eth0 up', 'ip addr add 198.51.100.1/24 dev eth0',
    ];
    const r = runScenario({ doc: two(config), on: 'h', command: 'ip netns exec ns1 ping -c 1 192.0.2.2; ping -c 1 198.51.100.2' });
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.exit).toBe(0);
    const isFrame = (e: (typeof r.events)[number]) => e.kind === 'frame-sent' || e.kind === 'frame-received';
    const onEither = r.events.flatMap((e, i) => (isFrame(e) && ((e.device === 'h/ns1' && e.port === 'wan0') || (e.device === 'h' && e.port === 'eth0')) ? [i] : []));
    expect(new Set(onEither.map((i) => r.events[i]!.device))).toEqual(new Set(['h', 'h/ns1']));
    expect(r.ports.find((p) => p.id === 'h:eth0')).toEqual({ id: 'h:eth0', frames: onEither, ifname: 'wan0' });
  });

  it('renamed by the config: listed by its scenario name, with the name the kernel gives it', () => {
    const r = runScenario({ doc: two(['ip link set eth0 down', 'ip link set eth0 name wan0', 'ip link set wan0 up', 'ip addr add 192.0.2.1/24 dev wan0']), on: 'h', command: 'ping -c 1 192.0.2.2' });
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(r.ports.find((p) => p.id === 'h:eth0')).toMatchObject({ ifname: 'wan0' });
    expect(r.ports.find((p) => p.id === 'h:eth0')!.frames.length).toBe(4);
  });
});
