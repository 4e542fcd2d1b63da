/*
 * Plain values (a run's answer: its trace) as the worker posts them to the page, compact on
 * both sides. A structured clone keeps objects shared within a message but copies every string
 * once per use, and rebuilds objects with few properties inline (the rest in a second array):
 * a trace of 100,000 events arrived twice the size the worker had built. Here each distinct
 * string, and each number that is not a small integer, is sent once (the decoded values share
 * it), each set of keys once (the decoder makes objects with JSON.parse of their keys, so they
 * hold their properties inline as literals do), and the values themselves as integer tokens in
 * one transferable buffer. An object met twice is sent once and referred to after, as a
 * structured clone does.
 */

/** What a value's first token says it is; the tokens after it are its payload. */
const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
/** A small integer: the next token. */
const INT = 4;
/** A string or another number: the next token is its index in `atoms`. */
const ATOM = 5;
/** An object, array or byte array sent earlier: the next token is its id (the order of first appearance). */
const REF = 6;
/** A plain object: its shape's index, then one value per key of the shape. */
const OBJECT = 7;
/** An array: its length, then its items. */
const ARRAY = 8;
/** A Uint8Array: its index in `bytes`. */
const BYTES = 9;

/** Integers V8 keeps unboxed everywhere (31-bit, as with pointer compression): larger ones are atoms, shared once boxed. */
const SMALL = 2 ** 30;

export interface ValueWire {
  /** Every distinct string, and every number that is not a small integer, once. */
  atoms: (string | number)[];
  /** Each distinct list of keys that objects have, in their order. */
  shapes: string[][];
  bytes: Uint8Array[];
  tokens: Int32Array;
  /** How many values were encoded in sequence (a ValueDecoder reads them one at a time). */
  count: number;
}

/** Encodes `values` in sequence; an object met again, here or in a later value, is sent as a reference. */
export function encodeValues(values: Iterable<unknown>): ValueWire {
  const e = new Encoder();
  let count = 0;
  for (const v of values) {
    e.value(v);
    count++;
  }
  return { atoms: e.atoms, shapes: e.shapes, bytes: e.bytes, tokens: e.tokens.slice(0, e.length), count };
}

/** A set of keys met so far, found key by key (as V8 finds an object's hidden class): no list or string made per object. */
interface ShapeNode {
  /** The shape these keys are, once an object had exactly them; -1 before. */
  id: number;
  readonly keys: string[];
  readonly next: Map<string, ShapeNode>;
}

class Encoder {
  tokens = new Int32Array(1 << 12);
  length = 0;
  readonly atoms: (string | number)[] = [];
  readonly shapes: string[][] = [];
  readonly bytes: Uint8Array[] = [];
  private readonly atomIndex = new Map<string | number, number>();
  private readonly noKeys: ShapeNode = { id: -1, keys: [], next: new Map() };
  private readonly ids = new Map<object, number>();

  private push(token: number): void {
    if (this.length === this.tokens.length) {
      const grown = new Int32Array(this.tokens.length * 2);
      grown.set(this.tokens);
      this.tokens = grown;
    }
    this.tokens[this.length++] = token;
  }

