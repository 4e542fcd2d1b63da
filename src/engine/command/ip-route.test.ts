import { describe, expect, it } from 'vitest';
import { configCommand, configError, flowCommand, flowError, ip } from './testing';

describe('ip route add (iproute_modify)', () => {
  it('fills in what ip sends: type unicast, proto boot, table main, scope by gateway', () => {
    expect(configCommand('ip route add default via 192.168.1.1')).toEqual({
      kind: 'ip-route', action: 'add', type: 'unicast', dst: { addr: 0, len: 0 }, via: ip('192.168.1.1'),
      table: { kind: 'id', id: 254 }, scope: 0, protocol: 3, onlink: false, ipOptions: expect.anything(),
    });
    expect(configCommand('ip route add 10.0.0.0/24 dev eth2')).toMatchObject({ scope: 253, dev: { text: 'eth2' } });
  });
  it('keeps a table name for rt_tables, with the error ip prints if it is unknown', () => {
    expect(configCommand('ip route add default via 192.168.1.1 dev eth0 table isp1')).toMatchObject({
      table: { kind: 'name', name: 'isp1', column: 53, unknownError: 'Error: argument "isp1" is wrong: "table" value is invalid\n' },
    });
    expect(configCommand('ip route add 10.92.0.0/16 dev v0 table 0x20')).toMatchObject({ table: { kind: 'id', id: 32 } });
    expect(configCommand('ip route add 10.92.0.0/16 dev v0 table local')).toMatchObject({ table: { kind: 'id', id: 255 } });
  });
  it('parses the scenario form with scope and src', () => {
    expect(configCommand('ip route add 172.31.1.1 dev eth0 scope link src 91.99.148.215')).toMatchObject({
      dst: { addr: ip('172.31.1.1'), len: 32 }, scope: 253, src: ip('91.99.148.215'),
    });
  });
  it('reads route types, with rtnl_rtntype_a2n prefixes', () => {
    expect(configCommand('ip route add blackhole 10.12.0.0/16')).toMatchObject({ type: 'blackhole', scope: 0 });
    expect(configCommand('ip route add un 10.13.0.0/16')).toMatchObject({ type: 'unreachable' });
    expect(configCommand('ip route add prohibit 10.13.0.0/16')).toMatchObject({ type: 'prohibit' });
    expect(configCommand('ip route add throw 10.15.0.0/16 table 5')).toMatchObject({ type: 'throw' });
    expect(configCommand('ip route add local 10.14.0.0/16 dev v0')).toMatchObject({ type: 'local', scope: 254, table: { kind: 'id', id: 255 } });
    expect(configCommand('ip route add broadcast 10.14.0.255 dev v0')).toMatchObject({ type: 'broadcast', scope: 253, table: { kind: 'id', id: 255 } });
    expect(configCommand('ip route add to unicast 10.11.0.0/16 dev v0')).toMatchObject({ type: 'unicast' });
  });
  it('accepts metric, priority and preference (and their prefixes) as the metric; pref is IPv6 only', () => {
    expect(configCommand('ip route add 10.16.0.0/16 dev v0 metric 5')).toMatchObject({ metric: 5 });
    expect(configCommand('ip route add 10.16.0.0/16 dev v0 preference 5')).toMatchObject({ metric: 5 });
    expect(configCommand('ip route add 10.16.0.0/16 dev v0 priority 0x10')).toMatchObject({ metric: 16 });
    expect(configCommand('ip route add 10.16.0.0/16 dev v0 met 7')).toMatchObject({ metric: 7 });
    expect(configCommand('ip route add 10.16.0.0/16 dev v0 pref 5')).not.toHaveProperty('metric');
  });
  it('reads proto names and numbers, onlink, via inet', () => {
    expect(configCommand('ip route add 10.17.0.0/16 dev v0 proto static')).toMatchObject({ protocol: 4 });
    expect(configCommand('ip route add 10.18.0.0/16 dev v0 pro 99')).toMatchObject({ protocol: 99 });
    expect(configCommand('ip route add 10.26.0.0/16 via 10.9.0.2 onlink dev v0')).toMatchObject({ onlink: true });
    expect(configCommand('ip route add 10.27.0.0/16 via inet 10.9.0.2')).toMatchObject({ via: ip('10.9.0.2') });
  });
  it('replace, append and del; del leaves scope, type and proto as wildcards', () => {
    expect(configCommand('ip route replace default via 10.0.0.1')).toMatchObject({ action: 'replace' });
    expect(configCommand('ip route append default via 10.0.0.1')).toMatchObject({ action: 'append' });
    const del = configCommand('ip route del default');
    expect(del).toMatchObject({ action: 'del', table: { kind: 'id', id: 254 } });
    expect(del).not.toHaveProperty('scope');
    expect(del).not.toHaveProperty('type');
    expect(del).not.toHaveProperty('protocol');
  });
  it('prints ip route errors with columns', () => {
    expect(configError('ip route add 10.0.0.0/8 foo')).toMatchObject({ column: 25, message: 'Error: either "to" is duplicate, or "foo" is a garbage.', exitStatus: 255 });
    expect(configError('ip route add 300.1.1.1 dev eth0')).toMatchObject({ column: 14, message: 'Error: any valid prefix is expected rather than "300.1.1.1".', exitStatus: 1 });
    expect(configError('ip -4 route add 300.1.1.1 dev eth0')).toMatchObject({ message: 'Error: inet prefix is expected rather than "300.1.1.1".' });
    expect(configError('ip route add 10.1.0.0/16 via 1.2.3.400')).toMatchObject({ column: 30, message: 'Error: inet address is expected rather than "1.2.3.400".' });
    expect(configError('ip route add 10.1.0.0/16 dev v0 metric abc')).toMatchObject({ message: 'Error: argument "abc" is wrong: "metric" value is invalid\n' });
    expect(configError('ip route add 10.1.0.0/16 dev v0 proto foo')).toMatchObject({ message: 'Error: argument "foo" is wrong: "protocol" value is invalid\n' });
    expect(configError('ip route add 10.1.0.0/16 dev v0 scope foo')).toMatchObject({ message: 'Error: argument "foo" is wrong: invalid "scope" value\n' });
    expect(configError('ip route add 10.1.0.0/16 dev')).toMatchObject({ column: 29, message: 'Command line is not complete. Try option "help"' });
    expect(configError('ip route add 10.2.0.0/16 via 1.2.3.4 via 1.2.3.5')).toMatchObject({ column: 38, message: 'Error: argument "via" is wrong: use nexthop syntax to specify multiple via\n' });
    expect(configError('ip route add any dev v0')).toMatchObject({ message: 'Error: any valid prefix is expected rather than "dev".' });
    expect(configError('ip route fooo')).toMatchObject({ message: 'Command "fooo" is unknown, try "ip route help".' });
    expect(configError('ip route flush')).toMatchObject({ message: '"ip route flush" requires arguments.', exitStatus: 1 });
  });
  it('parses flush table and show table', () => {
    expect(configCommand('ip route flush table 100')).toMatchObject({ kind: 'ip-route-flush', table: { kind: 'id', id: 100 } });
    expect(flowCommand('ip route show table isp1')).toMatchObject({ kind: 'ip-route-show', table: { kind: 'name', name: 'isp1' } });
    expect(flowCommand('ip route show table all')).toMatchObject({ table: 'all' });
  });
});

