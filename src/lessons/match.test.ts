import { describe, expect, it } from 'vitest';
import type { EventPattern } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { locateSteps, matches } from './match';

/* Lesson steps find events by device, kind, reason code and facts, as the trace records them. */

const hook = (rule?: { line: number; chain: string; target: string }): TraceEvent => ({
  t: 0,
  device: 'router',
  port: 'eth1',
  layer: 'netfilter',
  kind: 'hook',
  reason: { code: 'nf_hook', table: 'nat', hook: 'POSTROUTING', rule, policy: 'ACCEPT' },
});

const at = (device: string, kind: string, reason?: Record<string, unknown>, port?: string): EventPattern =>
  ({ device, kind, ...(port ? { port } : {}), ...(reason ? { reason } : {}) }) as EventPattern;

describe('matches', () => {
  it('matches device, kind, code and the facts the pattern names, nested ones too', () => {
    const e = hook({ line: 2, chain: 'POSTROUTING', target: 'MASQUERADE' });
    expect(matches(at('router', 'hook', { code: 'nf_hook', rule: { line: 2, target: 'MASQUERADE' } }), e)).toBe(true);
    expect(matches(at('router', 'hook'), e)).toBe(true);
    expect(matches(at('router', 'hook', { code: 'nf_hook', table: 'nat' }, 'eth1'), e)).toBe(true);
  });

  it('refuses another value, another code, another port, another device', () => {
    const e = hook({ line: 2, chain: 'POSTROUTING', target: 'MASQUERADE' });
    expect(matches(at('router', 'hook', { code: 'nf_hook', rule: { line: 1 } }), e)).toBe(false);
    expect(matches(at('router', 'hook', { code: 'nf_drop' }), e)).toBe(false);
    expect(matches(at('router', 'hook', undefined, 'eth0'), e)).toBe(false);
    expect(matches(at('pc1', 'hook'), e)).toBe(false);
  });

  it('null asks for a fact to be absent: "no rule decided" is a hook without a rule', () => {
    expect(matches(at('router', 'hook', { code: 'nf_hook', rule: null }), hook())).toBe(true);
    expect(matches(at('router', 'hook', { code: 'nf_hook', rule: null }), hook({ line: 1, chain: 'POSTROUTING', target: 'SNAT' }))).toBe(false);
  });

  it('a fact the event lacks never fits, inherited names neither', () => {
    expect(matches(at('router', 'hook', { code: 'nf_hook', rule: { line: 1 } }), hook())).toBe(false);
    expect(matches(at('router', 'hook', { code: 'nf_hook', toString: 'x' }), hook())).toBe(false);
  });

  it('takes addresses as people write them', () => {
    const e: TraceEvent = { t: 0, device: 'pc', layer: 'arp', kind: 'arp-request', reason: { code: 'arp_request', target: 0xc0a80102, sender: 0xc0a80101 } };
    expect(matches(at('pc', 'arp-request', { code: 'arp_request', target: '192.168.1.2' }), e)).toBe(true);
    expect(matches(at('pc', 'arp-request', { code: 'arp_request', target: 0xc0a80102 }), e)).toBe(true);
    expect(matches(at('pc', 'arp-request', { code: 'arp_request', target: '192.168.1.3' }), e)).toBe(false);
    expect(matches(at('pc', 'arp-request', { code: 'arp_request', target: '192.168.1' }), e)).toBe(false);
  });

  it('finds each step after the one before it in the same flow ("the second SYN" needs no counting)', () => {
    const events = [hook({ line: 1, chain: 'P', target: 'A' }), hook({ line: 2, chain: 'P', target: 'B' }), hook({ line: 1, chain: 'P', target: 'A' })];
    const step = (line: number) => ({ flow: 0, event: at('router', 'hook', { code: 'nf_hook', rule: { line } }) });
    expect(locateSteps([step(1), step(2), step(1), step(2)], (f) => (f === 0 ? events : undefined))).toEqual([0, 1, 2, -1]);
    expect(locateSteps([{ flow: 1, event: at('router', 'hook') }], (f) => (f === 0 ? events : undefined))).toEqual([-1]);
  });
});
