import { describe, expect, it } from 'vitest';
import { configCommand, configError, flowCommand, ip } from './testing';
import type { IptablesCommand } from './types';

const rule = (line: string) => {
  const c = configCommand(line) as IptablesCommand;
  if (!('rule' in c.action)) throw new Error('no rule');
  return c.action.rule;
};
const TRY = "\nTry `iptables -h' or 'iptables --help' for more information.";
const err = (msg: string) => `iptables v1.8.9 (nf_tables): ${msg}${TRY}`;

describe('iptables core options (xshared.c do_parse)', () => {
  it('parses the scenario MASQUERADE and DNAT rules', () => {
    expect(configCommand('iptables -t nat -A POSTROUTING -o eth0 -s 192.168.1.0/24 -j MASQUERADE')).toEqual({
      kind: 'iptables', table: 'nat', chainColumn: 20,
      action: { op: 'append', chain: 'POSTROUTING', rule: {
        source: { value: { addr: ip('192.168.1.0'), len: 24 }, negated: false },
        outInterface: { value: 'eth0', negated: false }, matches: [], target: { name: 'MASQUERADE', random: false, fullyRandom: false },
      } },
    });
    expect(rule('iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80')).toEqual({
      protocol: { value: 6, negated: false },
      matches: [{ name: 'tcp', dport: { value: { min: 8080, max: 8080 }, negated: false } }],
      target: { name: 'DNAT', range: { minIp: ip('192.168.1.2'), maxIp: ip('192.168.1.2'), minPort: 80, maxPort: 80 }, random: false, persistent: false },
    });
  });
  it('accepts the long spellings and unique prefixes (getopt_long)', () => {
    expect(rule('iptables --append INPUT --source 1.1.1.1 --destination 2.2.2.2 --in-interface lo --protocol tcp --destination-port 80 --jump ACCEPT')).toMatchObject({
      source: { value: { addr: ip('1.1.1.1'), len: 32 } }, inInterface: { value: 'lo' }, matches: [{ name: 'tcp', dport: { value: { min: 80 } } }], target: { name: 'ACCEPT' },
    });
    expect(configCommand('iptables --table nat --insert PREROUTING 1 --protocol udp --source-port 53 --jump ACCEPT')).toMatchObject({ table: 'nat', action: { op: 'insert', index: 1 } });
    expect(rule('iptables -A INPUT --sou 1.1.1.1 -j ACCEPT')).toMatchObject({ source: { value: { addr: ip('1.1.1.1') } } });
    expect(rule('iptables -A INPUT -p tcp --dp 80 -j ACCEPT')).toMatchObject({ matches: [{ dport: { value: { min: 80 } } }] });
    expect(rule('iptables -t nat -A PREROUTING -p tcp -j DNAT --to 1.2.3.4')).toMatchObject({ target: { name: 'DNAT', range: { minIp: ip('1.2.3.4') } } });
    expect(configError('iptables -A INPUT -p tcp --d 80 -j ACCEPT')).toMatchObject({ column: 26, message: err('unknown option "--d"'), exitStatus: 2 });
  });
  it('reads -s with a dotted mask, short forms, and masks the address', () => {
    expect(rule('iptables -A INPUT -s 10.0.0.1/255.0.0.0 -j ACCEPT').source).toEqual({ value: { addr: ip('10.0.0.0'), len: 8 }, negated: false });
    expect(rule('iptables -A INPUT -s 10.1 -j ACCEPT').source).toEqual({ value: { addr: ip('10.1.0.0'), len: 32 }, negated: false });
  });
  it('takes ! before the option, and before match options', () => {
    expect(rule('iptables -A INPUT ! -s 10.0.0.0/8 -j ACCEPT').source).toMatchObject({ negated: true });
    expect(rule('iptables -A INPUT -p tcp ! --dport 80 -j ACCEPT').matches).toEqual([{ name: 'tcp', dport: { value: { min: 80, max: 80 }, negated: true } }]);
    expect(rule('iptables -A INPUT ! -i eth+ -j ACCEPT').inInterface).toEqual({ value: 'eth+', negated: true });
    expect(rule('iptables -A INPUT -m conntrack ! --ctstate NEW -j ACCEPT').matches).toEqual([{ name: 'conntrack', ctstate: { value: ['NEW'], negated: true } }]);
  });
  it('refuses the old ! after the option as iptables 1.8 does', () => {
    expect(configError('iptables -A INPUT -s ! 10.0.0.0/8 -j ACCEPT')).toMatchObject({ column: 24, message: `Bad argument \`10.0.0.0/8'${TRY}` });
    expect(configError('iptables -A INPUT -p tcp --dport ! 80 -j ACCEPT')).toMatchObject({ message: err("invalid port/service `!' specified") });
    expect(configError('iptables -A INPUT ! ! -s 1.1.1.1 -j ACCEPT')).toMatchObject({ column: 21, message: err('multiple consecutive ! not allowed') });
  });
  it('prints the parameter errors iptables prints', () => {
    expect(configError('iptables -A INPUT -s 300.1.1.1 -j ACCEPT')).toMatchObject({ column: 22, message: err("host/network `300.1.1.1' not found") });
    expect(configError('iptables -A INPUT -s foo.invalid -j ACCEPT')).toMatchObject({ message: err("host/network `foo.invalid' not found") });
    expect(configError('iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT')).toMatchObject({ message: err("invalid mask `33' specified") });
    expect(configError('iptables -A INPUT --foo -j ACCEPT')).toMatchObject({ column: 19, message: err('unknown option "--foo"') });
    expect(configError('iptables -A INPUT --dport 80 -j ACCEPT')).toMatchObject({ message: err('unknown option "--dport"') });
    expect(configError('iptables -A INPUT -p tcp --dport 99999 -j ACCEPT')).toMatchObject({ message: err("invalid port/service `99999' specified") });
    expect(configError('iptables -A INPUT -p foo -j ACCEPT')).toMatchObject({ message: err('unknown protocol "foo" specified') });
    expect(configError('iptables -t foo -A INPUT -j ACCEPT')).toMatchObject({ column: 13, message: "iptables v1.8.9 (nf_tables): table 'foo' does not exist\nPerhaps iptables or your kernel needs to be upgraded.", exitStatus: 3 });
    expect(configError('iptables -A INPUT -j ACCEPT extra')).toMatchObject({ column: 29, message: `Bad argument \`extra'${TRY}` });
    expect(configError('iptables -A INPUT -s 1.1.1.1 -s 2.2.2.2 -j ACCEPT')).toMatchObject({ message: err('multiple -s flags not allowed') });
    expect(configError('iptables -A INPUT -m foo -j ACCEPT')).toMatchObject({ message: err("Couldn't load match `foo':No such file or directory\n") });
    expect(configError('iptables -A INPUT -j FOOBAR --x')).toMatchObject({ message: err('unknown option "--x"') });
    expect(configError('iptables -I INPUT 0 -s 2.2.2.3 -j DROP')).toMatchObject({ message: err("Invalid rule number `0'") });
    expect(configError('iptables -P INPUT')).toMatchObject({ message: err('-P requires a chain and a policy') });
    expect(configError('iptables -N ACCEPT')).toMatchObject({ message: err('chain name may not clash with target name') });
    expect(configError('iptables -A INPUT -A OUTPUT -j ACCEPT')).toMatchObject({ message: err('Cannot use -A with -A') });
    expect(configError('iptables -A')).toMatchObject({ message: err('option "-A" requires an argument') });
    expect(configError('iptables -A INPUT -o lo -j ACCEPT')).toMatchObject({ message: err("Can't use -o with INPUT\n") });
  });
  it('parses the other commands', () => {
    expect(configCommand('iptables -I INPUT 2 -s 2.2.2.2 -j DROP')).toMatchObject({ action: { op: 'insert', index: 2 } });
    expect(configCommand('iptables -I INPUT -j DROP')).toMatchObject({ action: { op: 'insert', index: 1 } });
    expect(configCommand('iptables -D INPUT 1')).toMatchObject({ action: { op: 'delete-index', chain: 'INPUT', index: 1 } });
    expect(configCommand('iptables -D INPUT -s 2.2.2.3 -j DROP')).toMatchObject({ action: { op: 'delete', rule: { target: { name: 'DROP' } } } });
    expect(configCommand('iptables -P FORWARD DROP')).toMatchObject({ action: { op: 'policy', chain: 'FORWARD', policy: 'DROP' } });
    expect(configCommand('iptables -t nat -N MYCHAIN')).toMatchObject({ table: 'nat', action: { op: 'new-chain', chain: 'MYCHAIN' } });
    expect(configCommand('iptables -F')).toMatchObject({ action: { op: 'flush' } });
    expect(configCommand('iptables -t mangle -F PREROUTING')).toMatchObject({ action: { op: 'flush', chain: 'PREROUTING' } });
    expect(configCommand('iptables -X')).toMatchObject({ action: { op: 'delete-chain' } });
    expect(configCommand('iptables -Z')).toMatchObject({ action: { op: 'zero' } });
    expect(rule('iptables -A INPUT -j MYCHAIN').target).toEqual({ name: 'chain', chain: 'MYCHAIN', column: 22, goto: false });
    expect(rule('iptables -A INPUT -g MYCHAIN').target).toMatchObject({ name: 'chain', goto: true });
    expect(flowCommand('iptables -nvL --line-numbers')).toMatchObject({ action: { op: 'list', verbose: true, numeric: true, lineNumbers: true } });
    expect(flowCommand('iptables -t nat -S')).toMatchObject({ table: 'nat', action: { op: 'list-rules' } });
    expect(flowCommand('iptables -L INPUT -n')).toMatchObject({ action: { op: 'list', chain: 'INPUT', numeric: true } });
  });
});

