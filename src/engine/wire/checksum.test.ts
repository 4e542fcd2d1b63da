import { describe, expect, it } from 'vitest';
import { internetChecksum, isPartialChecksum, pseudoHeaderSum, sumWords } from './checksum';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));

describe('Internet checksum', () => {
  it('sums 16-bit words with end-around carry (RFC 1071 section 3 example)', () => {
    expect(sumWords(hex('0001f203f4f5f6f7'))).toBe(0xddf2);
    expect(internetChecksum(hex('0001f203f4f5f6f7'))).toBe(0x220d);
  });

  it('pads an odd last byte with zero', () => {
    expect(sumWords(hex('01'))).toBe(0x0100);
    expect(internetChecksum(hex('0102030405'))).toBe(internetChecksum(hex('010203040500')));
  });

  it('gives the known checksum of a real IPv4 header (b861)', () => {
    // 192.168.0.1 -> 192.168.0.199, UDP, total length 115, with its checksum field zeroed.
    expect(internetChecksum(hex('450000730000400040110000c0a80001c0a800c7'))).toBe(0xb861);
  });

  it('verifies to zero over data that includes its own checksum', () => {
    expect(internetChecksum(hex('45000073000040004011b861c0a80001c0a800c7'))).toBe(0);
  });

  it("equals Linux's partial TCP checksum for the pseudo-header (SYN 10.99.0.1 > 10.99.0.2, 40 bytes: 0x14f7)", () => {
    const sum = pseudoHeaderSum(0x0a630001, 0x0a630002, 6, 40);
    expect(sum).toBe(0x14f7);
    expect(isPartialChecksum(0x14f7, sum)).toBe(true);
  });
});
