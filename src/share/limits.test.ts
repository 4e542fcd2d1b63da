import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, pushVarint, toBase64url } from './bytes';
import { decode, encode, MAX_INFLATED_BYTES, MAX_LINK_LENGTH } from './codec';
import { DICTIONARY_V1 } from './dictionary';

/*
 * Share links from strangers: a hash too long to be a link, a header that claims a huge
 * scenario, and a decompression bomb (a little deflate that unpacks to gigabytes) are refused
 * quickly, with a sentence saying which limit they broke.
 */

/** A version-1 link whose header says `claimed` bytes of JSON, around `deflated`. */
function link(deflated: Uint8Array, claimed: number, crc = 0): string {
  const header: number[] = [];
  pushVarint(header, deflated.length);
  pushVarint(header, claimed);
  header.push(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
  return `#v1.${toBase64url(new Uint8Array([...header, ...deflated]))}`;
}

/** The refusal; which one (its text) shows how early it came, the time is `npm run bench`'s. */
function failure(hash: string): { reason: string } {
  const r = decode(hash);
  if (r.ok) throw new Error('expected a failure');
  return { reason: r.reason };
}

/** 16 MB of spaces deflates to about 16 kB: a bomb of 1,000× that fits in a link. */
const bomb = deflateSync(new Uint8Array(16 << 20).fill(32), { level: 9, dictionary: DICTIONARY_V1 });

describe('share link limits', () => {
  it(`a hash longer than ${MAX_LINK_LENGTH} characters is refused before it is read`, () => {
    const { reason } = failure(`#v1.${'A'.repeat(50 << 20)}`);
    expect(reason).toBe(`This link is too long: it has ${((50 << 20) + 4).toLocaleString('en-US')} characters, and a Hairpin share link has at most ${MAX_LINK_LENGTH.toLocaleString('en-US')}. Share a scenario this large as a file (Export).`);
  });

  it('a header that claims more than the inflated limit is refused without inflating', () => {
    const { reason } = failure(link(new Uint8Array(10), MAX_INFLATED_BYTES + 1));
    expect(reason).toBe('This link says its scenario is 4,194,305 bytes, more than the 4,194,304 a share link may hold, so it was not made by Hairpin. Share a scenario this large as a file (Export).');
    expect(failure(link(new Uint8Array(10), 200 << 20)).reason).toMatch(/^This link says its scenario is 209,715,200 bytes, more than the 4,194,304 /);
  });

  it('a typed command longer than a line, or of several lines, is refused', () => {
    const doc = { hairpin: 1, title: 't', devices: { h: { kind: 'host', ports: { eth0: null } } } };
    for (const command of ['x'.repeat(5000), 'true\nrm -rf /']) {
      const hash = encode({ doc: doc as never, flow: 0, custom: { on: 'h', command } });
      expect(failure(hash).reason).toBe('This link is malformed: its command is not one line of at most 4096 characters.');
    }
  });

  it('a decompression bomb stops unpacking just past what its header claims', () => {
    expect(bomb.length).toBeLessThan(20_000);
    const hash = link(bomb, 1000);
    expect(hash.length).toBeLessThan(MAX_LINK_LENGTH);
    const { reason } = failure(hash);
    expect(reason).toBe('This link is damaged or hostile: it unpacks to more than the 1,000 bytes it says it holds (a “decompression bomb”), so it was not opened. Ask for the link again.');
  });

  it('a bomb that claims the most a link may hold is stopped too', () => {
    const { reason } = failure(link(bomb, MAX_INFLATED_BYTES, crc32(new Uint8Array(MAX_INFLATED_BYTES).fill(32))));
    expect(reason).toMatch(/^This link is damaged or hostile: it unpacks to more than the 4,194,304 bytes/);
  });
});