describe('iptables matches (libxt_*)', () => {
  it('conntrack and state take lists in any case', () => {
    expect(rule('iptables -A INPUT -m conntrack --ctstate new,ESTABLISHED -j ACCEPT').matches).toEqual([{ name: 'conntrack', ctstate: { value: ['NEW', 'ESTABLISHED'], negated: false } }]);
    expect(rule('iptables -A INPUT -m state --state NEW,UNTRACKED -j ACCEPT').matches).toEqual([{ name: 'state', state: { value: ['NEW', 'UNTRACKED'], negated: false } }]);
    expect(configError('iptables -A INPUT -m conntrack --ctstate FOO -j ACCEPT')).toMatchObject({ message: err('Bad ctstate "FOO"') });
    expect(configError('iptables -A INPUT -m conntrack -j ACCEPT')).toMatchObject({ message: err('conntrack: At least one option is required') });
    expect(configError('iptables -A INPUT -m state --state FOO -j ACCEPT')).toMatchObject({ message: err('Bad state "FOO"') });
  });
  it('mark and connmark bind --mark to the latest loaded match; hex and masks', () => {
    expect(rule('iptables -A INPUT -m mark --mark 0x1/0xff -m connmark ! --mark 2 -j ACCEPT').matches).toEqual([
      { name: 'mark', mark: { value: { value: 1, mask: 0xff }, negated: false } },
      { name: 'connmark', mark: { value: { value: 2, mask: 0xffffffff }, negated: true } },
    ]);
    expect(configError('iptables -A INPUT -m mark --mark foo -j ACCEPT')).toMatchObject({ message: err('mark: bad integer value for option "--mark", or out of range.\n') });
    expect(configError('iptables -A INPUT -m mark -j ACCEPT')).toMatchObject({ message: err('mark: option "--mark" must be specified\n') });
  });
  it('statistic nth and random, with their checks', () => {
    expect(rule('iptables -t mangle -A PREROUTING -m statistic --mode nth --every 2 --packet 0 -j MARK --set-mark 1').matches).toEqual([
      { name: 'statistic', negated: false, mode: 'nth', every: 2, packet: 0 },
    ]);
    expect(rule('iptables -A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT').matches).toEqual([{ name: 'statistic', negated: false, mode: 'random', probability: 0.5 }]);
    expect(configError('iptables -A INPUT -m statistic --mode nth --every 3 --packet 3 -j ACCEPT')).toMatchObject({ message: err('the --packet p must be 0 <= p <= n-1') });
    expect(configError('iptables -A INPUT -m statistic --mode nth --every 3 -j ACCEPT')).toMatchObject({ message: err('statistic: option "--every" also requires "--packet".\n') });
    expect(configError('iptables -A INPUT -m statistic --mode random --probability 1.5 -j ACCEPT')).toMatchObject({ message: err('statistic: bad value for option "--probability", or out of range (0-1).\n') });
    expect(configError('iptables -A INPUT -m statistic --mode foo -j ACCEPT')).toMatchObject({ message: err('Bad mode "foo"') });
    expect(configError('iptables -A INPUT -m statistic -j ACCEPT')).toMatchObject({ message: err('--probability must be specified when using random mode') });
  });
  it('addrtype, multiport, comment, icmp, tcp flags', () => {
    expect(rule('iptables -t nat -A POSTROUTING -m addrtype --src-type LOCAL -o eth1 -j MASQUERADE').matches).toEqual([
      { name: 'addrtype', srcType: { value: ['LOCAL'], negated: false }, limitIfaceIn: false, limitIfaceOut: false },
    ]);
    expect(rule('iptables -A INPUT -m addrtype ! --dst-type local --limit-iface-in -j ACCEPT').matches).toMatchObject([{ dstType: { value: ['LOCAL'], negated: true }, limitIfaceIn: true }]);
    expect(configError('iptables -A INPUT -m addrtype --src-type FOO -j ACCEPT')).toMatchObject({ message: err('addrtype: bad type "FOO"') });
    expect(rule('iptables -A INPUT -p tcp -m multiport --dports 80,443,1000:2000 -j ACCEPT').matches).toEqual([
      { name: 'multiport', which: 'dports', ports: [{ min: 80, max: 80 }, { min: 443, max: 443 }, { min: 1000, max: 2000 }], negated: false },
    ]);
    expect(configError('iptables -A INPUT -m multiport --dports 80,443 -j ACCEPT')).toMatchObject({ message: err("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'") });
    expect(rule('iptables -A INPUT -m comment --comment "hello world" -j ACCEPT').matches).toEqual([{ name: 'comment', comment: 'hello world' }]);
    expect(rule('iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT').matches).toEqual([{ name: 'icmp', icmpType: { value: { type: 8, codeMin: 0, codeMax: 255 }, negated: false } }]);
    expect(rule('iptables -A INPUT -p icmp -m icmp --icmp-type 3/1 -j ACCEPT').matches).toEqual([{ name: 'icmp', icmpType: { value: { type: 3, codeMin: 1, codeMax: 1 }, negated: false } }]);
    expect(configError('iptables -A INPUT -p icmp --icmp-type foo -j ACCEPT')).toMatchObject({ message: err("Unknown ICMP type `foo'") });
    expect(rule('iptables -A INPUT -p tcp --tcp-flags SYN,ACK SYN -j ACCEPT').matches).toEqual([{ name: 'tcp', tcpFlags: { value: { mask: 0x12, comp: 0x02 }, negated: false } }]);
    expect(rule('iptables -A INPUT -p tcp ! --syn -j ACCEPT').matches).toEqual([{ name: 'tcp', tcpFlags: { value: { mask: 0x17, comp: 0x02 }, negated: true } }]);
    expect(configError('iptables -A INPUT -p tcp --tcp-flags FOO SYN -j ACCEPT')).toMatchObject({ message: err("Unknown TCP flag `FOO'") });
    expect(configError('iptables -A INPUT -p tcp -m udp --sport 53 -j ACCEPT')).toMatchObject({ message: err("UDP match requires '-p udp'") });
  });
});

