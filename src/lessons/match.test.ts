import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine/trace/types';
import { at, atPort, ip } from './match';

/* Lesson steps find events by reason code and facts, as the trace records them. */

const hook = (rule?: { line: number; chain: string; target: string }): TraceEvent => ({
  seq: 0,
  t: 0,
  device: 'router',
  port: 'eth1',
  layer: 'netfilter',
  kind: 'hook',
  reason: { code: 'nf_hook', table: 'nat', hook: 'POSTROUTING', rule, policy: 'ACCEPT' },
});

describe('at', () => {
  it('matches device, kind, code and the facts the pattern names, nested ones too', () => {
    const e = hook({ line: 2, chain: 'POSTROUTING', target: 'MASQUERADE' });
    expect(at('router', 'hook', { code: 'nf_hook', rule: { line: 2, target: 'MASQUERADE' } })(e)).toBe(true);
    expect(at('router', 'hook')(e)).toBe(true);
    expect(atPort('router', 'eth1', 'hook', { code: 'nf_hook', table: 'nat' })(e)).toBe(true);
  });

  it('refuses another value, another code, another port, another device', () => {
    const e = hook({ line: 2, chain: 'POSTROUTING', target: 'MASQUERADE' });
    expect(at('router', 'hook', { code: 'nf_hook', rule: { line: 1 } })(e)).toBe(false);
    expect(at('router', 'hook', { code: 'nf_drop' })(e)).toBe(false);
    expect(atPort('router', 'eth0', 'hook')(e)).toBe(false);
    expect(at('pc1', 'hook')(e)).toBe(false);
  });

  it('a field given as undefined must be absent: "no rule decided" is a hook without a rule', () => {
    expect(at('router', 'hook', { code: 'nf_hook', rule: undefined })(hook())).toBe(true);
    expect(at('router', 'hook', { code: 'nf_hook', rule: undefined })(hook({ line: 1, chain: 'POSTROUTING', target: 'SNAT' }))).toBe(false);
  });

  it('writes addresses as people do', () => {
    expect(ip('192.168.1.2')).toBe(0xc0a80102);
    expect(() => ip('192.168.1')).toThrow('not an IPv4 address: 192.168.1');
  });
});
