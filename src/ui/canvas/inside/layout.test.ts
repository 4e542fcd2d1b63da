import { describe, expect, it } from 'vitest';
import type { DeviceInside, InnerInterface, InnerNamespace } from '../../../engine/api';
import { frameLinks, layoutInside, type InsidePart } from './layout';

/*
 * Where the parts inside a device go: within its card, never on top of each other, the
 * namespaces under the bridge their veth peers hang from, in the same order.
 */

const iface = (name: string, more: Partial<InnerInterface> = {}): InnerInterface => ({ name, type: 'veth', up: true, running: true, addresses: [], port: false, ...more });
const ns = (label: string, interfaces: InnerInterface[]): InnerNamespace => ({ label, name: label.split('/')[1], interfaces });

/** A box whose bridge br0 has a veth port for each of `n` namespaces (their peers), and eth1. */
function containers(n: number, order = [...Array(n).keys()]): DeviceInside {
  const ports = order.map((i) => iface(`veth${i + 1}`, { master: 'br0', peer: { ns: `box/c${i + 1}`, name: 'eth0' } }));
  return {
    namespaces: [
      ns('box', [iface('eth0', { type: 'ether', port: true }), iface('eth1', { type: 'ether', port: true, master: 'br0' }), iface('br0', { type: 'bridge', addresses: ['10.0.0.1/24'] }), ...ports]),
      ...[...Array(n).keys()].map((i) => ns(`box/c${i + 1}`, [iface('eth0', { addresses: [`10.0.0.${11 + i}/24`], peer: { ns: 'box', name: `veth${i + 1}` } })])),
    ],
    notRecorded: [],
  };
}

function overlap(a: InsidePart, b: InsidePart): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;
}

function expectTidy(l: ReturnType<typeof layoutInside>) {
  for (const p of l.parts) {
    expect(p.x - p.width / 2).toBeGreaterThan(0);
    expect(p.y - p.height / 2).toBeGreaterThan(40);
    expect(p.x + p.width / 2).toBeLessThan(l.width);
    expect(p.y + p.height / 2).toBeLessThan(l.height);
  }
  for (let i = 0; i < l.parts.length; i++) for (let j = i + 1; j < l.parts.length; j++) expect(overlap(l.parts[i]!, l.parts[j]!), `${l.parts[i]!.id} / ${l.parts[j]!.id}`).toBe(false);
}

describe('layoutInside', () => {
  it('two containers: the bridge above, its ports in the order of the namespaces below, a veth link for each pair', () => {
    const l = layoutInside('box', containers(2));
    expectTidy(l);
    const bridge = l.parts.find((p) => p.kind === 'bridge')!;
    expect(bridge.kind === 'bridge' && bridge.ports.map((p) => p.name)).toEqual(['veth1', 'veth2', 'eth1']);
    const [c1, c2] = ['box/c1', 'box/c2'].map((id) => l.parts.find((p) => p.id === id)!);
    expect(c1!.y).toBeGreaterThan(bridge.y);
    expect(c1!.x).toBeLessThan(c2!.x);
    expect(l.links).toEqual([
      { a: 'box/c1:eth0', b: 'box:veth1', source: 'box/c1', sourceHandle: 'eth0', target: 'box#br0', targetHandle: 'veth1', kind: 'veth' },
      { a: 'box/c2:eth0', b: 'box:veth2', source: 'box/c2', sourceHandle: 'eth0', target: 'box#br0', targetHandle: 'veth2', kind: 'veth' },
    ]);
    expect(frameLinks(l)).toEqual([
      ['box/c1:eth0', 'box:veth1'],
      ['box/c2:eth0', 'box:veth2'],
    ]);
  });

  it('five namespaces sit in one row under a bridge of six ports; seven in balanced rows of four and three', () => {
    const five = layoutInside('box', containers(5));
    expectTidy(five);
    expect(new Set(five.parts.filter((p) => p.kind === 'netns').map((p) => p.y)).size).toBe(1);
    const seven = layoutInside('box', containers(7));
    expectTidy(seven);
    const rows = new Map<number, number>();
    for (const p of seven.parts) if (p.kind === 'netns') rows.set(p.y, (rows.get(p.y) ?? 0) + 1);
    expect([...rows.values()]).toEqual([4, 3]);
  });

  it('namespaces follow the order of their peers on the bridge, so the veth links do not cross', () => {
    const l = layoutInside('box', containers(3, [2, 0, 1]));
    const xs = ['box/c3', 'box/c1', 'box/c2'].map((id) => l.parts.find((p) => p.id === id)!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('an upper device hangs from its lower one, a port of the device drawn on its edge; an empty namespace still has a box', () => {
    const inside: DeviceInside = {
      namespaces: [ns('box', [iface('eth0', { type: 'ether', port: true })]), ns('box/a', [iface('mv0', { type: 'macvlan', lower: { ns: 'box', name: 'eth0' } })]), ns('box/b', [])],
      notRecorded: [],
    };
    const l = layoutInside('box', inside);
    expectTidy(l);
    expect(l.links).toEqual([{ a: 'box:eth0', b: 'box/a:mv0', source: 'box', sourceHandle: 'eth0', target: 'box/a', targetHandle: 'mv0', kind: 'lower', label: 'macvlan' }]);
    // Not a wire: eth0's frames stay on eth0's own link.
    expect(frameLinks(l)).toEqual([]);
    expect(l.parts.map((p) => p.id)).toEqual(['box/a', 'box/b']);
  });

  it('a port of the device moved into a namespace (ip link set eth0 netns ns1) leads from its place on the card to the namespace', () => {
    const inside: DeviceInside = { namespaces: [ns('box', []), ns('box/ns1', [iface('eth0', { type: 'ether', port: true, addresses: ['10.0.0.1/24'] })])], notRecorded: [] };
    const l = layoutInside('box', inside);
    expect(l.links).toEqual([{ a: 'box:eth0', b: 'box/ns1:eth0', source: 'box', sourceHandle: 'eth0', target: 'box/ns1', targetHandle: 'eth0', kind: 'nic' }]);
    expect(frameLinks(l)).toEqual([]);
  });

  it('a moved port the config renamed (ip link set eth0 name lan0) leads from its scenario place on the card to its interface', () => {
    const inside: DeviceInside = { namespaces: [ns('box', []), ns('box/ns1', [iface('lan0', { type: 'ether', port: true, scenarioPort: 'eth0' })])], notRecorded: [] };
    expect(layoutInside('box', inside).links).toEqual([{ a: 'box:eth0', b: 'box/ns1:lan0', source: 'box', sourceHandle: 'eth0', target: 'box/ns1', targetHandle: 'lan0', kind: 'nic' }]);
  });

  it('a port’s tab is as wide as its name needs (Docker’s veth3f1a2b7), and the bar holds every tab', () => {
    const inside = containers(2);
    inside.namespaces[0]!.interfaces = inside.namespaces[0]!.interfaces.map((i) => (i.name.startsWith('veth') ? { ...i, name: `${i.name}f1a2b7` } : i));
    const bridge = layoutInside('box', inside).parts.find((p) => p.kind === 'bridge')!;
    if (bridge.kind !== 'bridge') throw new Error('no bridge');
    expect(bridge.tab).toBeGreaterThanOrEqual('veth1f1a2b7'.length * 7.6);
    expect(bridge.ports.length * bridge.tab).toBeLessThan(bridge.width);
  });
});
