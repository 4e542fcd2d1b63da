import { describe, expect, it } from 'vitest';
import { broadcastOf, formatIp4, inPrefix, networkOf, parseIp4, prefixMask } from './ipv4';

describe('IPv4 addresses', () => {
  it('parses and prints dotted quads', () => {
    expect(parseIp4('192.168.1.2')).toBe(0xc0a80102);
    expect(formatIp4(0xc0a80102)).toBe('192.168.1.2');
    expect(parseIp4('256.1.1.1')).toBeUndefined();
    expect(parseIp4('1.2.3')).toBeUndefined();
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
