import { describe, expect, it } from 'vitest';
import { lines, runOn } from './fixture';

// Real output captured in the printer lab (fixture.ts) with iproute2 6.1 / iptables 1.8.9 (nf_tables).
describe('ip route get', () => {
  it('r: ip route get 192.168.1.1', () => {
    expect(runOn('r', 'ip route get 192.168.1.1')).toEqual({
      stdout: lines(
        '192.168.1.1 dev eth0 src 192.168.1.2 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8', () => {
    expect(runOn('r', 'ip route get 8.8.8.8')).toEqual({
      stdout: lines(
        '8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.4.4', () => {
    expect(runOn('r', 'ip route get 8.8.4.4')).toEqual({
      stdout: lines(
        '8.8.4.4 via 10.0.0.77 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 172.16.1.1', () => {
    expect(runOn('r', 'ip route get 172.16.1.1')).toEqual({
      stdout: lines(
        '172.16.1.1 via 10.0.0.254 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.9.1.1', () => {
    expect(runOn('r', 'ip route get 10.9.1.1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 10.10.1.1', () => {
    expect(runOn('r', 'ip route get 10.10.1.1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: No route to host',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 10.11.1.1', () => {
    expect(runOn('r', 'ip route get 10.11.1.1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Permission denied',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 10.12.1.1', () => {
    expect(runOn('r', 'ip route get 10.12.1.1')).toEqual({
      stdout: lines(
        '10.12.1.1 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.13.1.1', () => {
    expect(runOn('r', 'ip route get 10.13.1.1')).toEqual({
      stdout: lines(
        '10.13.1.1 via 10.0.0.5 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.14.1.1', () => {
    expect(runOn('r', 'ip route get 10.14.1.1')).toEqual({
      stdout: lines(
        '10.14.1.1 dev eth2 src 10.0.5.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.5.9', () => {
    expect(runOn('r', 'ip route get 10.0.5.9')).toEqual({
      stdout: lines(
        '10.0.5.9 dev eth2 src 10.0.5.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.9', () => {
    expect(runOn('r', 'ip route get 192.168.1.9')).toEqual({
      stdout: lines(
        'local 192.168.1.9 dev lo table local src 192.168.1.2 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.2', () => {
    expect(runOn('r', 'ip route get 192.168.1.2')).toEqual({
      stdout: lines(
        'local 192.168.1.2 dev lo table local src 192.168.1.2 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 127.0.0.1', () => {
    expect(runOn('r', 'ip route get 127.0.0.1')).toEqual({
      stdout: lines(
        'local 127.0.0.1 dev lo table local src 127.0.0.1 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 127.1.2.3', () => {
    expect(runOn('r', 'ip route get 127.1.2.3')).toEqual({
      stdout: lines(
        'local 127.1.2.3 dev lo table local src 127.0.0.1 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 185.12.64.1', () => {
    expect(runOn('r', 'ip route get 185.12.64.1')).toEqual({
      stdout: lines(
        'local 185.12.64.1 dev lo table local src 185.12.64.1 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.20.1.1', () => {
    expect(runOn('r', 'ip route get 10.20.1.1')).toEqual({
      stdout: lines(
        'local 10.20.1.1 dev lo table local src 10.20.1.1 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.255', () => {
    expect(runOn('r', 'ip route get 10.0.0.255')).toEqual({
      stdout: lines(
        'broadcast 10.0.0.255 dev eth1 table local src 10.0.0.1 uid 0 ',
        '    cache <local,brd> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.255', () => {
    expect(runOn('r', 'ip route get 192.168.1.255')).toEqual({
      stdout: lines(
        'broadcast 192.168.1.255 dev eth0 table local src 192.168.1.2 uid 0 ',
        '    cache <local,brd> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 255.255.255.255', () => {
    expect(runOn('r', 'ip route get 255.255.255.255')).toEqual({
      stdout: lines(
        'broadcast 255.255.255.255 dev eth0 src 192.168.1.2 uid 0 ',
        '    cache <local,brd> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 mark 1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 mark 1')).toEqual({
      stdout: lines(
        '8.8.8.8 via 10.0.0.254 dev eth1 table isp1 src 10.0.0.1 mark 1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 mark 2', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 mark 2')).toEqual({
      stdout: lines(
        '8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 mark 2 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 mark 0x102', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 mark 0x102')).toEqual({
      stdout: lines(
        '8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 mark 0x102 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 192.168.1.2', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 192.168.1.2')).toEqual({
      stdout: lines(
        '8.8.8.8 from 192.168.1.2 via 10.0.0.254 dev eth1 table isp1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 192.168.1.9', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 192.168.1.9')).toEqual({
      stdout: lines(
        '8.8.8.8 from 192.168.1.9 via 10.0.0.254 dev eth1 table isp1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 10.0.0.1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 10.0.0.1')).toEqual({
      stdout: lines(
        '8.8.8.8 from 10.0.0.1 via 192.168.1.1 dev eth0 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 1.2.3.4', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 1.2.3.4')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Network is unreachable',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 192.168.1.1 from 192.168.1.77', () => {
    expect(runOn('r', 'ip route get 192.168.1.1 from 192.168.1.77')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Network is unreachable',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 8.8.8.8 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 10.0.0.254 iif eth1')).toEqual({
      stdout: lines(
        '8.8.8.8 from 10.0.0.254 via 192.168.1.1 dev eth0 ',
        '    cache iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.50.1.1 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.50.1.1 from 10.0.0.254 iif eth1')).toEqual({
      stdout: lines(
        '10.50.1.1 from 10.0.0.254 via 192.168.1.1 dev eth0 table 300 ',
        '    cache iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.2 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 192.168.1.2 from 10.0.0.254 iif eth1')).toEqual({
      stdout: lines(
        'local 192.168.1.2 from 10.0.0.254 dev lo table local ',
        '    cache <local> iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.1 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.0.0.1 from 10.0.0.254 iif eth1')).toEqual({
      stdout: lines(
        'local 10.0.0.1 from 10.0.0.254 dev lo table local ',
        '    cache <local> iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 192.168.1.1 iif eth0', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 192.168.1.1 iif eth0')).toEqual({
      stdout: lines(
        '8.8.8.8 from 192.168.1.1 via 10.0.0.254 dev eth1 table isp1 ',
        '    cache iif eth0 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.10.1.1 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.10.1.1 from 10.0.0.254 iif eth1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: No route to host',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 10.9.1.1 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.9.1.1 from 10.0.0.254 iif eth1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 10.11.1.1 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.11.1.1 from 10.0.0.254 iif eth1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Permission denied',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 8.8.8.8 oif eth1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 oif eth1')).toEqual({
      stdout: lines(
        '8.8.8.8 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.254 oif eth0', () => {
    expect(runOn('r', 'ip route get 10.0.0.254 oif eth0')).toEqual({
      stdout: lines(
        '10.0.0.254 via 192.168.1.1 dev eth0 src 192.168.1.2 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.1 oif eth1', () => {
    expect(runOn('r', 'ip route get 192.168.1.1 oif eth1')).toEqual({
      stdout: lines(
        '192.168.1.1 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.7/24', () => {
    expect(runOn('r', 'ip route get 10.0.0.7/24')).toEqual({
      stdout: lines(
        '10.0.0.7 dev eth1 src 10.0.0.1 uid 0 ',
        '    cache ',
      ),
      stderr: lines(
        'Warning: /24 as prefix is invalid, only /32 (or none) is supported.',
      ),
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.7 from 192.168.1.2 oif eth1', () => {
    expect(runOn('r', 'ip route get 10.0.0.7 from 192.168.1.2 oif eth1')).toEqual({
      stdout: lines(
        '10.0.0.7 from 192.168.1.2 via 10.0.0.254 dev eth1 table isp1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.1 from 192.168.1.2', () => {
    expect(runOn('r', 'ip route get 10.0.0.1 from 192.168.1.2')).toEqual({
      stdout: lines(
        'local 10.0.0.1 from 192.168.1.2 dev lo table local uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.2 from 10.0.0.1', () => {
    expect(runOn('r', 'ip route get 192.168.1.2 from 10.0.0.1')).toEqual({
      stdout: lines(
        'local 192.168.1.2 from 10.0.0.1 dev lo table local uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 10.0.0.254 iif eth1 mark 1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 10.0.0.254 iif eth1 mark 1')).toEqual({
      stdout: lines(
        '8.8.8.8 from 10.0.0.254 via 10.0.0.254 dev eth1 table isp1 mark 1 ',
        '    cache <redirect> iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.255 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.0.0.255 from 10.0.0.254 iif eth1')).toEqual({
      stdout: lines(
        'broadcast 10.0.0.255 from 10.0.0.254 dev lo table local ',
        '    cache <local,brd> iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 127.0.0.1 iif eth1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 127.0.0.1 iif eth1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 8.8.8.8 from 192.168.1.2 iif eth0', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 192.168.1.2 iif eth0')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 8.8.8.8 from 10.0.0.254 iif eth2', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 10.0.0.254 iif eth2')).toEqual({
      stdout: lines(
        '8.8.8.8 from 10.0.0.254 via 192.168.1.1 dev eth0 ',
        '    cache iif eth2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.0.0.254 from 10.0.0.254 iif eth1', () => {
    expect(runOn('r', 'ip route get 10.0.0.254 from 10.0.0.254 iif eth1')).toEqual({
      stdout: lines(
        '10.0.0.254 from 10.0.0.254 dev eth1 ',
        '    cache <redirect> iif eth1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 iif eth1', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 iif eth1')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 0.0.0.0', () => {
    expect(runOn('r', 'ip route get 0.0.0.0')).toEqual({
      stdout: lines(
        'local 0.0.0.0 dev lo src 127.0.0.1 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 0.0.0.0', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 0.0.0.0')).toEqual({
      stdout: lines(
        '8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 192.168.1.77 from 192.168.1.2 iif eth0', () => {
    expect(runOn('r', 'ip route get 192.168.1.77 from 192.168.1.2 iif eth0')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('a: ip route get 8.8.8.8 from 192.168.1.2 iif eth0', () => {
    expect(runOn('a', 'ip route get 8.8.8.8 from 192.168.1.2 iif eth0')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: No route to host',
      ),
      exit: 2,
    });
  });

  it('a: ip route get 192.168.1.254 from 192.168.1.2 iif eth0', () => {
    expect(runOn('a', 'ip route get 192.168.1.254 from 192.168.1.2 iif eth0')).toEqual({
      stdout: lines(
        'local 192.168.1.254 from 192.168.1.2 dev lo ',
        '    cache <local> iif eth0 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('a: ip route get 8.8.8.8', () => {
    expect(runOn('a', 'ip route get 8.8.8.8')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Network is unreachable',
      ),
      exit: 2,
    });
  });

  it('a: ip route get 192.168.1.254', () => {
    expect(runOn('a', 'ip route get 192.168.1.254')).toEqual({
      stdout: lines(
        'local 192.168.1.254 dev lo src 192.168.1.1 uid 0 ',
        '    cache <local> ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('a: ip route get 192.168.1.2', () => {
    expect(runOn('a', 'ip route get 192.168.1.2')).toEqual({
      stdout: lines(
        '192.168.1.2 dev eth0 src 192.168.1.1 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 uid 1000', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 uid 1000')).toEqual({
      stdout: lines(
        '8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 uid 1000 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 fibmatch', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 fibmatch')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 10.9.1.1 fibmatch', () => {
    expect(runOn('r', 'ip route get 10.9.1.1 fibmatch')).toEqual({
      stdout: '',
      stderr: lines(
        'RTNETLINK answers: Invalid argument',
      ),
      exit: 2,
    });
  });

  it('r: ip route get 192.168.1.9 fibmatch', () => {
    expect(runOn('r', 'ip route get 192.168.1.9 fibmatch')).toEqual({
      stdout: lines(
        'local 192.168.1.9 dev eth0 table local proto kernel scope host src 192.168.1.2 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 mark 1 fibmatch', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 mark 1 fibmatch')).toEqual({
      stdout: lines(
        'default via 10.0.0.254 dev eth1 table isp1 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 10.0.0.254 iif eth1 fibmatch', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 10.0.0.254 iif eth1 fibmatch')).toEqual({
      stdout: lines(
        'default via 192.168.1.1 dev eth0 ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 from 192.168.1.2 oif eth0', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 from 192.168.1.2 oif eth0')).toEqual({
      stdout: lines(
        '8.8.8.8 from 192.168.1.2 via 192.168.1.1 dev eth0 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: ip route get 8.8.8.8 ipproto tcp dport 80 sport 1234', () => {
    expect(runOn('r', 'ip route get 8.8.8.8 ipproto tcp dport 80 sport 1234')).toEqual({
      stdout: lines(
        '8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 uid 0 ',
        '    cache ',
      ),
      stderr: '',
      exit: 0,
    });
  });


  // Corner cases of the kernel's output route lookup.
  // fib_table_lookup skips every route whose nexthop is not the flow's oif, local ones included.
  it('r: ip route get 192.168.1.2 oif eth1', () => {
    expect(runOn('r', 'ip route get 192.168.1.2 oif eth1')).toEqual({ stdout: lines('192.168.1.2 dev eth1 src 10.0.0.1 uid 0 ', '    cache '), stderr: '', exit: 0 });
  });
  // The limited broadcast with an oif is a broadcast route on that device.
  it('r: ip route get 255.255.255.255 oif eth1', () => {
    expect(runOn('r', 'ip route get 255.255.255.255 oif eth1')).toEqual({ stdout: lines('broadcast 255.255.255.255 dev eth1 src 10.0.0.1 uid 0 ', '    cache <local,brd> '), stderr: '', exit: 0 });
  });
  // Without an oif, the limited broadcast leaves by the device that owns the source address.
  it('r: ip route get 255.255.255.255 from 10.0.0.1', () => {
    expect(runOn('r', 'ip route get 255.255.255.255 from 10.0.0.1')).toEqual({ stdout: lines('broadcast 255.255.255.255 from 10.0.0.1 dev eth1 uid 0 ', '    cache <local,brd> '), stderr: '', exit: 0 });
  });
});
