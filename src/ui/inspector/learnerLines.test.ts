import { describe, expect, it } from 'vitest';
import { addressLine, defaultRouteLine, forwardsPackets, masqueradeLine, portForwardLine } from './learnerLines';

const ports = ['eth0', 'eth1', 'lo'];

describe('addressLine', () => {
  it('writes ip addr add', () => {
    expect(addressLine(' 192.168.1.5/24 ', 'eth0', ports)).toEqual({ ok: true, line: 'ip addr add 192.168.1.5/24 dev eth0' });
  });
  it('asks for the prefix length instead of silently taking /32', () => {
    expect(addressLine('192.168.1.5', 'eth0', ports)).toMatchObject({ ok: false, field: 'address', error: expect.stringContaining('192.168.1.5/24') });
  });
  it('refuses what is not an address, a prefix or a port', () => {
    expect(addressLine('192.168.1.256/24', 'eth0', ports)).toMatchObject({ ok: false, field: 'address' });
    expect(addressLine('192.168.1.5/33', 'eth0', ports)).toMatchObject({ ok: false, field: 'address' });
    expect(addressLine('', 'eth0', ports)).toMatchObject({ ok: false, field: 'address' });
    expect(addressLine('224.0.0.1/4', 'eth0', ports)).toMatchObject({ ok: false, field: 'address' });
    expect(addressLine('10.0.0.1/8', 'eth9', ports)).toMatchObject({ ok: false, field: 'port', error: 'this device has no port eth9' });
    expect(addressLine('10.0.0.1/8', '', ports)).toMatchObject({ ok: false, field: 'port' });
  });
  it('writes a network address but notes it', () => {
    expect(addressLine('10.0.0.0/24', 'eth1', ports)).toMatchObject({ ok: true, line: 'ip addr add 10.0.0.0/24 dev eth1', note: expect.stringContaining('network address') });
  });
});

describe('defaultRouteLine', () => {
  it('writes ip route add default via, with dev when chosen', () => {
    expect(defaultRouteLine('192.168.1.1', '', ports)).toEqual({ ok: true, line: 'ip route add default via 192.168.1.1' });
    expect(defaultRouteLine('172.31.1.1', 'eth0', ports)).toEqual({ ok: true, line: 'ip route add default via 172.31.1.1 dev eth0' });
  });
  it('refuses a gateway that is not a unicast address', () => {
    expect(defaultRouteLine('192.168.1', '', ports)).toMatchObject({ ok: false, field: 'gateway' });
    expect(defaultRouteLine('0.0.0.0', '', ports)).toMatchObject({ ok: false, field: 'gateway' });
    expect(defaultRouteLine('255.255.255.255', '', ports)).toMatchObject({ ok: false, field: 'gateway' });
    expect(defaultRouteLine('', '', ports)).toMatchObject({ ok: false, field: 'gateway' });
  });
});

describe('masqueradeLine', () => {
  it('writes the nat POSTROUTING rule for the out port', () => {
    expect(masqueradeLine('eth0', ports)).toEqual({ ok: true, line: 'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE' });
    expect(masqueradeLine('wan', ports)).toMatchObject({ ok: false, field: 'port' });
  });
});

describe('portForwardLine', () => {
  it('writes the DNAT rule', () => {
    expect(portForwardLine('eth0', 'tcp', '8080', '192.168.1.2:80', ports)).toEqual({
      ok: true,
      line: 'iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80',
    });
    expect(portForwardLine('eth0', 'udp', '53', '192.168.1.2', ports)).toMatchObject({ ok: true, line: expect.stringContaining('-p udp --dport 53 -j DNAT --to-destination 192.168.1.2') });
  });
  it('says which input is wrong', () => {
    expect(portForwardLine('eth0', 'tcp', '70000', '192.168.1.2:80', ports)).toMatchObject({ ok: false, field: 'public' });
    expect(portForwardLine('eth0', 'tcp', '', '192.168.1.2:80', ports)).toMatchObject({ ok: false, field: 'public' });
    expect(portForwardLine('eth0', 'tcp', '8080', '192.168.1.2:0', ports)).toMatchObject({ ok: false, field: 'target' });
    expect(portForwardLine('eth0', 'tcp', '8080', 'web:80', ports)).toMatchObject({ ok: false, field: 'target' });
    expect(portForwardLine('eth0', 'tcp', '8080', '', ports)).toMatchObject({ ok: false, field: 'target' });
    expect(portForwardLine('eth0', 'icmp', '8080', '10.0.0.1', ports)).toMatchObject({ ok: false, field: 'protocol' });
    expect(portForwardLine('', 'tcp', '8080', '10.0.0.1', ports)).toMatchObject({ ok: false, field: 'port' });
  });
});

describe('forwardsPackets', () => {
  it('follows the last write of ip_forward', () => {
    expect(forwardsPackets([])).toBe(false);
    expect(forwardsPackets(['sysctl -w net.ipv4.ip_forward=1'])).toBe(true);
    expect(forwardsPackets(['echo 1 > /proc/sys/net/ipv4/ip_forward'])).toBe(true);
    expect(forwardsPackets(['sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.ip_forward=0'])).toBe(false);
    expect(forwardsPackets(['# sysctl -w net.ipv4.ip_forward=1'])).toBe(false);
  });
});
