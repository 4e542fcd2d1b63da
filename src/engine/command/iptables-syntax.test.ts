import { describe, expect, it } from 'vitest';
import { lines } from '../export/print/fixture';
import { parseError, printed, refusal } from '../iptables/extensions/testing';

/*
 * Rule syntax as real rulesets write it (iptables-nft 1.8.9, xshared.c do_parse): the expected
 * text is what the real tool printed for the same lines in a network namespace.
 */

describe('iptables rule syntax', () => {
  it('-p takes /etc/protocols names and numbers (any case, C notation) and prints names; all (0) is no -p', () => {
    const protos = ['41', 'ipv6', 'gre', 'all', '0', 'vrrp', 'ospf', '112', 'IPv6', '253', 'ipencap', 'mh', 'icmpv6', '0x29'];
    const [s, l] = printed([...protos.map((p) => `iptables -A INPUT -p ${p}`), 'iptables -A INPUT ! -p 41'], 'iptables -S INPUT', 'iptables -L INPUT');
    expect(s).toBe(lines(
      '-P INPUT ACCEPT', '-A INPUT -p ipv6', '-A INPUT -p ipv6', '-A INPUT -p gre', '-A INPUT', '-A INPUT', '-A INPUT -p vrrp', '-A INPUT -p ospf',
      '-A INPUT -p vrrp', '-A INPUT -p ipv6', '-A INPUT -p 253', '-A INPUT -p ipencap', '-A INPUT -p mobility-header', '-A INPUT -p ipv6-icmp',
      '-A INPUT -p ipv6', '-A INPUT ! -p ipv6',
    ));
    const row = (p: string) => `           ${p} --  anywhere             anywhere            `;
    expect(l.split('\n').slice(2, -1)).toEqual([
      row('ipv6'), row('ipv6'), row('gre '), row('all '), row('all '), row('vrrp'), row('ospf'), row('vrrp'), row('ipv6'), row('253 '),
      row('ipencap'), row('mobility-header'), row('ipv6-icmp'), row('ipv6'), '          !ipv6 --  anywhere             anywhere            ',
    ]);
    expect(parseError('iptables -A INPUT -p 256')).toBe('iptables v1.8.9 (nf_tables): unknown protocol "256" specified');
    expect(parseError('iptables -A INPUT -p FOO')).toBe('iptables v1.8.9 (nf_tables): unknown protocol "foo" specified');
  });

  it('matches and the target in any order, -m comment anywhere, the same module twice, long forms, no target', () => {
    const rules = [
      '-j DROP -m comment --comment x',
      '-p tcp -m comment --comment x --dport 22 -j ACCEPT',
      "-m comment --comment 'a b' -p tcp --dport 22 -j ACCEPT",
      '-s 10.0.0.0/8',
      '-m comment --comment a -m comment --comment b -j ACCEPT',
      '--protocol tcp --match tcp --destination-port 22 --jump ACCEPT',
      '-p tcp --dport 22 -j ACCEPT -m comment --comment ssh -m conntrack --ctstate NEW',
      '-j ACCEPT -p tcp --dport 80',
      '-m comment --comment x -p tcp --syn -j DROP',
      '-m length --length 5 -m length --length 6',
    ].map((r) => `iptables -A INPUT ${r}`);
    const [s, l] = printed(rules, 'iptables -S INPUT', 'iptables -L INPUT -n');
    expect(s).toBe(lines(
      '-P INPUT ACCEPT',
      '-A INPUT -m comment --comment x -j DROP',
      '-A INPUT -p tcp -m comment --comment x -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp -m comment --comment "a b" -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -s 10.0.0.0/8',
      '-A INPUT -m comment --comment a -m comment --comment b -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 22 -m comment --comment ssh -m conntrack --ctstate NEW -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT',
      '-A INPUT -p tcp -m comment --comment x -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP',
      '-A INPUT -m length --length 5 -m length --length 6',
    ));
    expect(l).toContain('ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22 /* ssh */ ctstate NEW\n');
    expect(l).toContain('           0    --  10.0.0.0/8           0.0.0.0/0           \n');
  });

  it('-g and -j to a chain that does not exist', () => {
    expect(refusal('iptables -A INPUT -g NOPE')).toBe("iptables v1.8.9 (nf_tables): Chain 'NOPE' does not exist\nTry `iptables -h' or 'iptables --help' for more information.");
  });

  it('`!` goes before its option: 1.8.9 reads a `!` after it as the value, and a trailing `!` has nothing to invert', () => {
    expect(parseError('iptables -A INPUT -s ! 10.0.0.0/8 -j DROP')).toBe("Bad argument `10.0.0.0/8'");
    expect(parseError('iptables -A INPUT -p ! tcp')).toBe('iptables v1.8.9 (nf_tables): unknown protocol "!" specified');
    expect(parseError('iptables -A INPUT -p tcp --syn !')).toBe('iptables v1.8.9 (nf_tables): nothing appropriate following !');
    expect(parseError('iptables -A OUTPUT -m owner --socket-exists !')).toBe('iptables v1.8.9 (nf_tables): nothing appropriate following !');
    expect(parseError('iptables -A INPUT ! ! -s 1.2.3.4')).toBe('iptables v1.8.9 (nf_tables): multiple consecutive ! not allowed');
    // `!` as an option's value is just a value.
    const [s] = printed(['iptables -A INPUT -m comment --comment !'], 'iptables -S INPUT');
    expect(s).toBe(lines('-P INPUT ACCEPT', '-A INPUT -m comment --comment "!"'));
  });
});
