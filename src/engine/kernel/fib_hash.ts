/*
 * The prefixes of one length, by network address (as the old net/ipv4/fib_hash.c kept its
 * zones). Open addressing over an Int32Array: a lookup hashes a 32-bit integer and allocates
 * nothing, where a Map would box every address above 2^30 for each packet.
 */

const EMPTY = 0;
const FULL = 1;

export class PrefixHash<V> {
  private keys = new Int32Array(8);
  private used = new Uint8Array(8);
  private values: (V | undefined)[] = new Array(8).fill(undefined);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private slot(key: number): number {
    // Fibonacci hashing: multiply, keep the top bits, mask to the table.
    return (Math.imul(key, 0x9e3779b1) >>> 0) & (this.keys.length - 1);
  }

  get(address: number): V | undefined {
    const key = address | 0;
    const mask = this.keys.length - 1;
    for (let i = this.slot(key); this.used[i] === FULL; i = (i + 1) & mask) {
      if (this.keys[i] === key) return this.values[i];
    }
    return undefined;
  }

  set(address: number, value: V): void {
    const key = address | 0;
    const mask = this.keys.length - 1;
    let i = this.slot(key);
    for (; this.used[i] === FULL; i = (i + 1) & mask) {
      if (this.keys[i] === key) {
        this.values[i] = value;
        return;
      }
    }
    this.keys[i] = key;
    this.used[i] = FULL;
    this.values[i] = value;
    if (++this.count * 2 > this.keys.length) this.grow();
  }

  delete(address: number): void {
    const key = address | 0;
    const mask = this.keys.length - 1;
    let i = this.slot(key);
    while (this.used[i] === FULL && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.used[i] !== FULL) return;
    this.count--;
    // Backward-shift deletion: later entries of the probe run move up so no lookup stops early.
    for (let j = (i + 1) & mask; this.used[j] === FULL; j = (j + 1) & mask) {
      const home = this.slot(this.keys[j]!);
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      this.keys[i] = this.keys[j]!;
      this.values[i] = this.values[j];
      i = j;
    }
    this.used[i] = EMPTY;
    this.values[i] = undefined;
  }

  /** Entries as unsigned addresses, in no particular order. */
  *entries(): IterableIterator<[number, V]> {
    for (let i = 0; i < this.keys.length; i++) if (this.used[i] === FULL) yield [this.keys[i]! >>> 0, this.values[i]!];
  }

  private grow(): void {
    const old = { keys: this.keys, used: this.used, values: this.values };
    const size = old.keys.length * 2;
    this.keys = new Int32Array(size);
    this.used = new Uint8Array(size);
    this.values = new Array(size).fill(undefined);
    this.count = 0;
    for (let i = 0; i < old.keys.length; i++) if (old.used[i] === FULL) this.set(old.keys[i]!, old.values[i]!);
  }
}