describe('iptables targets (libxt_*)', () => {
  it('--to forms for DNAT and SNAT', () => {
    expect(rule('iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4-1.2.3.9:1000-2000').target).toMatchObject({
      range: { minIp: ip('1.2.3.4'), maxIp: ip('1.2.3.9'), minPort: 1000, maxPort: 2000 },
    });
    expect(rule('iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4 --random --persistent').target).toEqual({
      name: 'SNAT', range: { minIp: ip('1.2.3.4'), maxIp: ip('1.2.3.4') }, random: true, fullyRandom: false, persistent: true,
    });
    expect(configError('iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4:80')).toMatchObject({ message: err('Need TCP, UDP, SCTP or DCCP with port specification') });
    expect(configError('iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.400')).toMatchObject({ message: err('Bad IP address "1.2.3.400"') });
    expect(configError('iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:99999')).toMatchObject({ message: err("Port `99999' not valid") });
    expect(configError('iptables -t nat -A PREROUTING -p tcp -j DNAT')).toMatchObject({ message: err('DNAT: option "--to-destination" must be specified\n') });
  });
  it('MASQUERADE and REDIRECT --to-ports', () => {
    expect(rule('iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000').target).toMatchObject({ ports: { min: 1000, max: 2000 } });
    expect(rule('iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-port 8080').target).toEqual({ name: 'REDIRECT', ports: { min: 8080, max: 8080 }, random: false });
    expect(configError('iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 1000-2000')).toMatchObject({ message: err('Need TCP, UDP, SCTP or DCCP with port specification') });
  });
  it('REJECT types by name, alias or prefix; LOG', () => {
    expect(rule('iptables -A INPUT -j REJECT').target).toEqual({ name: 'REJECT', rejectWith: 'icmp-port-unreachable' });
    expect(rule('iptables -A INPUT -p tcp -j REJECT --reject-with tcp-rst').target).toEqual({ name: 'REJECT', rejectWith: 'tcp-reset' });
    expect(rule('iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited').target).toEqual({ name: 'REJECT', rejectWith: 'icmp-admin-prohibited' });
    expect(configError('iptables -A INPUT -j REJECT --reject-with foo')).toMatchObject({ message: err('unknown reject type "foo"') });
    expect(rule('iptables -A INPUT -j LOG --log-prefix "foo: " --log-level warning').target).toMatchObject({ name: 'LOG', prefix: 'foo: ', level: 4 });
    expect(configError('iptables -A INPUT -j LOG --log-level foo')).toMatchObject({ message: err('log level "foo" unknown\n') });
  });
  it('MARK and CONNMARK normalised to (value, mask) as the kernel applies them', () => {
    expect(rule('iptables -t mangle -A PREROUTING -j MARK --set-mark 0x1/0xff').target).toEqual({ name: 'MARK', value: 1, mask: 0xff });
    expect(rule('iptables -t mangle -A PREROUTING -j MARK --set-mark 2').target).toEqual({ name: 'MARK', value: 2, mask: 0xffffffff });
    expect(rule('iptables -t mangle -A PREROUTING -j MARK --and-mark 1').target).toEqual({ name: 'MARK', value: 0, mask: 0xfffffffe });
    expect(rule('iptables -t mangle -A PREROUTING -j MARK --or-mark 4').target).toEqual({ name: 'MARK', value: 4, mask: 4 });
    expect(rule('iptables -t mangle -A PREROUTING -j MARK --xor-mark 4').target).toEqual({ name: 'MARK', value: 4, mask: 0 });
    expect(configError('iptables -t mangle -A PREROUTING -j MARK')).toMatchObject({ message: err('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required') });
    expect(configError('iptables -t mangle -A PREROUTING -j MARK --set-xmark 1 --set-mark 2')).toMatchObject({ message: err('MARK: option "--set-mark" cannot be used together with "--set-xmark".\n') });
    expect(rule('iptables -t mangle -A PREROUTING -m conntrack --ctstate ESTABLISHED,RELATED -j CONNMARK --restore-mark').target).toEqual({ name: 'CONNMARK', mode: 'restore', nfmask: 0xffffffff, ctmask: 0xffffffff });
    expect(rule('iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --mask 0xff').target).toEqual({ name: 'CONNMARK', mode: 'save', nfmask: 0xff, ctmask: 0xff });
    expect(rule('iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xf').target).toEqual({ name: 'CONNMARK', mode: 'restore', nfmask: 0xff, ctmask: 0xf });
    expect(rule('iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 5/0xf').target).toEqual({ name: 'CONNMARK', mode: 'set', value: 5, mask: 0xf });
    expect(configError('iptables -t mangle -A PREROUTING -j CONNMARK')).toMatchObject({ message: err('CONNMARK target: No operation specified') });
  });
});

