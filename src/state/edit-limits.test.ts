import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONFIG_COMMANDS, MAX_DEVICES, MAX_LINE_LENGTH, MAX_LINKS, MAX_PORTS_PER_DEVICE } from '../engine/scenario/limits';
import type { ScenarioDoc } from '../engine/scenario/types';
import { useDocument } from './document';
import { editLimitProblem, useEditRefusal } from './edit-limits';

const base = (): ScenarioDoc => ({ hairpin: 2, title: 't', devices: { pc: { kind: 'host', ports: { eth0: null }, config: [] } }, links: [], flows: [] });

describe('format limits at the edit (src/engine/scenario/limits.ts)', () => {
  it('names the limit an edit would break, and lets an edit within it through', () => {
    const doc = base();
    const withConfig = (config: string[]) => ({ ...doc, devices: { pc: { ...doc.devices.pc!, config } } });
    expect(editLimitProblem(doc, withConfig(['ip link set eth0 up']))).toBeUndefined();
    expect(editLimitProblem(doc, withConfig([`ip route add 10.0.0.0/8 dev eth0 ${'x'.repeat(MAX_LINE_LENGTH)}`]))).toBe(`A config line is at most 4,096 characters; line 1 of pc would have ${(MAX_LINE_LENGTH + 33).toLocaleString('en')}.`);
    const ports = Object.fromEntries(Array.from({ length: MAX_PORTS_PER_DEVICE + 1 }, (_, i) => [`eth${i}`, null]));
    expect(editLimitProblem(doc, { ...doc, devices: { pc: { ...doc.devices.pc!, ports } } })).toBe('A device has at most 255 ports (pc has 255).');
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, { kind: 'host' as const, ports: {} }]));
    const full = { ...doc, devices: many(MAX_DEVICES) };
    expect(editLimitProblem(full, { ...full, devices: { ...full.devices, extra: { kind: 'host', ports: {} } } })).toBe('A scenario has at most 10,000 devices.');
    // Shrinking a document that is already too big is always allowed.
    expect(editLimitProblem({ ...doc, devices: many(MAX_DEVICES + 2) }, { ...doc, devices: many(MAX_DEVICES + 1) })).toBeUndefined();
    const links = Array.from({ length: MAX_LINKS }, (_, i): [string, string] => [`a${i}:eth0`, `b${i}:eth0`]);
    expect(editLimitProblem({ ...doc, links }, { ...doc, links: [...links, ['x:eth0', 'y:eth0']] })).toBe('A scenario has at most 50,000 links.');
  });

  it('counts commands over all configs (each rule one), refusing the one past 150,000', () => {
    const doc = base();
    const rules = (n: number) => Array.from({ length: n / 50 }, () => Array(50).fill('iptables -A INPUT -j DROP').join('; '));
    const atLimit = { ...doc, devices: { pc: { ...doc.devices.pc!, config: rules(MAX_CONFIG_COMMANDS) } } };
    expect(editLimitProblem(doc, atLimit)).toBeUndefined();
    const over = { ...atLimit, devices: { ...atLimit.devices, fw: { kind: 'router' as const, ports: {}, config: ['iptables -F'] } } };
    expect(editLimitProblem(atLimit, over)).toBe("A scenario's configs hold at most 150,000 commands in all (each route and iptables rule is one); this edit would make 150,001.");
  });
});

describe('the document store refuses such an edit, and shows why', () => {
  beforeEach(() => {
    useDocument.getState().setDoc(base());
    useDocument.temporal.getState().clear();
    useEditRefusal.setState({ message: undefined });
  });

  it('keeps the document and its history as they were', () => {
    const before = useDocument.getState().doc;
    useDocument.getState().setConfig('pc', ['x'.repeat(MAX_LINE_LENGTH + 1)]);
    expect(useDocument.getState().doc).toBe(before);
    expect(useDocument.temporal.getState().pastStates).toHaveLength(0);
    expect(useEditRefusal.getState().message).toMatch(/^Not changed: A config line is at most 4,096 characters/);
    useDocument.setState({ doc: { ...before, title: 'x'.repeat(300) } });
    expect(useDocument.getState().doc).toBe(before);
    expect(useEditRefusal.getState().message).toBe("Not changed: A scenario's title is at most 256 characters.");
    useDocument.getState().setConfig('pc', ['ip link set eth0 up']);
    expect(useDocument.getState().doc.devices.pc!.config).toEqual(['ip link set eth0 up']);
  });

  it('lets a load through (it was validated when read)', () => {
    const big = base();
    big.devices.pc!.config = ['x'.repeat(MAX_LINE_LENGTH + 1)];
    useDocument.getState().setDoc(big);
    expect(useDocument.getState().doc).toBe(big);
  });
});
