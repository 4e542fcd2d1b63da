import { describe, expect, it } from 'vitest';
import { configCommand, configError } from './testing';
import { printed, refusal, through } from '../iptables/extensions/testing';
import { viewOn } from '../export/print/fixture';
import { runCommand } from '../sim/run';
import { routed } from '../sim/testing';

/*
 * ip6tables, ip6tables-save and ip6tables-restore (iptables-nft 1.8.9): the same parser and
 * printers as iptables over NFPROTO_IPV6's own tables. Every expected text and status is what
 * the real tools printed in a network namespace for the same lines.
 */

const HINT = "Try `ip6tables -h' or 'ip6tables --help' for more information.";
const err = (m: string) => `ip6tables v1.8.9 (nf_tables): ${m}\n${HINT}`;
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

/** libvirt's default network, as its nwfilter/network driver writes the IPv6 chains. */
const LIBVIRT = [
  'ip6tables --table filter --new-chain LIBVIRT_INP',
  'ip6tables --table filter --insert INPUT --jump LIBVIRT_INP',
  'ip6tables --table nat --new-chain LIBVIRT_PRT',
];

/** The message of `line` on a router whose config first ran `before`. */
function refusalAfter(before: string[], line: string): string | undefined {
  return runCommand(routed([...before, line]), 'client', 'true').configIssues[0]?.message;
}

/** libvirt's IPv6 rules for a NAT network on virbr0 (network_iptables.c), in the order it adds them. */
const LIBVIRT_NAT6 = [
  'ip6tables --table filter --new-chain LIBVIRT_INP',
  'ip6tables --table filter --insert INPUT --jump LIBVIRT_INP',
  'ip6tables --table filter --new-chain LIBVIRT_OUT',
  'ip6tables --table filter --insert OUTPUT --jump LIBVIRT_OUT',
  'ip6tables --table filter --new-chain LIBVIRT_FWO',
  'ip6tables --table filter --insert FORWARD --jump LIBVIRT_FWO',
  'ip6tables --table filter --new-chain LIBVIRT_FWI',
  'ip6tables --table filter --insert FORWARD --jump LIBVIRT_FWI',
  'ip6tables --table filter --new-chain LIBVIRT_FWX',
  'ip6tables --table filter --insert FORWARD --jump LIBVIRT_FWX',
  'ip6tables --table nat --new-chain LIBVIRT_PRT',
  'ip6tables --table nat --insert POSTROUTING --jump LIBVIRT_PRT',
  'ip6tables --table mangle --new-chain LIBVIRT_PRT',
  'ip6tables --table mangle --insert POSTROUTING --jump LIBVIRT_PRT',
  'ip6tables --table filter --insert LIBVIRT_INP --in-interface virbr0 --protocol tcp --destination-port 53 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_INP --in-interface virbr0 --protocol udp --destination-port 53 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_OUT --out-interface virbr0 --protocol tcp --destination-port 53 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_OUT --out-interface virbr0 --protocol udp --destination-port 53 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_INP --in-interface virbr0 --protocol udp --destination-port 547 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_OUT --out-interface virbr0 --protocol udp --destination-port 546 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_FWO --in-interface virbr0 --jump REJECT',
  'ip6tables --table filter --insert LIBVIRT_FWI --out-interface virbr0 --jump REJECT',
  'ip6tables --table filter --insert LIBVIRT_FWX --in-interface virbr0 --out-interface virbr0 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_FWO --source 2001:db8:ca2:2::/64 --in-interface virbr0 --jump ACCEPT',
  'ip6tables --table filter --insert LIBVIRT_FWI --destination 2001:db8:ca2:2::/64 --out-interface virbr0 --match conntrack --ctstate ESTABLISHED,RELATED --jump ACCEPT',
  'ip6tables --table nat --insert LIBVIRT_PRT --source 2001:db8:ca2:2::/64 --destination ff02::/16 --jump RETURN',
  'ip6tables --table nat --insert LIBVIRT_PRT --source 2001:db8:ca2:2::/64 \'!\' --destination 2001:db8:ca2:2::/64 --protocol tcp --jump MASQUERADE --to-ports 1024-65535',
  'ip6tables --table nat --insert LIBVIRT_PRT --source 2001:db8:ca2:2::/64 \'!\' --destination 2001:db8:ca2:2::/64 --protocol udp --jump MASQUERADE --to-ports 1024-65535',
  'ip6tables --table nat --insert LIBVIRT_PRT --source 2001:db8:ca2:2::/64 \'!\' --destination 2001:db8:ca2:2::/64 --jump MASQUERADE'
];