describe('iptables command checks', () => {
  it('refuses rule options with list commands and ! before a command', () => {
    expect(configError('iptables -F -s 1.1.1.1')).toMatchObject({ message: err("Illegal option `-s' with this command") });
    expect(configError('iptables ! -A INPUT -j ACCEPT')).toMatchObject({ column: 10, message: err("unexpected '!' flag") });
    expect(configError('iptables -A INPUT ! -j ACCEPT')).toMatchObject({ message: err('cannot have ! before -j') });
    expect(configError('iptables -A INPUT -p tcp --dport 80 --dport 81 -j ACCEPT')).toMatchObject({ message: err("Only one `--destination-port' allowed") });
    expect(configError('iptables -A INPUT -m comment ! --comment x -j ACCEPT')).toMatchObject({ message: err('comment: option "--comment" cannot be inverted.\n') });
    expect(configError('iptables')).toMatchObject({ message: err('no command specified') });
  });
  it('lets a second -t win', () => {
    expect(flowCommand('iptables -t nat -t mangle -L')).toMatchObject({ table: 'mangle' });
  });
  it('refuses extensions it does not simulate by name', () => {
    expect(configError('iptables -A INPUT -m u32 --u32 0=0 -j ACCEPT')).toMatchObject({ message: "hairpin: iptables match 'u32' is not simulated" });
    expect(configError('iptables -A INPUT -j NFQUEUE --queue-num 1')).toMatchObject({ message: "hairpin: iptables target 'NFQUEUE' is not simulated" });
  });
});
