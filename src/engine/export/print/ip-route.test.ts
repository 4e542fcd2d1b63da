import { describe, expect, it } from 'vitest';
import { lines, runOn } from './fixture';

// Real output captured in the printer lab (fixture.ts) with iproute2 6.1 / iptables 1.8.9 (nf_tables).
describe('ip route show', () => {
  it('r: ip route', () => {
    expect(runOn('r', 'ip route')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 ',
        '8.8.4.4 via 10.0.0.77 dev eth1 onlink ',
        '10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.1 ',
        '10.0.5.0/24 dev eth2 proto kernel scope link src 10.0.5.1 linkdown ',
        'blackhole 10.9.0.0/16 ',
        'unreachable 10.10.0.0/16 ',
        'prohibit 10.11.0.0/16 ',
        '10.12.0.0/16 dev eth1 scope link src 10.0.0.1 ',
        '10.13.0.0/16 via 10.0.0.5 dev eth1 proto static ',
        '10.14.0.0/16 dev eth2 scope link linkdown ',
        '172.16.0.0/16 via 10.0.0.254 dev eth1 metric 50 ',
        '172.16.0.0/16 via 192.168.1.254 dev eth0 metric 100 ',
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table all', () => {
    expect(runOn('r', 'ip route show table all')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 table 300 ',
        'default via 10.0.0.254 dev eth1 table isp1 ',
        '192.168.1.0/24 dev eth0 table isp1 scope link ',
        'throw 10.0.0.0/8 table isp2 ',
        'default via 192.168.1.1 dev eth0 ',
        '8.8.4.4 via 10.0.0.77 dev eth1 onlink ',
        '10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.1 ',
        '10.0.5.0/24 dev eth2 proto kernel scope link src 10.0.5.1 linkdown ',
        'blackhole 10.9.0.0/16 ',
        'unreachable 10.10.0.0/16 ',
        'prohibit 10.11.0.0/16 ',
        '10.12.0.0/16 dev eth1 scope link src 10.0.0.1 ',
        '10.13.0.0/16 via 10.0.0.5 dev eth1 proto static ',
        '10.14.0.0/16 dev eth2 scope link linkdown ',
        '172.16.0.0/16 via 10.0.0.254 dev eth1 metric 50 ',
        '172.16.0.0/16 via 192.168.1.254 dev eth0 metric 100 ',
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.2 ',
        'local 10.0.0.1 dev eth1 table local proto kernel scope host src 10.0.0.1 ',
        'broadcast 10.0.0.255 dev eth1 table local proto kernel scope link src 10.0.0.1 ',
        'local 10.0.5.1 dev eth2 table local proto kernel scope host src 10.0.5.1 ',
        'broadcast 10.0.5.255 dev eth2 table local proto kernel scope link src 10.0.5.1 linkdown ',
        'local 10.20.0.0/16 dev lo table local scope host ',
        'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
        'local 185.12.64.1 dev lo table local proto kernel scope host src 185.12.64.1 ',
        'local 192.168.1.2 dev eth0 table local proto kernel scope host src 192.168.1.2 ',
        'local 192.168.1.9 dev eth0 table local proto kernel scope host src 192.168.1.2 ',
        'broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table local', () => {
    expect(runOn('r', 'ip route show table local')).toEqual({
      stdout: lines(
        'local 10.0.0.1 dev eth1 proto kernel scope host src 10.0.0.1 ',
        'broadcast 10.0.0.255 dev eth1 proto kernel scope link src 10.0.0.1 ',
        'local 10.0.5.1 dev eth2 proto kernel scope host src 10.0.5.1 ',
        'broadcast 10.0.5.255 dev eth2 proto kernel scope link src 10.0.5.1 linkdown ',
        'local 10.20.0.0/16 dev lo scope host ',
        'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 ',
        'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 ',
        'local 185.12.64.1 dev lo proto kernel scope host src 185.12.64.1 ',
        'local 192.168.1.2 dev eth0 proto kernel scope host src 192.168.1.2 ',
        'local 192.168.1.9 dev eth0 proto kernel scope host src 192.168.1.2 ',
        'broadcast 192.168.1.255 dev eth0 proto kernel scope link src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table isp1', () => {
    expect(runOn('r', 'ip route show table isp1')).toEqual({
      stdout: lines(
        'default via 10.0.0.254 dev eth1 ',
        '192.168.1.0/24 dev eth0 scope link ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table 300', () => {
    expect(runOn('r', 'ip route show table 300')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table main', () => {
    expect(runOn('r', 'ip route show table main')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 ',
        '8.8.4.4 via 10.0.0.77 dev eth1 onlink ',
        '10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.1 ',
        '10.0.5.0/24 dev eth2 proto kernel scope link src 10.0.5.1 linkdown ',
        'blackhole 10.9.0.0/16 ',
        'unreachable 10.10.0.0/16 ',
        'prohibit 10.11.0.0/16 ',
        '10.12.0.0/16 dev eth1 scope link src 10.0.0.1 ',
        '10.13.0.0/16 via 10.0.0.5 dev eth1 proto static ',
        '10.14.0.0/16 dev eth2 scope link linkdown ',
        '172.16.0.0/16 via 10.0.0.254 dev eth1 metric 50 ',
        '172.16.0.0/16 via 192.168.1.254 dev eth0 metric 100 ',
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('a: ip route show table all', () => {
    expect(runOn('a', 'ip route show table all')).toEqual({
      stdout: lines(
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.1 ',
        'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
        'local 192.168.1.1 dev eth0 table local proto kernel scope host src 192.168.1.1 ',
        'local 192.168.1.254 dev eth0 table local proto kernel scope host src 192.168.1.1 ',
        'broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('a: ip route', () => {
    expect(runOn('a', 'ip route')).toEqual({
      stdout: lines(
        '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show dev eth1', () => {
    expect(runOn('r', 'ip route show dev eth1')).toEqual({
      stdout: lines(
        '8.8.4.4 via 10.0.0.77 onlink ',
        '10.0.0.0/24 proto kernel scope link src 10.0.0.1 ',
        '10.12.0.0/16 scope link src 10.0.0.1 ',
        '10.13.0.0/16 via 10.0.0.5 proto static ',
        '172.16.0.0/16 via 10.0.0.254 metric 50 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show proto kernel', () => {
    expect(runOn('r', 'ip route show proto kernel')).toEqual({
      stdout: lines(
        '10.0.0.0/24 dev eth1 scope link src 10.0.0.1 ',
        '10.0.5.0/24 dev eth2 scope link src 10.0.5.1 linkdown ',
        '192.168.1.0/24 dev eth0 scope link src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show proto static', () => {
    expect(runOn('r', 'ip route show proto static')).toEqual({
      stdout: lines(
        '10.13.0.0/16 via 10.0.0.5 dev eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show scope link', () => {
    expect(runOn('r', 'ip route show scope link')).toEqual({
      stdout: lines(
        '10.0.0.0/24 dev eth1 proto kernel src 10.0.0.1 ',
        '10.0.5.0/24 dev eth2 proto kernel src 10.0.5.1 linkdown ',
        '10.12.0.0/16 dev eth1 src 10.0.0.1 ',
        '10.14.0.0/16 dev eth2 linkdown ',
        '192.168.1.0/24 dev eth0 proto kernel src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show type blackhole', () => {
    expect(runOn('r', 'ip route show type blackhole')).toEqual({
      stdout: lines(
        'blackhole 10.9.0.0/16 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table local type local', () => {
    expect(runOn('r', 'ip route show table local type local')).toEqual({
      stdout: lines(
        'local 10.0.0.1 dev eth1 proto kernel scope host src 10.0.0.1 ',
        'local 10.0.5.1 dev eth2 proto kernel scope host src 10.0.5.1 ',
        'local 10.20.0.0/16 dev lo scope host ',
        'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 ',
        'local 185.12.64.1 dev lo proto kernel scope host src 185.12.64.1 ',
        'local 192.168.1.2 dev eth0 proto kernel scope host src 192.168.1.2 ',
        'local 192.168.1.9 dev eth0 proto kernel scope host src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show via 10.0.0.254', () => {
    expect(runOn('r', 'ip route show via 10.0.0.254')).toEqual({
      stdout: lines(
        '172.16.0.0/16 dev eth1 metric 50 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show src 10.0.0.1', () => {
    expect(runOn('r', 'ip route show src 10.0.0.1')).toEqual({
      stdout: lines(
        '10.0.0.0/24 dev eth1 proto kernel scope link ',
        '10.12.0.0/16 dev eth1 scope link ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show root 10.0.0.0/8', () => {
    expect(runOn('r', 'ip route show root 10.0.0.0/8')).toEqual({
      stdout: lines(
        '10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.1 ',
        '10.0.5.0/24 dev eth2 proto kernel scope link src 10.0.5.1 linkdown ',
        'blackhole 10.9.0.0/16 ',
        'unreachable 10.10.0.0/16 ',
        'prohibit 10.11.0.0/16 ',
        '10.12.0.0/16 dev eth1 scope link src 10.0.0.1 ',
        '10.13.0.0/16 via 10.0.0.5 dev eth1 proto static ',
        '10.14.0.0/16 dev eth2 scope link linkdown ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show match 10.12.1.1', () => {
    expect(runOn('r', 'ip route show match 10.12.1.1')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 ',
        '10.12.0.0/16 dev eth1 scope link src 10.0.0.1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show exact 172.16.0.0/16', () => {
    expect(runOn('r', 'ip route show exact 172.16.0.0/16')).toEqual({
      stdout: lines(
        '172.16.0.0/16 via 10.0.0.254 dev eth1 metric 50 ',
        '172.16.0.0/16 via 192.168.1.254 dev eth0 metric 100 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table all dev eth0', () => {
    expect(runOn('r', 'ip route show table all dev eth0')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 table 300 ',
        '192.168.1.0/24 table isp1 scope link ',
        'default via 192.168.1.1 ',
        '172.16.0.0/16 via 192.168.1.254 metric 100 ',
        '192.168.1.0/24 proto kernel scope link src 192.168.1.2 ',
        'local 192.168.1.2 table local proto kernel scope host src 192.168.1.2 ',
        'local 192.168.1.9 table local proto kernel scope host src 192.168.1.2 ',
        'broadcast 192.168.1.255 table local proto kernel scope link src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table all type throw', () => {
    expect(runOn('r', 'ip route show table all type throw')).toEqual({
      stdout: lines(
        'throw 10.0.0.0/8 table isp2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show table cache', () => {
    expect(runOn('r', 'ip route show table cache')).toEqual({
      stdout: '',
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route show dev eth7', () => {
    expect(runOn('r', 'ip route show dev eth7')).toEqual({
      stdout: '',
      stderr: lines(
        'Cannot find device "eth7"',
      ),
      exit: 1,
    });
  });

  it('r: ip route show table nope', () => {
    expect(runOn('r', 'ip route show table nope')).toEqual({
      stdout: '',
      stderr: lines(
        'Error: argument "nope" is wrong: table id value is invalid',
        '',
      ),
      exit: 255,
    });
  });

  it('r: ip route show table 253', () => {
    expect(runOn('r', 'ip route show table 253')).toEqual({
      stdout: '',
      stderr: lines(
        'Error: ipv4: FIB table does not exist.',
        'Dump terminated',
      ),
      exit: 2,
    });
  });

});
