/*
 * A routing table's prefixes by (network address, length), as the old net/ipv4/fib_hash.c
 * kept them. Open addressing over one Int32Array of (address, length) pairs: a lookup hashes
 * integers and allocates nothing (a Map would box every address above 2^30 per packet), and a
 * small table's probes for every length stay within a cache line or two.
 */

/** Values must not be undefined (an undefined value marks a free slot). */
export class PrefixHash<V> {
  /** keys[2i] the address, keys[2i + 1] the prefix length of slot i. */
  private keys = new Int32Array(16);
  private values: (V | undefined)[] = new Array(8).fill(undefined);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private home(net: number, len: number): number {
    // Fibonacci hashing of the address mixed with its length.
    return (Math.imul(net ^ Math.imul(len + 1, 0x45d9f3b), 0x9e3779b1) >>> 0) & (this.values.length - 1);
  }

  get(address: number, len: number): V | undefined {
    const net = address | 0;
    const mask = this.values.length - 1;
    for (let i = this.home(net, len); ; i = (i + 1) & mask) {
      const v = this.values[i];
      if (v === undefined || (this.keys[2 * i] === net && this.keys[2 * i + 1] === len)) return v;
    }
  }

  set(address: number, len: number, value: V): void {
    const net = address | 0;
    const mask = this.values.length - 1;
    let i = this.home(net, len);
    for (; this.values[i] !== undefined; i = (i + 1) & mask) {
      if (this.keys[2 * i] === net && this.keys[2 * i + 1] === len) {
        this.values[i] = value;
        return;
      }
    }
    this.keys[2 * i] = net;
    this.keys[2 * i + 1] = len;
    this.values[i] = value;
    if (++this.count * 2 > this.values.length) this.grow();
  }

  delete(address: number, len: number): void {
    const net = address | 0;
    const mask = this.values.length - 1;
    let i = this.home(net, len);
    while (this.values[i] !== undefined && !(this.keys[2 * i] === net && this.keys[2 * i + 1] === len)) i = (i + 1) & mask;
    if (this.values[i] === undefined) return;
    this.count--;
    // Backward-shift deletion: later entries of the probe run move up so no lookup stops early.
    for (let j = (i + 1) & mask; this.values[j] !== undefined; j = (j + 1) & mask) {
      const home = this.home(this.keys[2 * j]!, this.keys[2 * j + 1]!);
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      this.keys[2 * i] = this.keys[2 * j]!;
      this.keys[2 * i + 1] = this.keys[2 * j + 1]!;
      this.values[i] = this.values[j];
      i = j;
    }
    this.values[i] = undefined;
  }

  /**
   * The values ordered by (unsigned address, length). Sorted as numbers (address × 64 +
   * length, exact in a double) rather than as objects: a 100,000-route table is dumped often
   * enough (`ip route` in the inspector) for that to matter.
   */
  valuesInOrder(): V[] {
    const keys = new Float64Array(this.count);
    let n = 0;
    for (let i = 0; i < this.values.length; i++) if (this.values[i] !== undefined) keys[n++] = (this.keys[2 * i]! >>> 0) * 64 + this.keys[2 * i + 1]!;
    keys.sort();
    const out = new Array<V>(n);
    for (let k = 0; k < n; k++) {
      const key = keys[k]!;
      const len = key % 64;
      out[k] = this.get((key - len) / 64, len)!;
    }
    return out;
  }

  private grow(): void {
    const old = { keys: this.keys, values: this.values };
    const size = old.values.length * 2;
    this.keys = new Int32Array(2 * size);
    this.values = new Array(size).fill(undefined);
    this.count = 0;
    for (let i = 0; i < old.values.length; i++) {
      const v = old.values[i];
      if (v !== undefined) this.set(old.keys[2 * i]!, old.keys[2 * i + 1]!, v);
    }
  }
}
