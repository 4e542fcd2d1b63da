/*
 * The prefixes of one length, by network address (as the old net/ipv4/fib_hash.c kept its
 * zones). Open addressing over an Int32Array: a lookup hashes a 32-bit integer and allocates
 * nothing, where a Map would box every address above 2^30 for each packet.
 */

/** Values must not be undefined. */
export class PrefixHash<V> {
  // A slot is in use when its value is set (values are never undefined): one array less to read.
  private keys = new Int32Array(8);
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
    for (let i = this.slot(key); ; i = (i + 1) & mask) {
      const v = this.values[i];
      if (v === undefined || this.keys[i] === key) return v;
    }
    return undefined;
  }

  set(address: number, value: V): void {
    const key = address | 0;
    const mask = this.keys.length - 1;
    let i = this.slot(key);
    for (; this.values[i] !== undefined; i = (i + 1) & mask) {
      if (this.keys[i] === key) {
        this.values[i] = value;
        return;
      }
    }
    this.keys[i] = key;
    this.values[i] = value;
    if (++this.count * 2 > this.keys.length) this.grow();
  }

  delete(address: number): void {
    const key = address | 0;
    const mask = this.keys.length - 1;
    let i = this.slot(key);
    while (this.values[i] !== undefined && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.values[i] === undefined) return;
    this.count--;
    // Backward-shift deletion: later entries of the probe run move up so no lookup stops early.
    for (let j = (i + 1) & mask; this.values[j] !== undefined; j = (j + 1) & mask) {
      const home = this.slot(this.keys[j]!);
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      this.keys[i] = this.keys[j]!;
      this.values[i] = this.values[j];
      i = j;
    }
    this.values[i] = undefined;
  }

  /** Entries as unsigned addresses, in no particular order. */
  *entries(): IterableIterator<[number, V]> {
    for (let i = 0; i < this.keys.length; i++) if (this.values[i] !== undefined) yield [this.keys[i]! >>> 0, this.values[i]!];
  }

  private grow(): void {
    const old = { keys: this.keys, values: this.values };
    const size = old.keys.length * 2;
    this.keys = new Int32Array(size);
    this.values = new Array(size).fill(undefined);
    this.count = 0;
    for (let i = 0; i < old.keys.length; i++) if (old.values[i] !== undefined) this.set(old.keys[i]!, old.values[i]!);
  }
}
