import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { routerChain } from '../generate/chain';
import { runScenario } from '../api';
import { encodeValues } from '../../worker/value-wire';
import { keptObjectMaker } from './kept-object';
import { withTtl } from './ipv4';
import type { Ipv4Packet } from './types';

/*
 * What a kept-object maker builds is a plain object: whatever reads, compares, prints or posts a
 * trace (the page's wire refuses class instances) sees what a literal would have given.
 */
describe('objects a run keeps, made by constructors', () => {
  const Pair = keptObjectMaker(function (this: { a: number; b: string }, a: number, b: string) {
    this.a = a;
    this.b = b;
  });

  it('are plain objects with their keys in order, as a literal', () => {
    const p = new Pair(1, 'x');
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(p).toStrictEqual({ a: 1, b: 'x' });
    expect(Object.keys(p)).toEqual(['a', 'b']);
    expect(JSON.stringify(p)).toBe('{"a":1,"b":"x"}');
    expect(structuredClone(p)).toStrictEqual({ a: 1, b: 'x' });
  });

  it('a forwarded packet is the packet with one less TTL, nothing else changed', () => {
    const p: Ipv4Packet = { kind: 'ipv4', tos: 0, id: 7, df: true, ttl: 64, src: parseIp4('10.0.0.1')!, dst: parseIp4('10.0.1.1')!, payload: { kind: 'icmp', type: 8, code: 0, id: 1, seq: 1, data: new Uint8Array(0) } as Ipv4Packet['payload'] };
    expect(withTtl(p, 63)).toStrictEqual({ ...p, ttl: 63 });
  });

  it('a trace of forwarded hops (frames, routes, forwards, packets) posts to the page as literals would', () => {
    const doc = routerChain(3);
    const res = runScenario({ doc: JSON.stringify(doc), flow: 0 });
    if (!res.ok) throw new Error(res.errors[0]!.message);
    const forwarded = res.events.filter((e) => e.kind === 'forward');
    expect(forwarded.length).toBeGreaterThan(0);
    for (const e of res.events) expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    expect(() => encodeValues([res])).not.toThrow();
    // ip_forward: the event shows the packet after its TTL went down by one, and the one before.
    for (const e of forwarded) expect(e.packet!.ttl).toBe(e.before!.ttl - 1);
  });
});
