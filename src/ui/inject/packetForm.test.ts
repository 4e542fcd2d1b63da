import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../../engine/addr/ipv4';
import { TCP_SYN } from '../../engine/wire/types';
import { checkForm, FROM_LOCAL, initialForm } from './packetForm';

describe('the Send a packet form', () => {
  const ports = ['eth0'];
  const form = initialForm(ports, { eth0: ['91.99.148.215/32'] });

  it('starts as a TCP SYN from outside to the port’s first address, port 22', () => {
    expect(checkForm('vps', ports, form)).toEqual({
      spec: { device: 'vps', inPort: 'eth0', proto: 'tcp', src: parseIp4('203.0.113.5'), sport: 55234, dst: parseIp4('91.99.148.215'), dport: 22, flags: TCP_SYN },
    });
  });

  it('names the field that is not an address or not a port (1-65535)', () => {
    expect(checkForm('vps', ports, { ...form, src: '203.0.113', dport: '70000' })).toEqual({
      errors: { src: '"203.0.113" is not an IPv4 address (four numbers 0-255, like 203.0.113.5)', dport: '"70000" is not a port (a number 1-65535)' },
    });
  });

  it('a packet from outside needs its source; a local process’s packet gets routing’s, and may carry a mark', () => {
    expect(checkForm('vps', ports, { ...form, src: '' })).toEqual({ errors: { src: 'a packet from outside needs its source address' } });
    const local = checkForm('vps', ports, { ...form, start: FROM_LOCAL, src: '', mark: '0x2' });
    expect(local).toEqual({ spec: { device: 'vps', fromLocal: true, proto: 'tcp', sport: 55234, dst: parseIp4('91.99.148.215'), dport: 22, flags: TCP_SYN, mark: 2 } });
  });

  it('ICMP echo has no ports', () => {
    expect(checkForm('vps', ports, { ...form, proto: 'icmp', sport: 'x', dport: '' })).toEqual({ spec: { device: 'vps', inPort: 'eth0', proto: 'icmp', src: parseIp4('203.0.113.5'), dst: parseIp4('91.99.148.215') } });
  });
});
