import { beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../engine/scenario/types';
import { useDocument } from './document';
import { applyRename, previewRename, useRenaming } from './renaming';
import { useSession } from './session';

function lab(): ScenarioDoc {
  return {
    hairpin: 2,
    title: 'Lab',
    devices: {
      pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
      r1: { kind: 'router', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0', 'sysctl -w net.ipv4.conf.eth0.rp_filter=1'] },
    },
    links: [['pc:eth0', 'r1:eth0']],
    flows: [{ on: 'r1', run: 'ping -c 1 10.0.0.2' }],
  };
}

beforeEach(() => {
  useDocument.getState().setDoc(lab());
  useDocument.temporal.getState().clear();
  useSession.setState({ selectedDevice: undefined, typedOn: undefined, custom: undefined, filter: {} });
  useRenaming.getState().end();
});

describe('renaming in the page', () => {
  it('is one undo step for the device and every reference', () => {
    expect(applyRename({ device: 'r1' }, 'edge')).toBeUndefined();
    expect(useDocument.getState().doc.links).toEqual([['pc:eth0', 'edge:eth0']]);
    expect(useDocument.getState().doc.flows[0]!.on).toBe('edge');
    useDocument.temporal.getState().undo();
    expect(useDocument.getState().doc).toEqual(lab());
  });

  it('a port rename is one undo step for its config lines and link end', () => {
    expect(applyRename({ device: 'r1', port: 'eth0' }, 'lan')).toBeUndefined();
    expect(useDocument.getState().doc.devices.r1!.config).toEqual(['ip addr add 10.0.0.1/24 dev lan', 'sysctl -w net.ipv4.conf.lan.rp_filter=1']);
    useDocument.temporal.getState().undo();
    expect(useDocument.getState().doc).toEqual(lab());
  });

  it('a refused name changes nothing and says why', () => {
    expect(applyRename({ device: 'r1' }, 'pc')).toBe('there is already a device "pc": device ids are unique');
    expect(useDocument.getState().doc).toEqual(lab());
    expect(useDocument.temporal.getState().pastStates).toHaveLength(0);
  });

  it('the selection (a namespace of the device too), the command box and the trace filter follow, and follow back on undo', () => {
    useSession.setState({ selectedDevice: 'r1/ns1', typedOn: 'r1', custom: { on: 'r1', command: 'ip route' }, filter: { device: 'r1' } });
    applyRename({ device: 'r1' }, 'edge');
    expect(useSession.getState()).toMatchObject({ selectedDevice: 'edge/ns1', typedOn: 'edge', custom: { on: 'edge', command: 'ip route' }, filter: { device: 'edge' } });
    useDocument.temporal.getState().undo();
    expect(useSession.getState()).toMatchObject({ selectedDevice: 'r1/ns1', typedOn: 'r1', custom: { on: 'r1' }, filter: { device: 'r1' } });
    useDocument.temporal.getState().redo();
    expect(useSession.getState().selectedDevice).toBe('edge/ns1');
  });

  it('other devices selected stay as they are', () => {
    useSession.setState({ selectedDevice: 'pc' });
    applyRename({ device: 'r1' }, 'edge');
    expect(useSession.getState().selectedDevice).toBe('pc');
  });
});

describe('a built-in lesson beside the document', () => {
  it("is named in the preview: its steps and question keep the names it ships with", () => {
    useDocument.getState().setDoc(lab(), 'home-lan');
    const r = previewRename({ device: 'r1' }, 'edge');
    expect(r.ok && r.notes.map((n) => n.reason)).toEqual(['the built-in lesson "home-lan" (its steps and question) names r1 as it ships; it does not follow the rename']);
    useDocument.getState().setDoc(lab());
    const mine = previewRename({ device: 'r1' }, 'edge');
    expect(mine.ok && mine.notes).toEqual([]);
  });
});
