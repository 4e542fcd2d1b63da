import { describe, expect, it } from 'vitest';
import { configCommand, flowCommand, flowError, ip } from './testing';

describe('ping (iputils)', () => {
  it('parses -c -W -i -I -t -n -q -s', () => {
    expect(flowCommand('ping -c 2 -i 0.2 -W 1 93.184.216.34')).toMatchObject({ kind: 'ping', count: 2, interval: 0.2, timeout: 1, host: { kind: 'ip', ip: ip('93.184.216.34') } });
    expect(flowCommand('ping -nq -c1 -t 3 -s 100 -I eth0 web')).toMatchObject({ numeric: true, quiet: true, count: 1, ttl: 3, size: 100, iface: { text: 'eth0' }, host: { kind: 'name', name: 'web' } });
  });
  it('prints its errors', () => {
    expect(flowError('ping -c abc 1.1.1.1')).toMatchObject({ message: "ping: invalid argument: 'abc'", exitStatus: 1 }); // iputils 20221126 exits 1 here (checked on Debian 12)
    expect(flowError('ping -c 1')).toMatchObject({ message: 'ping: usage error: Destination address required' });
    expect(flowError('ping -Z 1.1.1.1').message).toMatch(/^ping: invalid option -- 'Z'/);
  });
});

describe('nc (OpenBSD netcat)', () => {
  it('parses the client with -z -u -w -s -p -v -n', () => {
    expect(flowCommand('nc -zv -u -w 2 -s 10.0.0.2 -p 4000 -n 10.0.0.1 53')).toMatchObject({
      kind: 'nc-connect', zero: true, verbose: true, udp: true, timeout: 2, source: { ip: ip('10.0.0.2') }, sourcePort: 4000, numeric: true, ports: [{ min: 53, max: 53 }],
    });
  });
  it('parses listeners with and without an address', () => {
    expect(configCommand('nc -lk 80 &')).toEqual({ kind: 'nc-listen', port: 80, udp: false, keepOpen: true, verbose: false });
    expect(configCommand('nc -lk 8.8.8.8 53 &')).toMatchObject({ port: 53, bind: { kind: 'ip', ip: ip('8.8.8.8') } });
    expect(configCommand('nc -l -u -s 10.0.0.1 5000 &')).toMatchObject({ udp: true, bind: { ip: ip('10.0.0.1') } });
  });
  it('prints its errors', () => {
    expect(flowError('nc -z 1.2.3.4')).toMatchObject({ message: 'nc: missing port number', exitStatus: 1 });
    expect(flowError('nc -z 1.2.3.4 99999')).toMatchObject({ message: 'nc: port number too large: 99999' });
    expect(flowError('nc -z -w abc 1.2.3.4 80')).toMatchObject({ column: 10, message: 'nc: timeout invalid: abc' });
  });
});

describe('curl, dig, host, traceroute, arping, sleep', () => {
  it('curl http URLs and options', () => {
    expect(flowCommand('curl -s -m 3 --connect-timeout 2 -o /dev/null -w "%{http_code}" http://10.0.0.1:8080/x')).toMatchObject({
      kind: 'curl', silent: true, maxTime: 3, connectTimeout: 2, output: '/dev/null', writeOut: '%{http_code}', url: { host: { ip: ip('10.0.0.1') }, port: 8080, path: '/x' },
    });
    expect(flowCommand('curl web')).toMatchObject({ url: { host: { kind: 'name', name: 'web' }, port: 80, path: '/' } });
    expect(flowError('curl -s -m abc http://x')).toMatchObject({ message: "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information", exitStatus: 2 });
    expect(flowError('curl --foo http://x')).toMatchObject({ message: "curl: option --foo: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information" });
  });
  it('dig @server +short, host NAME SERVER', () => {
    expect(flowCommand('dig @10.0.0.1 web.lan +short')).toMatchObject({ kind: 'dig', server: { ip: ip('10.0.0.1') }, name: 'web.lan', short: true, type: 'A' });
    expect(flowCommand('host web.lan 10.0.0.1')).toMatchObject({ kind: 'host', name: 'web.lan', server: { ip: ip('10.0.0.1') } });
  });
  it('traceroute -n -m -q -w and arping -c -I -w', () => {
    expect(flowCommand('traceroute -n -m 5 -q 1 -w 1 8.8.8.8')).toMatchObject({ kind: 'traceroute', numeric: true, maxHops: 5, queries: 1, wait: 1 });
    expect(flowCommand('arping -c 2 -I eth0 -w 3 10.0.0.1')).toMatchObject({ kind: 'arping', count: 2, iface: { text: 'eth0' }, deadline: 3, target: ip('10.0.0.1') });
  });
  it('sleep with fractions and suffixes', () => {
    expect(flowCommand('sleep 0.5')).toEqual({ kind: 'sleep', seconds: 0.5 });
    expect(flowCommand('sleep 1m')).toEqual({ kind: 'sleep', seconds: 60 });
    expect(flowError('sleep x')).toMatchObject({ message: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information." });
  });
  it('state viewers', () => {
    expect(flowCommand('conntrack -L')).toEqual({ kind: 'conntrack', action: 'list' });
    expect(flowCommand('bridge fdb show br lan')).toMatchObject({ kind: 'bridge-fdb-show', br: { text: 'lan' } });
    expect(flowCommand('cat /etc/hosts')).toMatchObject({ kind: 'cat', paths: [{ text: '/etc/hosts' }] });
  });
  it('dnsmasq serving /etc/hosts', () => {
    expect(configCommand('dnsmasq --no-resolv --address=/example.com/10.0.0.9')).toMatchObject({ kind: 'dnsmasq', foreground: false, noResolv: true, addresses: [{ domains: ['example.com'], ip: ip('10.0.0.9') }] });
    expect(configCommand('dnsmasq --no-daemon -h &')).toMatchObject({ foreground: true, noHosts: true });
  });
});