const UFW6 = ["*filter", ":ufw6-before-input - [0:0]", ":ufw6-before-output - [0:0]", ":ufw6-before-forward - [0:0]", ":ufw6-logging-deny - [0:0]", "# End required lines", "", "# allow all on loopback", "-A ufw6-before-input -i lo -j ACCEPT", "-A ufw6-before-output -o lo -j ACCEPT", "", "# drop packets with RH0 headers", "-A ufw6-before-input -m rt --rt-type 0 -j DROP", "-A ufw6-before-forward -m rt --rt-type 0 -j DROP", "-A ufw6-before-output -m rt --rt-type 0 -j DROP", "", "# quickly process packets for which we already have a connection", "-A ufw6-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A ufw6-before-output -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A ufw6-before-forward -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "", "-A ufw6-before-input -p icmpv6 --icmpv6-type echo-reply -j ACCEPT", "-A ufw6-before-input -m conntrack --ctstate INVALID -j ufw6-logging-deny", "-A ufw6-before-input -m conntrack --ctstate INVALID -j DROP", "-A ufw6-before-input -p icmpv6 --icmpv6-type destination-unreachable -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type packet-too-big -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type time-exceeded -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type parameter-problem -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type echo-request -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type router-solicitation -m hl --hl-eq 255 -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type router-advertisement -m hl --hl-eq 255 -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type neighbor-solicitation -m hl --hl-eq 255 -j ACCEPT", "-A ufw6-before-input -p icmpv6 --icmpv6-type neighbor-advertisement -m hl --hl-eq 255 -j ACCEPT", "-A ufw6-before-input -p icmpv6 -s fe80::/10 --icmpv6-type 130 -j ACCEPT", "-A ufw6-before-input -p icmpv6 -s fe80::/10 --icmpv6-type 143 -j ACCEPT", "-A ufw6-before-forward -p icmpv6 --icmpv6-type destination-unreachable -j ACCEPT", "-A ufw6-before-forward -p icmpv6 --icmpv6-type echo-request -j ACCEPT", "-A ufw6-before-output -p icmpv6 --icmpv6-type neighbor-advertisement -j ACCEPT", "-A ufw6-before-input -p udp -s fe80::/10 --sport 547 -d fe80::/10 --dport 546 -j ACCEPT", "-A ufw6-before-input -p udp -d ff02::fb --dport 5353 -j ACCEPT", "-A ufw6-before-input -p udp -d ff02::f --dport 1900 -j ACCEPT", "COMMIT"];

describe('ip6tables', () => {
  it("loads libvirt's lines into the IPv6 filter table, and --list-rules prints them", () => {
    const [s, save] = printed(LIBVIRT, 'ip6tables --table filter --list-rules', 'ip6tables-save');
    expect(s).toBe(lines('-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-N LIBVIRT_INP', '-A INPUT -j LIBVIRT_INP'));
    expect(save).toBe(lines(
      '# Generated by ip6tables-save v1.8.9 (nf_tables) on Thu Jan  1 00:00:00 2026', '*filter',
      ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':LIBVIRT_INP - [0:0]',
      '-A INPUT -j LIBVIRT_INP', 'COMMIT', '# Completed on Thu Jan  1 00:00:00 2026',
      '# Generated by ip6tables-save v1.8.9 (nf_tables) on Thu Jan  1 00:00:00 2026', '*nat',
      ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ':LIBVIRT_PRT - [0:0]',
      'COMMIT', '# Completed on Thu Jan  1 00:00:00 2026',
    ));
  });

  it('a chain of the other table is not there: a jump to it does not exist (exit 2)', () => {
    expect(refusal('ip6tables --table mangle --insert POSTROUTING --jump LIBVIRT_PRT')).toBe(err("Chain 'LIBVIRT_PRT' does not exist"));
  });

  it('the IPv6 tables are their own: iptables -S does not show them, ip6tables -F leaves IPv4 alone', () => {
    const [v4, v6] = printed(
      ['iptables -A INPUT -s 10.0.0.0/8 -j ACCEPT', ...LIBVIRT, 'ip6tables -A INPUT -j DROP', 'ip6tables -P FORWARD DROP', 'ip6tables -F'],
      'iptables -S', 'ip6tables -S',
    );
    expect(v4).toBe(lines('-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-A INPUT -s 10.0.0.0/8 -j ACCEPT'));
    expect(v6).toBe(lines('-P INPUT ACCEPT', '-P FORWARD DROP', '-P OUTPUT ACCEPT', '-N LIBVIRT_INP'));
  });

  it('ip6tables -S prints ::/0 addresses not at all, a host with /128, names as inet_ntop writes them', () => {
    const rules = [
      'ip6tables -A INPUT -s 2001:db8::/32 ! -d fe80::/10 -p tcp --dport 22 -j ACCEPT',
      'ip6tables -A INPUT -s ::/0 -d 2001:DB8::1 -p icmpv6 --icmpv6-type echo-request -j ACCEPT',
      'ip6tables -A INPUT -p ipv6-icmp --icmpv6-type 135 -j ACCEPT',
      'ip6tables -A INPUT -p 58 --icmpv6-type 1/3 -j ACCEPT',
      'ip6tables -A INPUT -p icmpv6 -j REJECT --reject-with icmp6-adm-prohibited',
      'ip6tables -A INPUT -p tcp -j REJECT --reject-with tcp-reset',
      'ip6tables -A INPUT -j REJECT',
      'ip6tables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED --ctorigsrc 2001:db8::/64 -j ACCEPT',
      'ip6tables -A INPUT -p icmp -j ACCEPT',
      'ip6tables -A INPUT -s 2001:db8::/ffff:ffff:: -j ACCEPT',
      'ip6tables -A INPUT -j REJECT --reject-with icmp6-no-route',
      'ip6tables -A INPUT -j REJECT --reject-with icmp6-addr-unreachable',
      'ip6tables -A INPUT -j REJECT --reject-with no-route',
      'ip6tables -A INPUT -j LOG --log-prefix "v6 "',
      'ip6tables -A INPUT -6 -j ACCEPT',
    ];
    const [s, l, lnv] = printed(rules, 'ip6tables -S INPUT', 'ip6tables -L INPUT', 'ip6tables -L INPUT -n -v --line-numbers');
    expect(s).toBe(lines(
      '-P INPUT ACCEPT',
      '-A INPUT -s 2001:db8::/32 ! -d fe80::/10 -p tcp -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -d 2001:db8::1/128 -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/3 -j ACCEPT',
      '-A INPUT -p ipv6-icmp -j REJECT --reject-with icmp6-adm-prohibited',
      '-A INPUT -p tcp -j REJECT --reject-with tcp-reset',
      '-A INPUT -j REJECT --reject-with icmp6-port-unreachable',
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED --ctorigsrc 2001:db8::/64 -j ACCEPT',
      '-A INPUT -p icmp -j ACCEPT',
      '-A INPUT -s 2001:db8::/32 -j ACCEPT',
      '-A INPUT -j REJECT --reject-with icmp6-no-route',
      '-A INPUT -j REJECT --reject-with icmp6-addr-unreachable',
      '-A INPUT -j REJECT --reject-with icmp6-no-route',
      '-A INPUT -j LOG --log-prefix "v6 "',
      '-A INPUT -j ACCEPT',
    ));
    expect(l).toBe(lines(
      'Chain INPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'ACCEPT     tcp  --  2001:db8::/32       !fe80::/10            tcp dpt:ssh',
      'ACCEPT     ipv6-icmp --  anywhere             2001:db8::1          ipv6-icmp echo-request',
      'ACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp neighbour-solicitation',
      'ACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp address-unreachable',
      'REJECT     ipv6-icmp --  anywhere             anywhere             reject-with icmp6-adm-prohibited',
      'REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset',
      'REJECT     all  --  anywhere             anywhere             reject-with icmp6-port-unreachable',
      'ACCEPT     all  --  anywhere             anywhere             ctstate RELATED,ESTABLISHED ctorigsrc 2001:db8::/64',
      'ACCEPT     icmp --  anywhere             anywhere            ',
      'ACCEPT     all  --  2001:db8::/32        anywhere            ',
      'REJECT     all  --  anywhere             anywhere             reject-with icmp6-no-route',
      'REJECT     all  --  anywhere             anywhere             reject-with icmp6-addr-unreachable',
      'REJECT     all  --  anywhere             anywhere             reject-with icmp6-no-route',
      'LOG        all  --  anywhere             anywhere             LOG level warn prefix "v6 "',
      'ACCEPT     all  --  anywhere             anywhere            ',
    ));
    expect(lnv).toBe(lines(
      'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)',
      'num   pkts bytes target     prot opt in     out     source               destination         ',
      '1        0     0 ACCEPT     6    --  *      *       2001:db8::/32       !fe80::/10            tcp dpt:22',
      '2        0     0 ACCEPT     58   --  *      *       ::/0                 2001:db8::1          ipv6-icmptype 128',
      '3        0     0 ACCEPT     58   --  *      *       ::/0                 ::/0                 ipv6-icmptype 135',
      '4        0     0 ACCEPT     58   --  *      *       ::/0                 ::/0                 ipv6-icmptype 1 code 3',
      '5        0     0 REJECT     58   --  *      *       ::/0                 ::/0                 reject-with icmp6-adm-prohibited',
      '6        0     0 REJECT     6    --  *      *       ::/0                 ::/0                 reject-with tcp-reset',
      '7        0     0 REJECT     0    --  *      *       ::/0                 ::/0                 reject-with icmp6-port-unreachable',
      '8        0     0 ACCEPT     0    --  *      *       ::/0                 ::/0                 ctstate RELATED,ESTABLISHED ctorigsrc 2001:db8::/64',
      '9        0     0 ACCEPT     1    --  *      *       ::/0                 ::/0                ',
      '10       0     0 ACCEPT     0    --  *      *       2001:db8::/32        ::/0                ',
      '11       0     0 REJECT     0    --  *      *       ::/0                 ::/0                 reject-with icmp6-no-route',
      '12       0     0 REJECT     0    --  *      *       ::/0                 ::/0                 reject-with icmp6-addr-unreachable',
      '13       0     0 REJECT     0    --  *      *       ::/0                 ::/0                 reject-with icmp6-no-route',
      '14       0     0 LOG        0    --  *      *       ::/0                 ::/0                 LOG flags 0 level 4 prefix "v6 "',
      '15       0     0 ACCEPT     0    --  *      *       ::/0                 ::/0                ',
    ));
  });

  it('NAT targets take [v6] addresses with ports in brackets; MASQUERADE and the nat table as in IPv4', () => {
    const [s, l] = printed([
      'ip6tables -t nat -A POSTROUTING -s fd00::/64 ! -d fd00::/64 -j MASQUERADE',
      'ip6tables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination \'[fd00::2]:8080\'',
      'ip6tables -t nat -A PREROUTING -p tcp --dport 81 -j DNAT --to-destination fd00::2',
      'ip6tables -t nat -A POSTROUTING -j SNAT --to-source fd00::1-fd00::5',
      'ip6tables -t nat -A PREROUTING -p tcp --dport 82 -j DNAT --to-destination "[fd00::2]:80-90"',
    ], 'ip6tables -t nat -S', 'ip6tables -t nat -L -n');
    expect(s).toBe(lines(
      '-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT',
      '-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination [fd00::2]:8080',
      '-A PREROUTING -p tcp -m tcp --dport 81 -j DNAT --to-destination fd00::2',
      '-A PREROUTING -p tcp -m tcp --dport 82 -j DNAT --to-destination [fd00::2]:80-90',
      '-A POSTROUTING -s fd00::/64 ! -d fd00::/64 -j MASQUERADE',
      '-A POSTROUTING -j SNAT --to-source fd00::1-fd00::5',
    ));
    expect(l).toContain('DNAT       6    --  ::/0                 ::/0                 tcp dpt:80 to:[fd00::2]:8080\n');
    expect(l).toContain('MASQUERADE  0    --  fd00::/64           !fd00::/64           \n');
    expect(l).toContain('SNAT       0    --  ::/0                 ::/0                 to:fd00::1-fd00::5\n');
    expect(refusal('ip6tables -t nat -A PREROUTING -p tcp --dport 83 -j DNAT --to-destination 1.2.3.4')).toBe(err('Bad IP address "1.2.3.4"'));
  });

  it('mangle MARK and CONNMARK, and the policies, chains and errors of the kernel', () => {
    const [s] = printed([
      'ip6tables -t mangle -A PREROUTING -j MARK --set-mark 1',
      'ip6tables -t mangle -A PREROUTING -m mark --mark 1 -j CONNMARK --save-mark',
    ], 'ip6tables -t mangle -S');
    expect(s).toBe(lines(
      '-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT',
      '-A PREROUTING -j MARK --set-xmark 0x1/0xffffffff',
      '-A PREROUTING -m mark --mark 0x1 -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff',
    ));
    const onRouter = (command: string) => {
      const r = runCommand(routed([...LIBVIRT, 'ip6tables -E LIBVIRT_INP RENAMED', 'ip6tables -A INPUT -j ACCEPT']), 'router', command);
      return { stdout: r.stdout, stderr: r.stderr, exit: r.exit };
    };
    expect(onRouter('ip6tables -C INPUT -j ACCEPT')).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(onRouter('ip6tables -C INPUT -j DROP')).toEqual({ stdout: '', stderr: 'ip6tables: Bad rule (does a matching rule exist in that chain?).\n', exit: 1 });
    expect(onRouter('ip6tables -S INPUT').stdout).toBe(lines('-P INPUT ACCEPT', '-A INPUT -j RENAMED', '-A INPUT -j ACCEPT'));
    const refusedAfterLibvirt = (line: string) => {
      const issue = runCommand(routed([...LIBVIRT, line]), 'client', 'true').configIssues[0];
      return issue && { message: issue.message, line: issue.line };
    };
    expect(refusedAfterLibvirt('ip6tables -N LIBVIRT_INP')).toEqual({ message: 'ip6tables: Chain already exists.', line: 7 });
    expect(refusedAfterLibvirt('ip6tables -P LIBVIRT_INP DROP')).toEqual({ message: 'ip6tables: Bad built-in chain name.', line: 7 });
    expect(onRouter('ip6tables -S NOPE')).toMatchObject({ stderr: "ip6tables v1.8.9 (nf_tables): chain `NOPE' in table `filter' is incompatible, use 'nft' tool.\n", exit: 1 });
    expect(refusal('ip6tables -D INPUT 99')).toBe('ip6tables: Index of deletion too big.');
    expect(refusal('ip6tables -A INPUT -j NOPE')).toBe(err("Chain 'NOPE' does not exist"));
    // Only the tool's own name changes: a chain called iptables keeps its name.
    expect(refusal('ip6tables -A INPUT -j iptables')).toBe(err("Chain 'iptables' does not exist"));
  });

  it("refuses what ip6tables refuses, with its messages: IPv4-only modules, -f, IPv4 addresses, -4", () => {
    expect(configError('ip6tables -A INPUT -m icmp --icmp-type 8 -j ACCEPT').message).toBe(err("Couldn't load match `icmp':No such file or directory\n"));
    expect(configError('ip6tables -A INPUT -p icmp --icmp-type 8 -j ACCEPT').message).toBe(err('unknown option "--icmp-type"'));
    expect(configError('ip6tables -A INPUT -f -j ACCEPT').message).toBe(err("`-f' is not supported in IPv6, use -m frag instead"));
    expect(configError('ip6tables -A INPUT -s 10.0.0.1 -j ACCEPT').message).toBe(err("host/network `10.0.0.1' not found"));
    expect(configError('ip6tables -A INPUT -s 2001:db8::1/129 -j ACCEPT').message).toBe(err("invalid mask `129' specified"));
    expect(configError('ip6tables -A INPUT -j REJECT --reject-with icmp-port-unreachable').message).toBe(err('unknown reject type "icmp-port-unreachable"'));
    expect(configError('ip6tables -A INPUT -p icmpv6 --icmpv6-type bogus -j ACCEPT').message).toBe(err("Unknown ICMPv6 type `bogus'"));
    expect(configError('ip6tables -A INPUT -p icmpv6 --icmpv6-type ttl').message).toBe(err("Ambiguous ICMPv6 type `ttl': `ttl-exceeded' or `ttl-zero-during-transit'?"));
    expect(configError('ip6tables -A INPUT -p icmpv6 --icmpv6-type 1/300').message).toBe(err("Unknown ICMPv6 code `1/300'"));
    expect(configError('ip6tables -A INPUT -m icmp6').message).toBe(err('icmp6: option "--icmpv6-type" must be specified\n'));
    expect(configError('ip6tables -A INPUT -m multiport --dports 80,443 -j ACCEPT').message).toBe(err("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"));
    expect(configError('ip6tables -A INPUT -4 -j ACCEPT')).toMatchObject({ message: HINT, exitStatus: 2 });
    expect(configError('iptables -A INPUT -6 -j ACCEPT')).toMatchObject({ message: "Try `iptables -h' or 'iptables --help' for more information.", exitStatus: 2 });
    expect(configError('ip6tables -t bogus -S')).toMatchObject({ message: "ip6tables v1.8.9 (nf_tables): table 'bogus' does not exist\nPerhaps ip6tables or your kernel needs to be upgraded.", exitStatus: 3 });
  });

  it('-m hl and -m rt (ufw\'s RH0 and hop-limit rules) are ip6tables modules; iptables has neither', () => {
    const [s, l] = printed([
      'ip6tables -A INPUT -m rt --rt-type 0 -j DROP',
      'ip6tables -A INPUT -m rt ! --rt-type 2 --rt-segsleft 3:5 --rt-len 8',
      'ip6tables -A INPUT -m rt --rt-segsleft 4',
      'ip6tables -A INPUT -p ipv6-icmp --icmpv6-type 133 -m hl --hl-eq 255 -j ACCEPT',
      'ip6tables -A INPUT -m hl --hl-lt 5',
      'ip6tables -A INPUT -m hl --hl-gt 5',
      'ip6tables -A INPUT -m hl ! --hl-eq 1',
      'ip6tables -A INPUT -p ipv6-icmp -m ipv6-icmp --icmpv6-type 133',
      'ip6tables -A INPUT -p icmpv6 -m icmpv6 --icmpv6-type 133',
    ], 'ip6tables -S INPUT', 'ip6tables -L INPUT');
    expect(s).toBe(lines(
      '-P INPUT ACCEPT',
      '-A INPUT -m rt --rt-type 0 -j DROP',
      '-A INPUT -m rt ! --rt-type 2 --rt-segsleft 3:5 --rt-len 8',
      '-A INPUT -m rt --rt-segsleft 4',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133 -m hl --hl-eq 255 -j ACCEPT',
      '-A INPUT -m hl --hl-lt 5',
      '-A INPUT -m hl --hl-gt 5',
      '-A INPUT -m hl ! --hl-eq 1',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133',
    ));
    expect(l.split('\n').slice(2, 9)).toEqual([
      'DROP       all  --  anywhere             anywhere             rt type:0',
      '           all  --  anywhere             anywhere             rt type:!2 segslefts:3:5 length:8',
      '           all  --  anywhere             anywhere             rt segsleft:4',
      'ACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp router-solicitation HL match HL == 255',
      '           all  --  anywhere             anywhere             HL match HL < 5',
      '           all  --  anywhere             anywhere             HL match HL > 5',
      '           all  --  anywhere             anywhere             HL match HL != 1',
    ]);
    expect(configError('ip6tables -A INPUT -m hl').message).toBe(err("HL match: You must specify one of `--hl-eq', `--hl-lt', `--hl-gt'"));
    expect(configError('ip6tables -A INPUT -m hl --hl-eq 256').message).toBe(err('hl: bad value for option "--hl-eq", or out of range (0-255).\n'));
    expect(configError('ip6tables -A INPUT -m hl --hl-eq 1 --hl-lt 3').message).toBe(err('hl: option "--hl-lt" cannot be used together with "--hl-eq".\n'));
    expect(configError('ip6tables -A INPUT -m rt --rt-type x').message).toBe(err('rt: bad value for option "--rt-type", or out of range (0-4294967295).\n'));
    expect(configError('iptables -A INPUT -p icmpv6 -m icmpv6 --icmpv6-type 1').message).toBe("iptables v1.8.9 (nf_tables): Couldn't load match `icmp6':No such file or directory\n\nTry `iptables -h' or 'iptables --help' for more information.");
    expect(configError('ip6tables -A INPUT -p icmp6').message).toBe(err('unknown protocol "icmp6" specified'));
    expect(configError('iptables -A INPUT -m rt').message).toBe("iptables v1.8.9 (nf_tables): Couldn't load match `rt':No such file or directory\n\nTry `iptables -h' or 'iptables --help' for more information.");
  });

  it("ip6tables-restore loads ufw's before6.rules whole (-n keeps the built-in chains' rules)", () => {
    const [s, ln, l] = printed(["ip6tables-restore -n <<'EOF'", ...UFW6, 'EOF'], 'ip6tables -S', 'ip6tables -L ufw6-before-input -n', 'ip6tables -L ufw6-before-input');
    expect(s).toBe("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N ufw6-before-forward\n-N ufw6-before-input\n-N ufw6-before-output\n-N ufw6-logging-deny\n-A ufw6-before-forward -m rt --rt-type 0 -j DROP\n-A ufw6-before-forward -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A ufw6-before-forward -p ipv6-icmp -m icmp6 --icmpv6-type 1 -j ACCEPT\n-A ufw6-before-forward -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT\n-A ufw6-before-input -i lo -j ACCEPT\n-A ufw6-before-input -m rt --rt-type 0 -j DROP\n-A ufw6-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 129 -j ACCEPT\n-A ufw6-before-input -m conntrack --ctstate INVALID -j ufw6-logging-deny\n-A ufw6-before-input -m conntrack --ctstate INVALID -j DROP\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 1 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 2 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 3 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 4 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 133 -m hl --hl-eq 255 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 134 -m hl --hl-eq 255 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 135 -m hl --hl-eq 255 -j ACCEPT\n-A ufw6-before-input -p ipv6-icmp -m icmp6 --icmpv6-type 136 -m hl --hl-eq 255 -j ACCEPT\n-A ufw6-before-input -s fe80::/10 -p ipv6-icmp -m icmp6 --icmpv6-type 130 -j ACCEPT\n-A ufw6-before-input -s fe80::/10 -p ipv6-icmp -m icmp6 --icmpv6-type 143 -j ACCEPT\n-A ufw6-before-input -s fe80::/10 -d fe80::/10 -p udp -m udp --sport 547 --dport 546 -j ACCEPT\n-A ufw6-before-input -d ff02::fb/128 -p udp -m udp --dport 5353 -j ACCEPT\n-A ufw6-before-input -d ff02::f/128 -p udp -m udp --dport 1900 -j ACCEPT\n-A ufw6-before-output -o lo -j ACCEPT\n-A ufw6-before-output -m rt --rt-type 0 -j DROP\n-A ufw6-before-output -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A ufw6-before-output -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j ACCEPT\n");
    expect(ln).toBe("Chain ufw6-before-input (0 references)\ntarget     prot opt source               destination         \nACCEPT     0    --  ::/0                 ::/0                \nDROP       0    --  ::/0                 ::/0                 rt type:0\nACCEPT     0    --  ::/0                 ::/0                 ctstate RELATED,ESTABLISHED\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 129\nufw6-logging-deny  0    --  ::/0                 ::/0                 ctstate INVALID\nDROP       0    --  ::/0                 ::/0                 ctstate INVALID\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 1\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 2\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 3\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 4\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 128\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 133 HL match HL == 255\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 134 HL match HL == 255\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 135 HL match HL == 255\nACCEPT     58   --  ::/0                 ::/0                 ipv6-icmptype 136 HL match HL == 255\nACCEPT     58   --  fe80::/10            ::/0                 ipv6-icmptype 130\nACCEPT     58   --  fe80::/10            ::/0                 ipv6-icmptype 143\nACCEPT     17   --  fe80::/10            fe80::/10            udp spt:547 dpt:546\nACCEPT     17   --  ::/0                 ff02::fb             udp dpt:5353\nACCEPT     17   --  ::/0                 ff02::f              udp dpt:1900\n");
    expect(l).toBe("Chain ufw6-before-input (0 references)\ntarget     prot opt source               destination         \nACCEPT     all  --  anywhere             anywhere            \nDROP       all  --  anywhere             anywhere             rt type:0\nACCEPT     all  --  anywhere             anywhere             ctstate RELATED,ESTABLISHED\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp echo-reply\nufw6-logging-deny  all  --  anywhere             anywhere             ctstate INVALID\nDROP       all  --  anywhere             anywhere             ctstate INVALID\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp destination-unreachable\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp packet-too-big\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp time-exceeded\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp parameter-problem\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp echo-request\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp router-solicitation HL match HL == 255\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp router-advertisement HL match HL == 255\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp neighbour-solicitation HL match HL == 255\nACCEPT     ipv6-icmp --  anywhere             anywhere             ipv6-icmp neighbour-advertisement HL match HL == 255\nACCEPT     ipv6-icmp --  fe80::/10            anywhere             ipv6-icmptype 130\nACCEPT     ipv6-icmp --  fe80::/10            anywhere             ipv6-icmptype 143\nACCEPT     udp  --  fe80::/10            fe80::/10            udp spt:dhcpv6-server dpt:dhcpv6-client\nACCEPT     udp  --  anywhere             ff02::fb             udp dpt:mdns\nACCEPT     udp  --  anywhere             ff02::f              udp dpt:1900\n");
  });

  it('ip6tables-restore applies nothing of a table a rule of which fails, and says so in its own name', () => {
    const failing = (body: string[]) => runCommand(routed([...LIBVIRT, "ip6tables-restore <<'EOF'", ...body, 'EOF']), 'client', 'true');
    const parse = failing(['*filter', '-A INPUT -j DROP', '-A INPUT -m icmp --icmp-type 8 -j ACCEPT', 'COMMIT']);
    expect(parse.configIssues[0]!.message).toBe("ip6tables-restore v1.8.9 (nf_tables): Couldn't load match `icmp':No such file or directory\n\nError occurred at line: 3\nTry `ip6tables-restore -h' or 'ip6tables-restore --help' for more information.");
    const kernel = failing(['*filter', '-A INPUT -j DROP', '-A NOPE -j ACCEPT', 'COMMIT']);
    expect(kernel.configIssues[0]!.message).toBe('ip6tables-restore: line 3 failed: No chain/target/match by that name.');
    for (const r of [parse, kernel]) expect(viewOn(r.network, 'router', 'ip6tables -S INPUT').stdout).toBe(lines('-P INPUT ACCEPT', '-A INPUT -j LIBVIRT_INP'));
  });

  it("libvirt's whole IPv6 NAT network loads; ip6tables-save and -L -v -n print it as on Linux", () => {
    const [save, lnv] = printed(LIBVIRT_NAT6, 'ip6tables-save', 'ip6tables -L -v -n');
    expect(save.split('\n').filter((l) => !l.startsWith('#')).join('\n').trimEnd()).toBe([
      '*mangle',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':LIBVIRT_PRT - [0:0]',
      '-A POSTROUTING -j LIBVIRT_PRT',
      'COMMIT',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':LIBVIRT_FWI - [0:0]',
      ':LIBVIRT_FWO - [0:0]',
      ':LIBVIRT_FWX - [0:0]',
      ':LIBVIRT_INP - [0:0]',
      ':LIBVIRT_OUT - [0:0]',
      '-A INPUT -j LIBVIRT_INP',
      '-A FORWARD -j LIBVIRT_FWX',
      '-A FORWARD -j LIBVIRT_FWI',
      '-A FORWARD -j LIBVIRT_FWO',
      '-A OUTPUT -j LIBVIRT_OUT',
      '-A LIBVIRT_FWI -d 2001:db8:ca2:2::/64 -o virbr0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A LIBVIRT_FWI -o virbr0 -j REJECT --reject-with icmp6-port-unreachable',
      '-A LIBVIRT_FWO -s 2001:db8:ca2:2::/64 -i virbr0 -j ACCEPT',
      '-A LIBVIRT_FWO -i virbr0 -j REJECT --reject-with icmp6-port-unreachable',
      '-A LIBVIRT_FWX -i virbr0 -o virbr0 -j ACCEPT',
      '-A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 547 -j ACCEPT',
      '-A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 53 -j ACCEPT',
      '-A LIBVIRT_INP -i virbr0 -p tcp -m tcp --dport 53 -j ACCEPT',
      '-A LIBVIRT_OUT -o virbr0 -p udp -m udp --dport 546 -j ACCEPT',
      '-A LIBVIRT_OUT -o virbr0 -p udp -m udp --dport 53 -j ACCEPT',
      '-A LIBVIRT_OUT -o virbr0 -p tcp -m tcp --dport 53 -j ACCEPT',
      'COMMIT',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':LIBVIRT_PRT - [0:0]',
      '-A POSTROUTING -j LIBVIRT_PRT',
      '-A LIBVIRT_PRT -s 2001:db8:ca2:2::/64 ! -d 2001:db8:ca2:2::/64 -j MASQUERADE',
      '-A LIBVIRT_PRT -s 2001:db8:ca2:2::/64 ! -d 2001:db8:ca2:2::/64 -p udp -j MASQUERADE --to-ports 1024-65535',
      '-A LIBVIRT_PRT -s 2001:db8:ca2:2::/64 ! -d 2001:db8:ca2:2::/64 -p tcp -j MASQUERADE --to-ports 1024-65535',
      '-A LIBVIRT_PRT -s 2001:db8:ca2:2::/64 -d ff02::/16 -j RETURN',
      'COMMIT',
    ].join('\n'));
    expect(lnv).toBe(lines(
      'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 LIBVIRT_INP  0    --  *      *       ::/0                 ::/0                ',
      '',
      'Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 LIBVIRT_FWX  0    --  *      *       ::/0                 ::/0                ',
      '    0     0 LIBVIRT_FWI  0    --  *      *       ::/0                 ::/0                ',
      '    0     0 LIBVIRT_FWO  0    --  *      *       ::/0                 ::/0                ',
      '',
      'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 LIBVIRT_OUT  0    --  *      *       ::/0                 ::/0                ',
      '',
      'Chain LIBVIRT_FWI (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 ACCEPT     0    --  *      virbr0  ::/0                 2001:db8:ca2:2::/64  ctstate RELATED,ESTABLISHED',
      '    0     0 REJECT     0    --  *      virbr0  ::/0                 ::/0                 reject-with icmp6-port-unreachable',
      '',
      'Chain LIBVIRT_FWO (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 ACCEPT     0    --  virbr0 *       2001:db8:ca2:2::/64  ::/0                ',
      '    0     0 REJECT     0    --  virbr0 *       ::/0                 ::/0                 reject-with icmp6-port-unreachable',
      '',
      'Chain LIBVIRT_FWX (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 ACCEPT     0    --  virbr0 virbr0  ::/0                 ::/0                ',
      '',
      'Chain LIBVIRT_INP (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 ACCEPT     17   --  virbr0 *       ::/0                 ::/0                 udp dpt:547',
      '    0     0 ACCEPT     17   --  virbr0 *       ::/0                 ::/0                 udp dpt:53',
      '    0     0 ACCEPT     6    --  virbr0 *       ::/0                 ::/0                 tcp dpt:53',
      '',
      'Chain LIBVIRT_OUT (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 ACCEPT     17   --  *      virbr0  ::/0                 ::/0                 udp dpt:546',
      '    0     0 ACCEPT     17   --  *      virbr0  ::/0                 ::/0                 udp dpt:53',
      '    0     0 ACCEPT     6    --  *      virbr0  ::/0                 ::/0                 tcp dpt:53',
    ));
  });

  it("Docker's IPv6 lines load; -X of a chain in use (rules in it, or a jump to it) is EBUSY, and deletes nothing", () => {
    const docker = [
      'ip6tables -N DOCKER', 'ip6tables -N DOCKER-USER', 'ip6tables -A FORWARD -j DOCKER-USER',
      'ip6tables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', 'ip6tables -A FORWARD -o docker0 -j DOCKER',
      'ip6tables -A DOCKER-USER -j RETURN', 'ip6tables -t nat -N DOCKER',
      'ip6tables -t nat -A OUTPUT ! -d ::1/128 -m addrtype --dst-type LOCAL -j DOCKER',
      'ip6tables -t nat -A POSTROUTING -s fd00:dead:beef::/48 ! -o docker0 -j MASQUERADE',
      "ip6tables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination '[fd00:dead:beef::2]:80'",
      'ip6tables -A INPUT -m iprange --src-range 2001:db8::1-2001:db8::9 -j ACCEPT',
      'ip6tables -A INPUT -i eth0 -s ::ffff:10.0.0.0/104 -j DROP',
    ];
    const [nat, l] = printed(docker, 'ip6tables -t nat -S', 'ip6tables -L INPUT -n');
    expect(nat).toBe(lines(
      '-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT', '-N DOCKER',
      '-A OUTPUT ! -d ::1/128 -m addrtype --dst-type LOCAL -j DOCKER',
      '-A POSTROUTING -s fd00:dead:beef::/48 ! -o docker0 -j MASQUERADE',
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd00:dead:beef::2]:80',
    ));
    expect(l).toContain('ACCEPT     0    --  ::/0                 ::/0                 source IP range 2001:db8::1-2001:db8::9\n');
    expect(l).toContain('DROP       0    --  ::ffff:10.0.0.0/104  ::/0                \n');
    const busy = "ip6tables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain DOCKER";
    expect(refusalAfter(docker, 'ip6tables -X DOCKER')).toBe(busy);
    expect(refusalAfter(docker, 'ip6tables -t nat -X')).toBe(busy);
    const r = runCommand(routed([...docker, 'ip6tables -X']), 'client', 'true');
    expect(r.configIssues.map((i) => i.message)).toEqual([busy]);
    expect(viewOn(r.network, 'router', 'ip6tables -S').stdout).toContain('-N DOCKER-USER\n');
  });

  it('! -s ::/0 (and ! -s 0.0.0.0/0) compares nothing: nf_tables refuses the rule (exit 4); -s 0.0.0.0/0 is no test and prints nothing', () => {
    expect(refusal('ip6tables -A INPUT ! -s ::/0 -j ACCEPT')).toBe('ip6tables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT');
    expect(refusal('iptables -A INPUT ! -s 0.0.0.0/0 -j ACCEPT')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT');
    const [s] = printed(['iptables -A INPUT -s 0.0.0.0/0 -d 0/0 -j ACCEPT'], 'iptables -S INPUT');
    expect(s).toBe(lines('-P INPUT ACCEPT', '-A INPUT -j ACCEPT'));
  });

  it('a module bound to one protocol needs -p it, not inverted: icmp6, icmp, REJECT --reject-with tcp-reset (EINVAL, exit 4)', () => {
    const einval = (prog: string, chain = 'INPUT') => `${prog} v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}`;
    expect(refusal('ip6tables -A INPUT -p tcp -m icmp6 --icmpv6-type 1')).toBe(einval('ip6tables'));
    expect(refusal('ip6tables -A INPUT ! -p ipv6-icmp -m icmp6 --icmpv6-type 1')).toBe(einval('ip6tables'));
    expect(refusal('ip6tables -A INPUT -m icmp6 --icmpv6-type 1')).toBe(einval('ip6tables'));
    expect(refusal('iptables -A INPUT -m icmp --icmp-type 8')).toBe(einval('iptables'));
    expect(refusal('iptables -A INPUT ! -p icmp -m icmp --icmp-type 8')).toBe(einval('iptables'));
    expect(refusal('ip6tables -A INPUT -j REJECT --reject-with tcp-reset')).toBe(einval('ip6tables'));
    expect(refusal('ip6tables -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset')).toBe(einval('ip6tables'));
    expect(refusalAfter(['ip6tables -N X'], 'ip6tables -A X -j REJECT --reject-with tcp-reset')).toBe(einval('ip6tables', 'X'));
    expect(refusalAfter([], 'ip6tables -A INPUT -p tcp -j REJECT --reject-with tcp-reset')).toBeUndefined();
    expect(refusal('iptables -A INPUT -j REJECT --reject-with tcp-reset')).toBe(einval('iptables'));
    expect(refusal('iptables -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset')).toBe(einval('iptables'));
    expect(refusalAfter([], 'iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset')).toBeUndefined();
  });

  it('-I, -R, -D by number and by rule, -Z and -F edit the IPv6 chain as on Linux, and say which index is too big', () => {
    const edits = [
      'ip6tables -A INPUT -s fd00::1 -j ACCEPT', 'ip6tables -A INPUT -s fd00::2 -j ACCEPT', 'ip6tables -I INPUT 2 -s fd00::3 -j DROP',
      'ip6tables -R INPUT 1 -s fd00::4 -j RETURN', 'ip6tables -D INPUT -s fd00::2 -j ACCEPT', 'ip6tables -I INPUT -p udp --dport 547 -j ACCEPT', 'ip6tables -Z INPUT',
    ];
    const [s] = printed(edits, 'ip6tables -S INPUT');
    expect(s).toBe(lines('-P INPUT ACCEPT', '-A INPUT -p udp -m udp --dport 547 -j ACCEPT', '-A INPUT -s fd00::4/128 -j RETURN', '-A INPUT -s fd00::3/128 -j DROP'));
    expect(refusalAfter(edits, 'ip6tables -D INPUT -s fd00::9 -j ACCEPT')).toBe('ip6tables: Bad rule (does a matching rule exist in that chain?).');
    expect(refusalAfter(edits, 'ip6tables -R INPUT 9 -j ACCEPT')).toBe('ip6tables: Index of replacement too big.');
    expect(refusalAfter(edits, 'ip6tables -I INPUT 9 -j ACCEPT')).toBe('ip6tables: Index of insertion too big.');
    expect(printed([...edits, 'ip6tables -F INPUT'], 'ip6tables -S INPUT')[0]).toBe(lines('-P INPUT ACCEPT'));
  });

  it('-g after -j is a second -j: one option to iptables (OPT_JUMP)', () => {
    expect(configError('ip6tables -A FORWARD -j ACCEPT -g DOCKER').message).toBe(err('multiple -j flags not allowed'));
    expect(configError('iptables -A FORWARD -g A -g B').message).toBe("iptables v1.8.9 (nf_tables): multiple -j flags not allowed\nTry `iptables -h' or 'iptables --help' for more information.");
  });

  it('the parsed command names its family; the -save names read as iptables-save does', () => {
    expect(configCommand('ip6tables -A INPUT -j ACCEPT')).toMatchObject({ kind: 'iptables', family: 10, table: 'filter' });
    expect(configCommand('ip6tables-nft -A INPUT -j ACCEPT')).toMatchObject({ family: 10 });
    expect(configCommand('ip6tables-legacy -A INPUT -j ACCEPT')).toMatchObject({ family: 10 });
    expect(configCommand('iptables -A INPUT -j ACCEPT')).not.toHaveProperty('family');
    const [v] = printed([], 'ip6tables-nft-save -V');
    expect(v).toBe('ip6tables-nft-save v1.8.9 (nf_tables)\n');
    expect(configError('ip6tables-save -x').message).toBe("ip6tables-save: invalid option -- 'x'\nLook at manual page `ip6tables-save.8' for more information.");
  });
});
