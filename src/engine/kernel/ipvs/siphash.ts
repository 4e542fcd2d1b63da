/*
 * lib/siphash.c's hsiphash on a 64-bit kernel: "HalfSipHash1-3" is SipHash-1-3 there (one
 * compression round, three finalisation rounds, 64-bit words), its result cut to 32 bits.
 * BigInt keeps the 64-bit arithmetic exact; the schedulers call it a few thousand times at most.
 */

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M64;

type State = [bigint, bigint, bigint, bigint];

/** SIPHASH_PERMUTATION (SIPROUND). */
function round(v: State): void {
  v[0] = (v[0] + v[1]) & M64; v[1] = rotl(v[1], 13n); v[1] ^= v[0]; v[0] = rotl(v[0], 32n);
  v[2] = (v[2] + v[3]) & M64; v[3] = rotl(v[3], 16n); v[3] ^= v[2];
  v[0] = (v[0] + v[3]) & M64; v[3] = rotl(v[3], 21n); v[3] ^= v[0];
  v[2] = (v[2] + v[1]) & M64; v[1] = rotl(v[1], 17n); v[1] ^= v[2]; v[2] = rotl(v[2], 32n);
}

/**
 * SipHash-c-d of little-endian bytes with a 128-bit key given as two 64-bit words (the kernel's
 * siphash_key_t), the full 64-bit result. c = 2, d = 4 is the reference SipHash-2-4.
 */
export function siphash(data: Uint8Array, key: readonly [bigint, bigint], c: number, d: number): bigint {
  const v: State = [0x736f6d6570736575n ^ key[0], 0x646f72616e646f6dn ^ key[1], 0x6c7967656e657261n ^ key[0], 0x7465646279746573n ^ key[1]];
  const whole = data.length - (data.length % 8);
  const word = (from: number, to: number) => {
    let m = 0n;
    for (let i = to - 1; i >= from; i--) m = (m << 8n) | BigInt(data[i]!);
    return m;
  };
  const compress = (m: bigint) => {
    v[3] ^= m;
    for (let i = 0; i < c; i++) round(v);
    v[0] ^= m;
  };
  for (let i = 0; i < whole; i += 8) compress(word(i, i + 8));
  compress((BigInt(data.length & 0xff) << 56n) | word(whole, data.length));
  v[2] ^= 0xffn;
  for (let i = 0; i < d; i++) round(v);
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/** hsiphash(&u32, 4, key) on x86-64: the u32's bytes in memory order, SipHash-1-3, the low 32 bits. */
export function hsiphashU32(value: number, key: readonly [bigint, bigint]): number {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
  return Number(siphash(bytes, key, 1, 3) & 0xffffffffn);
}