describe('ip route get (iproute_get)', () => {
  it('parses from, iif, oif, mark', () => {
    expect(flowCommand('ip route get 10.0.2.2 from 10.0.1.2 iif eth0 mark 0x5')).toMatchObject({
      kind: 'ip-route-get', dst: ip('10.0.2.2'), from: ip('10.0.1.2'), iif: { text: 'eth0' }, mark: 5,
    });
    expect(flowCommand('ip r g 8.8.8.8 oif eth1')).toMatchObject({ oif: { text: 'eth1' } });
    expect(flowCommand('ip route get 10.9.0.0/24')).toMatchObject({ warning: 'Warning: /24 as prefix is invalid, only /32 (or none) is supported.' });
  });
  it('prints its errors', () => {
    expect(flowError('ip route get')).toMatchObject({ message: 'need at least a destination address', exitStatus: 1 });
    expect(flowError('ip route get 10.9.0.7 mark zz')).toMatchObject({ message: 'Error: argument "zz" is wrong: invalid mark value' });
  });
});

describe('ip rule (iprule_modify)', () => {
  it('parses fwmark with hex mask, table name and priority', () => {
    expect(configCommand('ip rule add fwmark 0x1/0xff table isp1 priority 100')).toMatchObject({
      kind: 'ip-rule', action: 'add', fwmark: { value: 1, mask: 255 }, priority: 100,
      ruleAction: { kind: 'lookup', table: { kind: 'name', name: 'isp1', unknownError: 'Error: argument "isp1" is wrong: invalid table ID\n' } },
    });
    expect(configCommand('ip rule add fwmark 1 table 100 pref 5')).toMatchObject({ fwmark: { value: 1 }, priority: 5 });
  });
  it('parses from/to/not/iif/oif and lookup; a bare rule looks up main', () => {
    expect(configCommand('ip rule add from 192.168.1.1 lookup device1')).toMatchObject({ from: { addr: ip('192.168.1.1'), len: 32 } });
    expect(configCommand('ip rule add not from 10.0.0.0/8 to 10/8 iif eth0 oif eth1 lookup 5 preference 10')).toMatchObject({
      not: true, to: { addr: ip('10.0.0.0'), len: 8 }, iif: 'eth0', oif: 'eth1', priority: 10,
    });
    expect(configCommand('ip rule add from all to any lookup 5')).toMatchObject({ from: { addr: 0, len: 0 } });
    expect(configCommand('ip rule add iif eth0')).toMatchObject({ ruleAction: { kind: 'lookup', table: { kind: 'id', id: 254 } } });
  });
  it('parses error actions, goto and suppress_prefixlength', () => {
    expect(configCommand('ip rule add from 10.0.0.0/8 prohibit pref 11')).toMatchObject({ ruleAction: { kind: 'prohibit' } });
    expect(configCommand('ip rule add from 10.0.0.0/8 type blackhole')).toMatchObject({ ruleAction: { kind: 'blackhole' } });
    expect(configCommand('ip rule add from 10.0.0.0/8 unreachable')).toMatchObject({ ruleAction: { kind: 'unreachable' } });
    expect(configCommand('ip rule add from 10.0.0.0/8 goto 30 pref 25')).toMatchObject({ ruleAction: { kind: 'goto', target: 30 } });
    expect(configCommand('ip rule add table main suppress_prefixlength 0 order 18')).toMatchObject({ suppressPrefixLength: 0, priority: 18 });
  });
  it('prints iprule errors', () => {
    expect(configError('ip rule add fwmark 1/ff table 100')).toMatchObject({ column: 22, message: 'Error: argument "ff" is wrong: fwmask value is invalid\n' });
    expect(configError('ip rule add fwmark abc table 100')).toMatchObject({ message: 'Error: argument "abc" is wrong: fwmark value is invalid\n' });
    expect(configError('ip rule add foo')).toMatchObject({ message: 'Error: argument "foo" is wrong: Failed to parse rule type' });
    expect(configError('ip rule add from 10.0.0.0/8 lo 5')).toMatchObject({ message: 'Error: argument "lo" is wrong: Failed to parse rule type' });
    expect(configError('ip rule add from 10.0.0.0/8 priority abc')).toMatchObject({ message: 'Error: argument "abc" is wrong: preference value is invalid\n' });
    expect(configError('ip rule add from 300.0.0.0/8 lookup 5')).toMatchObject({ message: 'Error: any valid prefix is expected rather than "300.0.0.0/8".' });
    expect(configError('ip rule add from')).toMatchObject({ message: 'Command line is not complete. Try option "help"' });
    expect(configError('ip rule add')).toMatchObject({ message: '"ip rule add" requires arguments.', exitStatus: 1 });
  });
});
