import { describe, expect, it } from 'vitest';
import { configCommand, configError, flowCommand, ip } from './testing';

describe('ip addr (iproute2 ipaddr_modify)', () => {
  it('parses add with prefix and dev', () => {
    expect(configCommand('ip addr add 192.168.1.2/24 dev eth0')).toMatchObject({
      kind: 'ip-addr', action: 'add', address: ip('192.168.1.2'), prefixLen: 24, prefixGiven: true, dev: { text: 'eth0', column: 32 },
    });
  });
  it('accepts the object and command abbreviations ip allows', () => {
    for (const line of ['ip a add 10.0.0.1/8 dev eth0', 'ip addr a 10.0.0.1/8 dev eth0', 'ip address add 10.0.0.1/8 dev eth0', 'ip -4 a add 10.0.0.1/8 dev eth0']) {
      expect(configCommand(line)).toMatchObject({ kind: 'ip-addr', action: 'add', prefixLen: 8 });
    }
  });
  it('reads short forms like 10/8 with get_prefix', () => {
    expect(configCommand('ip addr add 10/8 dev eth0')).toMatchObject({ address: ip('10.0.0.0'), prefixLen: 8 });
  });
  it('keeps label, scope, brd + and local', () => {
    expect(configCommand('ip addr add local 10.53.0.1/24 dev eth0 brd + scope link label eth0:1')).toMatchObject({
      broadcast: '+', scope: 253, label: 'eth0:1',
    });
  });
  it('defaults to /32 without a prefix and warns on wildcard delete', () => {
    expect(configCommand('ip addr add 8.8.8.8 dev lo')).toMatchObject({ prefixLen: 32, prefixGiven: false });
    const del = configCommand('ip addr del 10.52.0.1 dev eth0');
    expect(del).toMatchObject({ action: 'del', prefixGiven: false });
    expect((del as { warning?: string }).warning).toMatch(/^Warning: Executing wildcard deletion/);
  });
  it('prints iproute2 errors with the offending column', () => {
    expect(configError('ip addr add 10.51.0.1/33 dev eth0')).toEqual({ line: 7, column: 13, message: 'Error: any valid prefix is expected rather than "10.51.0.1/33".', exitStatus: 1 });
    expect(configError('ip addr add 10.57.0.1/24 dev v1 foo')).toMatchObject({ column: 33, message: 'Error: either "local" is duplicate, or "foo" is a garbage.', exitStatus: 255 });
    expect(configError('ip addr add 10.51.0.1/24')).toMatchObject({ message: 'Not enough information: "dev" argument is required.', exitStatus: 1 });
    expect(configError('ip addr add 10.55.0.1/24 dev v1 scope foo')).toMatchObject({ column: 39, message: 'Error: argument "foo" is wrong: invalid scope value.' });
    expect(configError('ip addr flush')).toMatchObject({ message: 'Flush requires arguments.', exitStatus: 1 });
    expect(configError('ip addr foo')).toMatchObject({ column: 9, message: 'Command "foo" is unknown, try "ip address help".', exitStatus: 255 });
  });
  it("peer P/N gives the address the peer's prefix length (32 without /N), as ipaddr_modify sends it", () => {
    expect(configCommand('ip addr add 10.0.0.1/24 peer 10.0.0.2 dev eth0')).toMatchObject({ address: ip('10.0.0.1'), peer: ip('10.0.0.2'), prefixLen: 32 });
    expect(configCommand('ip addr add 192.168.5.1 peer 192.168.6.0/24 dev eth0')).toMatchObject({ peer: ip('192.168.6.0'), prefixLen: 24 });
    expect(configError('ip addr add 10.0.0.1 peer 10.0.0.2 peer 10.0.0.3 dev eth0')).toMatchObject({ message: 'Error: duplicate "peer": "10.0.0.3" is the second value.', exitStatus: 255 });
  });
  it('parses flush dev and show forms', () => {
    expect(configCommand('ip addr flush dev eth0')).toMatchObject({ kind: 'ip-addr-flush', dev: { text: 'eth0' } });
    expect(flowCommand('ip a')).toMatchObject({ kind: 'ip-addr-show' });
    expect(flowCommand('ip addr show dev eth0')).toMatchObject({ kind: 'ip-addr-show', dev: { text: 'eth0' } });
  });
});

