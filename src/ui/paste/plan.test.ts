import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importPasted } from '../../engine/api';
import { configAfter, groupByReason, mergePorts } from './plan';

const cloud = readFileSync(new URL('../../engine/import/fixtures/cloud-server.txt', import.meta.url), 'utf8');

describe('paste from a real machine: what applying does to the device', () => {
  it('a port the output names that the device lacks is added with its MAC; its own ports stay, in order', () => {
    const r = importPasted([{ name: '', text: cloud }]);
    const { ports, changes } = mergePorts({ eth1: null }, r.ports);
    expect(Object.entries(ports)).toEqual([
      ['eth1', null],
      ['eth0', '96:00:03:a1:b2:c3'],
    ]);
    expect(changes).toEqual([{ name: 'eth0', mac: '96:00:03:a1:b2:c3', change: 'add' }]);
  });

  it('an existing port gets the MAC `ip link` showed; one shown without a MAC (ip -br a) keeps its own', () => {
    expect(mergePorts({ eth0: '02:00:00:00:00:01' }, { eth0: '96:00:03:a1:b2:c3' })).toEqual({
      ports: { eth0: '96:00:03:a1:b2:c3' },
      changes: [{ name: 'eth0', mac: '96:00:03:a1:b2:c3', change: 'mac' }],
    });
    expect(mergePorts({ eth0: '02:00:00:00:00:01' }, { eth0: null })).toEqual({
      ports: { eth0: '02:00:00:00:00:01' },
      changes: [{ name: 'eth0', mac: '02:00:00:00:00:01', change: 'same' }],
    });
  });

  it('replace drops the old lines; add keeps them first', () => {
    expect(configAfter('replace', ['ip link set eth0 up'], ['ip addr add 10.0.0.1/24 dev eth0'])).toEqual(['ip addr add 10.0.0.1/24 dev eth0']);
    expect(configAfter('add', ['ip link set eth0 up'], ['ip addr add 10.0.0.1/24 dev eth0'])).toEqual(['ip link set eth0 up', 'ip addr add 10.0.0.1/24 dev eth0']);
  });

  it("the cloud server's lines not imported group by reason, each line kept with its number", () => {
    const r = importPasted([{ name: '', text: cloud }]);
    const groups = groupByReason(r.notImported);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(r.notImported.length);
    const local = groups.find((g) => g.reason === 'local table: made by the kernel with the address')!;
    expect(local.items.length).toBeGreaterThan(1);
    expect(local.items.every((i) => i.line > 0)).toBe(true);
    expect(new Set(groups.map((g) => g.reason)).size).toBe(groups.length);
  });
});
