import { describe, expect, it } from 'vitest';
import { encodeValues, ValueDecoder, type ValueWire } from './value-wire';

/* Values through the wire as the worker posts them: the same values come out, sharing what they shared. */

/** Encoded, posted (a structured clone, the token buffer transferred) and decoded, in order. */
function roundTrip(values: unknown[]): unknown[] {
  const wire = encodeValues(values);
  const posted = structuredClone(wire, { transfer: [wire.tokens.buffer] }) as ValueWire;
  const decoder = new ValueDecoder(posted);
  const out: unknown[] = [];
  while (decoder.left > 0) out.push(decoder.next());
  return out;
}

describe('value wire', () => {
  it('gives back every kind of plain value a run answers with', () => {
    const values = [
      undefined,
      null,
      true,
      false,
      0,
      -7,
      2 ** 30 - 1,
      2 ** 30,
      -(2 ** 31),
      2 ** 40 + 0.5,
      3232235777, // 192.168.1.1 as a number
      1.5,
      NaN,
      Infinity,
      -Infinity,
      '',
      'eth0',
      'naïve → ✓',
      [],
      [1, 'a', [null, [undefined]]],
      {},
      { layer: 'link', kind: 'frame-sent', t: 3_310_000_000, nested: { a: 1, b: [2, 3], c: undefined } },
      new Uint8Array([1, 2, 255]),
    ];
    expect(roundTrip(values)).toStrictEqual(values);
  });

  it('objects come out plain (Object.prototype), a key named __proto__ an own key as it was', () => {
    const odd = JSON.parse('{"a":1,"__proto__":{"b":2}}') as object;
    const [plain, back] = roundTrip([{ a: 1 }, odd]) as object[];
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back!)).toEqual(['a', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ b: 2 });
  });

  it('keeps -0 apart from 0', () => {
    const [a, b, c] = roundTrip([-0, 0, -0]);
    expect(Object.is(a, -0)).toBe(true);
    expect(Object.is(b, 0)).toBe(true);
    expect(Object.is(c, -0)).toBe(true);
  });

  it('keeps each object’s keys in their order, also where objects of one set of keys came in another order', () => {
    const [a, b] = roundTrip([{ z: 1, a: 2, m: 3 }, { a: 2, m: 3, z: 1 }]) as object[];
    expect(Object.keys(a!)).toEqual(['z', 'a', 'm']);
    expect(Object.keys(b!)).toEqual(['a', 'm', 'z']);
  });

  it('an object met twice, within a value or in a later one, comes out as one object; a cycle survives', () => {
    const frame = { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02', payload: { kind: 'ipv4', ttl: 64 } };
    const data = new Uint8Array([9, 9]);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const [sent, received, pair, loop] = roundTrip([
      { kind: 'frame-sent', frame, data },
      { kind: 'frame-received', frame, data },
      [frame.payload, frame.payload],
      cyclic,
    ]) as [{ frame: object; data: Uint8Array }, { frame: object; data: Uint8Array }, object[], Record<string, unknown>];
    expect(received.frame).toBe(sent.frame);
    expect(received.data).toBe(sent.data);
    expect(pair[0]).toBe(pair[1]);
    expect(pair[0]).toBe((sent.frame as typeof frame).payload);
    expect(loop.self).toBe(loop);
  });

  it('values met nowhere else (a trace’s events) come out equal, what they hold still shared', () => {
    const frame = { src: 'a', dst: 'b', payload: { kind: 'ipv4', ttl: 64 } };
    const head = { device: 'pc1', frame };
    const events = [
      { kind: 'frame-sent', frame },
      { kind: 'frame-received', frame },
    ];
    const wire = encodeValues([head], events);
    const posted = structuredClone(wire, { transfer: [wire.tokens.buffer] }) as ValueWire;
    const decoder = new ValueDecoder(posted);
    const out = [decoder.next(), decoder.next(), decoder.next()] as { frame: object }[];
    expect(out).toStrictEqual([head, ...events]);
    expect(out[1]!.frame).toBe(out[0]!.frame);
    expect(out[2]!.frame).toBe(out[0]!.frame);
    expect(decoder.left).toBe(0);
  });

  it('sends each distinct string, set of keys and large number once', () => {
    const events = Array.from({ length: 1_000 }, (_, i) => ({ layer: 'link', kind: i % 2 ? 'frame-sent' : 'frame-received', device: `r${i % 10}`, t: 5_000_000_000 + Math.floor(i / 4) }));
    const wire = encodeValues(events);
    expect(wire.shapes).toEqual([['layer', 'kind', 'device', 't']]);
    // link, frame-sent, frame-received, r0…r9, and 250 instants.
    expect(wire.atoms.length).toBe(3 + 10 + 250);
  });

  it('refuses what a run’s answer never holds rather than sending it changed', () => {
    expect(() => encodeValues([new Map()])).toThrow(TypeError);
    expect(() => encodeValues([{ f: () => 1 }])).toThrow(TypeError);
    expect(() => encodeValues([10n])).toThrow(TypeError);
  });

  it('says when every value has been read', () => {
    const decoder = new ValueDecoder(encodeValues([1, { a: 2 }]));
    expect(decoder.left).toBe(2);
    decoder.next();
    decoder.next();
    expect(decoder.left).toBe(0);
    expect(() => decoder.next()).toThrow(RangeError);
  });
});