describe('ip object and option dispatch (ip.c)', () => {
  it('refuses unknown objects and options as ip does', () => {
    expect(configError('ip routex show')).toMatchObject({ column: 4, message: 'Object "routex" is unknown, try "ip help".', exitStatus: 1 });
    expect(configError('ip neighbours show')).toMatchObject({ message: 'Object "neighbours" is unknown, try "ip help".' });
    expect(configError('ip -x a')).toMatchObject({ column: 4, message: 'Option "-x" is unknown, try "ip -help".', exitStatus: 255 });
  });
  it('refuses objects it does not simulate by name', () => {
    expect(configError('ip tunnel add t0 mode gre')).toMatchObject({ column: 4, message: "hairpin: unsupported command 'ip tunnel'" });
  });
  it('resolves prefixes in ip.c table order (r=route, ru=rule, n=neighbor, l=link)', () => {
    expect(flowCommand('ip r')).toMatchObject({ kind: 'ip-route-show' });
    expect(flowCommand('ip ro')).toMatchObject({ kind: 'ip-route-show' });
    expect(flowCommand('ip ru')).toMatchObject({ kind: 'ip-rule-show' });
    expect(flowCommand('ip n')).toMatchObject({ kind: 'ip-neigh-show' });
    expect(flowCommand('ip neighbour show')).toMatchObject({ kind: 'ip-neigh-show' });
    expect(flowCommand('ip l')).toMatchObject({ kind: 'ip-link-show' });
    expect(flowCommand('ip -br -4 a')).toMatchObject({ kind: 'ip-addr-show', ipOptions: { brief: true, family: 'inet' } });
  });
});

describe('ip link set (iplink_parse)', () => {
  it('parses up/down, address, mtu with or without dev', () => {
    expect(configCommand('ip link set eth0 up')).toMatchObject({ kind: 'ip-link-set', dev: { text: 'eth0' }, up: true });
    expect(configCommand('ip l s dev eth0 down')).toMatchObject({ up: false });
    expect(configCommand('ip link set eth0 addr 02:00:00:00:00:0A mtu 1400')).toMatchObject({ address: '02:00:00:00:00:0a', mtu: 1400 });
    expect(configCommand('ip link set eth0 address 2:0:0:0:0:1')).toMatchObject({ address: '02:00:00:00:00:01' });
  });
  it('prints iplink errors', () => {
    expect(configError('ip link set v1 foo')).toMatchObject({ column: 16, message: 'Error: either "dev" is duplicate, or "foo" is a garbage.' });
    expect(configError('ip link set v1 mtu abc')).toMatchObject({ message: 'Error: argument "abc" is wrong: Invalid "mtu" value\n' });
    expect(configError('ip link set v0 mtu 1400 mtu 1300')).toMatchObject({ message: 'Error: duplicate "mtu": "1300" is the second value.' });
    expect(configError('ip link set v1 address zz')).toMatchObject({ message: '"zz" is invalid lladdr.', exitStatus: 1 });
    expect(configError('ip link set v0 address 02:00')).toMatchObject({ message: 'Invalid address length 2 - must be 6 bytes' });
    expect(configError('ip link set up')).toMatchObject({ message: 'Not enough information: "dev" argument is required.', exitStatus: 255 });
  });
});

describe('ip neigh (ipneigh_modify)', () => {
  it('parses add/replace/del with lladdr and nud (default permanent, perm prefix)', () => {
    expect(configCommand('ip neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev eth0')).toMatchObject({
      kind: 'ip-neigh', action: 'add', address: ip('10.9.0.5'), lladdr: '02:00:00:00:00:05', nud: 'permanent',
    });
    expect(configCommand('ip n replace 10.9.0.5 ll 02:00:00:00:00:06 dev eth0 nud reachable')).toMatchObject({ action: 'replace', nud: 'reachable' });
    expect(configCommand('ip neighbor add 10.9.0.12 lladdr 02:00:00:00:00:06 dev v0 nud perm')).toMatchObject({ nud: 'permanent' });
    expect(configCommand('ip neigh del 10.9.0.8 dev v0')).toMatchObject({ action: 'del' });
  });
  it('prints ipneigh errors', () => {
    expect(configError('ip neigh replace 10.9.0.6 lladdr 02:00:00:00:00:06 dev v0 nud foo')).toMatchObject({ message: 'Error: argument "foo" is wrong: nud state is bad' });
    expect(configError('ip neigh add 10.9.0.10 lladdr 02:00:00:00:00:06')).toMatchObject({ message: 'Device and destination are required arguments.', exitStatus: 255 });
    expect(configError('ip neigh add 300.9.0.10 lladdr 02:00:00:00:00:06 dev v0')).toMatchObject({ column: 14, message: 'Error: any valid address is expected rather than "300.9.0.10".' });
    expect(configError('ip neigh add 10.9.0.13 10.9.0.14 lladdr 02:00:00:00:00:06 dev v0')).toMatchObject({ message: 'Error: either "to" is duplicate, or "10.9.0.14" is a garbage.' });
  });
});
