import { beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenarios';
import type { ScenarioDoc } from '../engine/scenario/types';
import { isOutOfDate, sameRunInputs } from './currency';
import { useDocument } from './document';
import { useSession } from './session';
import { runTarget } from './actions';

const lesson = (): ScenarioDoc => JSON.parse(BUILTIN_SCENARIOS['home-lan']!) as ScenarioDoc;

describe('whether a run is of the document on screen', () => {
  beforeEach(() => {
    useDocument.getState().setDoc(lesson(), 'home-lan');
    useDocument.temporal.getState().clear();
  });

  it('the same scenario read twice is the same; a moved device or a new title changes no packet', () => {
    const a = lesson();
    expect(sameRunInputs(a, lesson())).toBe(true);
    expect(sameRunInputs(a, { ...a, title: 'Renamed', devices: { ...a.devices, pc1: { ...a.devices.pc1!, at: [1, 2] } } })).toBe(true);
  });

  it('config, ports, links, flows and device order are what the engine reads', () => {
    const a = lesson();
    const pc1 = a.devices.pc1!;
    expect(sameRunInputs(a, { ...a, devices: { ...a.devices, pc1: { ...pc1, config: [...(pc1.config ?? []), 'ip link set eth0 down'] } } })).toBe(false);
    expect(sameRunInputs(a, { ...a, devices: { ...a.devices, pc1: { ...pc1, ports: { eth0: '02:00:00:00:09:01' } } } })).toBe(false);
    expect(sameRunInputs(a, { ...a, links: a.links.slice(1) })).toBe(false);
    expect(sameRunInputs(a, { ...a, flows: [{ ...a.flows[0]!, run: 'ping -c 2 192.168.1.3' }, ...a.flows.slice(1)] })).toBe(false);
    // A default MAC is numbered by device order: the same devices in another order are another network.
    const [first, ...rest] = Object.entries(a.devices);
    expect(sameRunInputs(a, { ...a, devices: Object.fromEntries([...rest, first!]) })).toBe(false);
  });

  it('a run of a known command stays current while flows are saved, moved or deleted; a config edit, or the flow it ran edited, dates it', () => {
    const ran = useDocument.getState().doc;
    const command = { on: 'pc2', command: 'nc -z -w 1 192.168.1.2 80' };
    useSession.getState().setRun({ status: 'done', doc: ran, command, result: {} as never });
    const now = { ...ran, flows: [...ran.flows.slice(1).reverse(), { ...command, run: command.command, expect: { exit: 1 } }] };
    expect(isOutOfDate(useSession.getState().run, now)).toBe(false);
    expect(isOutOfDate(useSession.getState().run, { ...now, links: [] })).toBe(true);
    // The flow that ran, edited or deleted: Run would run something else now.
    const flowRun = { on: ran.flows[0]!.on, command: ran.flows[0]!.run };
    useSession.getState().setRun({ status: 'done', doc: ran, command: flowRun, result: {} as never });
    expect(isOutOfDate(useSession.getState().run, { ...ran, flows: [...ran.flows].reverse() })).toBe(false);
    expect(isOutOfDate(useSession.getState().run, { ...ran, flows: [{ ...ran.flows[0]!, run: 'ping -c 5 192.168.1.3' }, ...ran.flows.slice(1)] })).toBe(true);
    expect(isOutOfDate(useSession.getState().run, { ...ran, flows: ran.flows.slice(1) })).toBe(true);
    // Without the command known, the flows are what it ran.
    useSession.getState().setRun({ status: 'done', doc: ran, result: {} as never });
    expect(isOutOfDate(useSession.getState().run, now)).toBe(true);
  });

  it('an edit makes the finished run out of date; undo back to the document it ran makes it current again', () => {
    const ran = useDocument.getState().doc;
    useSession.getState().setRun({ status: 'done', doc: ran, result: {} as never });
    expect(isOutOfDate(useSession.getState().run, useDocument.getState().doc)).toBe(false);
    useDocument.getState().appendConfig('pc1', ['ip link set eth0 down']);
    expect(isOutOfDate(useSession.getState().run, useDocument.getState().doc)).toBe(true);
    useDocument.temporal.getState().undo();
    expect(isOutOfDate(useSession.getState().run, useDocument.getState().doc)).toBe(false);
  });
});

describe('what Run runs', () => {
  const base = { typed: '', typedOn: undefined, selectedDevice: undefined, custom: undefined, flowIndex: 1 };

  it('the selected flow when the command box is empty', () => {
    expect(runTarget(lesson(), base)).toEqual({ kind: 'flow', index: 1, on: 'pc1', command: 'ping -c 1 -W 1 8.8.8.8', title: lesson().flows[1]!.title });
  });

  it('the typed command when there is one, on the chosen device, else the selected one, else the first', () => {
    expect(runTarget(lesson(), { ...base, typed: ' ping -c 1 8.8.8.8 ', typedOn: 'pc2' })).toEqual({ kind: 'command', on: 'pc2', command: 'ping -c 1 8.8.8.8' });
    expect(runTarget(lesson(), { ...base, typed: 'ip route', selectedDevice: 'router' })).toMatchObject({ on: 'router' });
    expect(runTarget(lesson(), { ...base, typed: 'ip route', typedOn: 'gone' })).toMatchObject({ on: 'pc1' });
  });

  it('a command from a link or a check when the box is empty; nothing in a scenario without flows or devices', () => {
    expect(runTarget(lesson(), { ...base, custom: { on: 'pc2', command: 'nc -z 8.8.8.8 53' } })).toEqual({ kind: 'command', on: 'pc2', command: 'nc -z 8.8.8.8 53' });
    const empty: ScenarioDoc = { hairpin: 2, title: 'e', devices: {}, links: [], flows: [] };
    expect(runTarget(empty, { ...base, typed: 'ping 1.1.1.1' })).toBeUndefined();
    expect(runTarget({ ...lesson(), flows: [] }, { ...base, flowIndex: 0 })).toBeUndefined();
  });

  it('the last flow left when the selected one was deleted', () => {
    expect(runTarget({ ...lesson(), flows: lesson().flows.slice(0, 1) }, { ...base, flowIndex: 2 })).toMatchObject({ kind: 'flow', index: 0, on: 'pc1' });
  });

  it('choosing a flow empties the command box; emptying the box returns to the selected flow', () => {
    const s = useSession.getState();
    s.setTyped('ping -c 1 8.8.8.8');
    s.setCustom({ on: 'pc1', command: 'ping -c 1 8.8.8.8' });
    s.setFlow(2);
    expect(useSession.getState()).toMatchObject({ typed: '', custom: undefined, flowIndex: 2 });
    s.setCustom({ on: 'pc1', command: 'ping -c 1 8.8.8.8' });
    s.setTyped('');
    expect(useSession.getState().custom).toBeUndefined();
  });
});
