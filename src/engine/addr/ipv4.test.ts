import { IPv4, IPv4Prefix, Validator } from 'ip-num';
import { describe, expect, it } from 'vitest';
import { broadcastOf, formatIp4, inPrefix, networkOf, parseIp4, prefixMask } from './ipv4';

describe('IPv4 addresses', () => {
  it('parses and prints dotted quads', () => {
    expect(parseIp4('192.168.1.2')).toBe(0xc0a80102);
    expect(formatIp4(0xc0a80102)).toBe('192.168.1.2');
    expect(parseIp4('256.1.1.1')).toBeUndefined();
    expect(parseIp4('1.2.3')).toBeUndefined();
  });
  it('reads exactly the dotted quads ip-num reads, to the same number', () => {
    const texts = ['0.0.0.0', '255.255.255.255', '01.2.3.4', '1.2.3.09', '1.2.3.256', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4.5', '1..2.3', '1.2.3.-4', '１.2.3.4', '999.0.0.1', '10.0.0.1\n'];
    // And addresses drawn at random, some octets out of range or padded with zeros.
    let seed = 7;
    const draw = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 500; i++) texts.push(Array.from({ length: 4 }, () => (draw(10) === 0 ? '0' : '') + String(draw(300))).join('.'));
    for (const text of texts) {
      const [valid] = Validator.isValidIPv4String(text);
      const expected = valid && /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? Number(IPv4.fromDecimalDottedString(text).getValue()) : undefined;
      expect(parseIp4(text), text).toBe(expected);
    }
  });
  it("makes every prefix length's mask as ip-num does", () => {
    for (let len = 0; len <= 32; len++) expect(prefixMask(len), `/${len}`).toBe(Number(IPv4Prefix.fromNumber(BigInt(len)).toMask().getValue()));
  });
  it('computes masks, networks and broadcasts', () => {
    expect(prefixMask(24)).toBe(0xffffff00);
    expect(prefixMask(0)).toBe(0);
    expect(networkOf(parseIp4('10.1.2.3')!, 8)).toBe(parseIp4('10.0.0.0'));
    expect(broadcastOf(parseIp4('192.168.1.7')!, 24)).toBe(parseIp4('192.168.1.255'));
    expect(inPrefix(parseIp4('10.0.0.50')!, parseIp4('10.0.0.0')!, 24)).toBe(true);
    expect(inPrefix(parseIp4('10.0.1.50')!, parseIp4('10.0.0.0')!, 24)).toBe(false);
  });
});
