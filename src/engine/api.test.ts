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
