/*
 * The byte-level pieces of a share link: base64url (the only alphabet that survives URLs,
 * chat apps and e-mail without escaping), LEB128 varints for the header's lengths, and CRC-32
 * so a changed character is told apart from a cut-off link. Pure: no DOM, no Node.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** Base64url without padding: 4 characters per 3 bytes, the last group shortened. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** The number of base64url characters that hold `bytes` bytes. */
export function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 8) / 6);
}

/** Whether every character is in the base64url alphabet. */
export function isBase64url(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || VALUE[code]! < 0) return false;
  }
  return true;
}

/**
 * Decodes base64url (checked with isBase64url first). Leftover bits of a cut-off last group
 * are dropped rather than refused, so a truncated link reaches the length check, which can
 * say how much is missing.
 */
export function fromBase64url(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    value = ((value << 6) | VALUE[text.charCodeAt(i)]!) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Appends an unsigned LEB128 varint (7 bits per byte, high bit = more follows). */
export function pushVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** Reads a varint of at most 4 bytes (< 2^28); `undefined` when the bytes run out first, NaN when it is longer. */
export function readVarint(bytes: Uint8Array, at: { offset: number }): number | undefined {
  let n = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    const b = bytes[at.offset];
    if (b === undefined) return undefined;
    at.offset++;
    n += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return n;
  }
  return NaN;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the zlib/PNG polynomial) as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
