/** Bytes that are not a well-formed instance of what the decoder was asked to read. */
export class WireDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireDecodeError';
  }
}

/** Throws a WireDecodeError unless `bytes` holds at least `needed` bytes. */
export function requireLength(bytes: Uint8Array, needed: number, what: string): void {
  if (bytes.length < needed) {
    throw new WireDecodeError(`${what}: need ${needed} bytes, have ${bytes.length}`);
  }
}

/** A DataView over exactly the bytes of `bytes` (which may be a window into a larger buffer). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
