import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../../engine/scenario/types';
import { portRows } from './ports';
import { changedLines, defaultView, VIEW_NAMES, viewGroups, viewsFor } from './views';

const doc: ScenarioDoc = {
  hairpin: 2,
  title: 't',
  devices: {
    pc: { kind: 'host', ports: { eth0: null } },
    router: { kind: 'router', ports: { eth0: null, eth1: '02:AA:00:00:00:01', eth2: null } },
  },
  links: [['pc:eth0', 'router:eth1']],
  flows: [],
};

describe('portRows', () => {
  it('works out default MACs as the engine does and finds link peers', () => {
    expect(portRows(doc, 'router')).toEqual([
      { name: 'eth0', mac: '02:00:00:00:02:01', defaultMac: true },
      { name: 'eth1', mac: '02:aa:00:00:00:01', defaultMac: false, peer: 'pc:eth0' },
      { name: 'eth2', mac: '02:00:00:00:02:03', defaultMac: true },
    ]);
    expect(portRows(doc, 'pc')).toEqual([{ name: 'eth0', mac: '02:00:00:00:01:01', defaultMac: true, peer: 'router:eth1' }]);
    expect(portRows(doc, 'nobody')).toEqual([]);
  });
});

describe('viewsFor', () => {
  it('puts bridge fdb first for a switch and leaves it out elsewhere', () => {
    expect(viewsFor('switch')[0]).toBe('bridge fdb');
    expect(defaultView('switch')).toBe('bridge fdb');
    expect(defaultView('host')).toBe('ip route');
    expect(viewsFor('router')).not.toContain('bridge fdb');
    expect(viewsFor('host')).toContain('iptables nat');
    expect(viewsFor('router')).toContain('ip6tables -S');
    expect(new Set(viewsFor('switch', { ipvs: true }))).toEqual(new Set(VIEW_NAMES));
    expect(viewsFor('router', { ipvs: true })).toHaveLength(VIEW_NAMES.length - 1);
  });

  it('offers nft list ruleset on every host and router: iptables is iptables-nft, so nft lists its tables too', () => {
    expect(viewGroups('host').find((g) => g.label === 'nft')).toEqual({ label: 'nft', views: [{ name: 'nft list ruleset', short: 'ruleset' }] });
    expect(viewsFor('router')).toContain('nft list ruleset');
  });

  it('offers ipvsadm -L -n and its connection table (-c) only on a device that holds IPVS virtual services', () => {
    expect(viewsFor('router')).not.toContain('ipvsadm -L -n');
    expect(viewsFor('router', { ipvs: true }).slice(-2)).toEqual(['ipvsadm -L -n', 'ipvsadm -L -n -c']);
    expect(viewGroups('host', { ipvs: true }).at(-1)).toEqual({ label: 'ipvs', views: [{ name: 'ipvsadm -L -n', short: 'services' }, { name: 'ipvsadm -L -n -c', short: 'connections' }] });
  });
});

describe('changedLines', () => {
  it('marks new and different lines, not moved ones', () => {
    const prev = 'a\nb\n    0     0 MASQUERADE';
    const next = 'b\na\n    1    84 MASQUERADE\nc\n';
    expect(changedLines(prev, next)).toEqual([false, false, true, true, false]);
    expect(changedLines(undefined, next)).toEqual([false, false, false, false, false]);
    expect(changedLines(next, next)).toEqual([false, false, false, false, false]);
  });
});
