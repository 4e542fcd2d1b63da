import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import type { ScenarioDoc } from '../engine/scenario/types';
import { useDocument } from './document';

describe('the document history', () => {
  it('undo past a load that keeps the history (an import) brings back the lesson with its origin', () => {
    const lesson = JSON.parse(BUILTIN_SCENARIOS['vps-slash32']!) as ScenarioDoc;
    useDocument.getState().setDoc(lesson, 'vps-slash32');
    useDocument.temporal.getState().clear();
    useDocument.getState().setDoc({ hairpin: 2, title: 'Imported', devices: {}, links: [], flows: [] }, undefined);
    expect(useDocument.getState().origin).toBeUndefined();
    useDocument.temporal.getState().undo();
    expect(useDocument.getState()).toMatchObject({ doc: lesson, origin: 'vps-slash32' });
  });

  it('a paste from a real machine sets the ports and the config together: one undo brings both back', () => {
    useDocument.getState().setDoc({ hairpin: 2, title: 'Lab', devices: { pc1: { kind: 'host', ports: { eth1: null }, config: ['ip link set eth1 up'], at: [0, 0] } }, links: [], flows: [] }, undefined);
    useDocument.temporal.getState().clear();
    const before = useDocument.getState().doc;
    expect(useDocument.getState().setPortsAndConfig('pc1', { eth1: null, eth0: '96:00:03:a1:b2:c3' }, ['ip addr add 91.99.148.215/32 dev eth0'])).toBeUndefined();
    expect(useDocument.getState().doc.devices.pc1).toMatchObject({ ports: { eth1: null, eth0: '96:00:03:a1:b2:c3' }, config: ['ip addr add 91.99.148.215/32 dev eth0'] });
    expect(useDocument.temporal.getState().pastStates).toHaveLength(1);
    useDocument.temporal.getState().undo();
    expect(useDocument.getState().doc).toEqual(before);
    expect(useDocument.getState().setPortsAndConfig('nope', {}, [])).toBe('nope does not exist');
  });
});
