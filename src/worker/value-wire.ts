/*
 * Plain values (a run's answer: its trace) as the worker posts them to the page, compact on
 * both sides. A structured clone keeps objects shared within a message but copies every string
 * once per use, and rebuilds objects with few properties inline (the rest in a second array):
 * a trace of 100,000 events arrived twice the size the worker had built. Here each distinct
 * string, and each number that is not a small integer, is sent once (the decoded values share
 * it), each set of keys once (the decoder makes each set's objects with one constructor, so
 * they hold their properties inline as literals do), and the values themselves as integer
 * tokens in one transferable buffer. An object met twice is sent once and referred to after, as a
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

/**
 * Encodes `values` in sequence, then `alone`: an object met again, here or in a later value, is
 * sent as a reference. Each of `alone` is an object met nowhere else (each event of a trace is
 * in it once, and nothing points at one): it is not looked up among the objects met nor
 * remembered, which spares a lookup in a map as large as the trace per event. What it holds is
 * shared as any value's.
 */
export function encodeValues(values: Iterable<unknown>, alone: Iterable<object> = []): ValueWire {
  const e = new Encoder();
  let count = 0;
  for (const v of values) {
    e.value(v);
    count++;
  }
  for (const o of alone) {
    e.alone(o);
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
  /** Objects met so far, those alone included: the next one's id. */
  private nextId = 0;

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

  /** An object met nowhere else: it takes an id (the decoder counts every object) that nothing refers to. */
  alone(o: object): void {
    this.nextId++;
    this.contents(o);
  }

  private object(o: object): void {
    const id = this.ids.get(o);
    if (id !== undefined) {
      this.push(REF);
      return this.push(id);
    }
    this.ids.set(o, this.nextId++);
    this.contents(o);
  }

  private contents(o: object): void {
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

/** Makes a plain object of one shape (see ValueDecoder.makers). */
type Maker = new () => Record<string, unknown>;

/**
 * A constructor of plain objects (their prototype Object.prototype, as a literal's) for one
 * shape, primed with one object whose keys hold null: V8 sizes a constructor's objects to the
 * keys they get (in-object slack tracking, up to about ten inline), and a key's first value
 * being null keeps it a plain reference, so a number stored there later is the shared one from
 * `atoms` rather than a copy boxed per object.
 */
function makerOf(keys: readonly string[]): Maker {
  const Make = function () {} as unknown as Maker;
  Make.prototype = Object.prototype;
  const primer = new Make();
  for (const k of keys) defineKey(primer, k, null);
  return Make;
}

/** `o[k] = v`, also for the key `__proto__` (an own property, as the original object had: assigning it would set the prototype). */
function defineKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

/** Reads the values of a wire one at a time (the page decodes a long trace in slices between which it stays responsive). */
export class ValueDecoder {
  private pos = 0;
  private read = 0;
  private readonly objects: unknown[] = [];
  /**
   * One constructor per shape: its objects hold their properties inline as a literal's do. An
   * object built up from `{}` (or a spread of a template, once the spread has met many shapes)
   * holds four inline and the rest in a second array: 30-60 bytes more per event.
   */
  private readonly makers: Maker[];
  /** Shapes with the key `__proto__`, set by defineKey. */
  private readonly unusual: boolean[];

  constructor(private readonly wire: ValueWire) {
    this.makers = wire.shapes.map(makerOf);
    this.unusual = wire.shapes.map((keys) => keys.includes('__proto__'));
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
        const shape = t[this.pos++]!;
        const keys = this.wire.shapes[shape]!;
        const o = new this.makers[shape]!();
        this.objects.push(o);
        if (this.unusual[shape]) for (const k of keys) defineKey(o, k, this.value());
        else for (const k of keys) o[k] = this.value();
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