  private atom(v: string | number): void {
    // -0 would be taken for 0 as a key: it gets an atom of its own each time.
    const negativeZero = v === 0 && 1 / v < 0;
    let i = negativeZero ? undefined : this.atomIndex.get(v);
    if (i === undefined) {
      i = this.atoms.push(v) - 1;
      if (!negativeZero) this.atomIndex.set(v, i);
    }
    this.push(ATOM);
    this.push(i);
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'undefined':
        return this.push(UNDEFINED);
      case 'boolean':
        return this.push(v ? TRUE : FALSE);
      case 'number':
        if ((v | 0) === v && v >= -SMALL && v < SMALL && (v !== 0 || 1 / v > 0)) {
          this.push(INT);
          return this.push(v);
        }
        return this.atom(v);
      case 'string':
        return this.atom(v);
      case 'object':
        if (v === null) return this.push(NULL);
        return this.object(v);
      default:
        throw new TypeError(`a ${typeof v} cannot be sent to the page`);
    }
  }

  private object(o: object): void {
    const id = this.ids.get(o);
    if (id !== undefined) {
      this.push(REF);
      return this.push(id);
    }
    this.ids.set(o, this.ids.size);
    if (Array.isArray(o)) {
      this.push(ARRAY);
      this.push(o.length);
      for (let i = 0; i < o.length; i++) this.value(o[i]);
      return;
    }
    if (o instanceof Uint8Array) {
      this.push(BYTES);
      return this.push(this.bytes.push(o) - 1);
    }
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`a ${proto?.constructor?.name ?? 'class'} instance cannot be sent to the page`);
    this.push(OBJECT);
    // The shape's slot, filled once the keys have been met (the values follow it).
    this.push(-1);
    const shapeAt = this.length - 1;
    const rec = o as Record<string, unknown>;
    let node = this.noKeys;
    for (const k in rec) {
      if (!Object.hasOwn(rec, k)) continue;
      let next = node.next.get(k);
      if (!next) node.next.set(k, (next = { id: -1, keys: [...node.keys, k], next: new Map() }));
      node = next;
      this.value(rec[k]);
    }
    if (node.id < 0) node.id = this.shapes.push(node.keys) - 1;
    this.tokens[shapeAt] = node.id;
  }
}

/** Tokens after each tag (its payload); a nested value's tokens follow its parent's, so one pass over them meets every object in order. */
const PAYLOAD = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];

/** Objects made per JSON.parse call. */
const BATCH = 2048;

/** Reads the values of a wire one at a time (the page decodes a long trace in slices between which it stays responsive). */
export class ValueDecoder {
  private pos = 0;
  private read = 0;
  private readonly objects: unknown[] = [];
  /**
   * Each shape as JSON text, its keys set to null. JSON.parse gives an object exactly as many
   * inline properties as it has keys, as a literal has; an object built up from `{}` (or a
   * spread of a template, once the spread has met many shapes) holds four inline and the rest
   * in a second array: 30-60 bytes more per event.
   */
  private readonly skeletons: string[];
  /** Objects made ahead (JSON.parse of the next BATCH objects' skeletons), handed out in order. */
  private made: Record<string, unknown>[] = [];
  private handed = 0;
  /** Where the scan for the next batch's objects resumes. */
  private scanned = 0;

  constructor(private readonly wire: ValueWire) {
    this.skeletons = wire.shapes.map((keys) => `{${keys.map((k) => `${JSON.stringify(k)}:null`).join(',')}}`);
  }

  /** Values not read yet. */
  get left(): number {
    return this.wire.count - this.read;
  }

  next(): unknown {
    if (this.read >= this.wire.count) throw new RangeError('no values left on the wire');
    this.read++;
    return this.value();
  }

  /** The next object of the wire, its keys in place (set to null). */
  private fresh(): Record<string, unknown> {
    if (this.handed === this.made.length) {
      const t = this.wire.tokens;
      const texts: string[] = [];
      let p = this.scanned;
      while (texts.length < BATCH && p < t.length) {
        if (t[p] === OBJECT) texts.push(this.skeletons[t[p + 1]!]!);
        p += 1 + PAYLOAD[t[p]!]!;
      }
      this.scanned = p;
      this.made = JSON.parse(`[${texts.join(',')}]`) as Record<string, unknown>[];
      this.handed = 0;
    }
    return this.made[this.handed++]!;
  }

  private value(): unknown {
    const t = this.wire.tokens;
    switch (t[this.pos++]) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT:
        return t[this.pos++];
      case ATOM:
        return this.wire.atoms[t[this.pos++]!];
      case REF:
        return this.objects[t[this.pos++]!];
      case OBJECT: {
        const keys = this.wire.shapes[t[this.pos++]!]!;
        const o = this.fresh();
        this.objects.push(o);
        for (const k of keys) o[k] = this.value();
        return o;
      }
      case ARRAY: {
        const a: unknown[] = new Array(t[this.pos++]);
        this.objects.push(a);
        for (let i = 0; i < a.length; i++) a[i] = this.value();
        return a;
      }
      case BYTES: {
        const b = this.wire.bytes[t[this.pos++]!];
        this.objects.push(b);
        return b;
      }
      default:
        throw new RangeError(`not a value token at ${this.pos - 1}`);
    }
  }
}
