import { describe, expect, it } from 'vitest';
import { formatIp6, maskToLength6, networkOf6, parseIp6 } from './ipv6';

describe('IPv6 text forms (inet_pton, glibc inet_ntop)', () => {
  it('inet_pton reads groups, one ::, a dotted tail, any case; refuses the rest', () => {
    expect(parseIp6('2001:DB8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIp6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIp6('::ffff:10.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]);
    expect(parseIp6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const bad of ['10.0.0.1', '1::2::3', '12345::', 'fe80::x', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '']) expect(parseIp6(bad)).toBeUndefined();
  });

  it('inet_ntop compresses the longest run of two or more zero groups, the first of equals', () => {
    const round = (t: string) => formatIp6(parseIp6(t)!);
    expect(round('2001:0db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(round('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(round('::')).toBe('::');
    expect(round('::1')).toBe('::1');
    expect(round('fe80::')).toBe('fe80::');
    expect(round('::ffff:1.2.3.4')).toBe('::ffff:1.2.3.4');
    expect(round('FD00::2')).toBe('fd00::2');
  });

  it('masks and prefix lengths', () => {
    expect(formatIp6(networkOf6(parseIp6('2001:db8:ffff::1')!, 36))).toBe('2001:db8:f000::');
    expect(maskToLength6(parseIp6('ffff:ffff::')!)).toBe(32);
    expect(maskToLength6(parseIp6('ffff:0:ffff::')!)).toBeUndefined();
  });
});
