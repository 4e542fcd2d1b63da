import { describe, expect, it } from 'vitest';
import { lines, viewOn } from '../../export/print/fixture';
import { parseError, printed, refusal, through } from './testing';

const RULES = [
  '-m owner --uid-owner 0 -j ACCEPT',
  '-m owner --uid-owner root -j ACCEPT',
  '-m owner --gid-owner 1000-2000 --socket-exists -j ACCEPT',
  '-m owner ! --uid-owner 0 ! --gid-owner 0 ! --socket-exists',
  '-m owner --uid-owner 5',
  '-m owner --gid-owner games --suppl-groups',
  '-m owner --uid-owner 0x10',
].map((r) => `iptables -A OUTPUT ${r}`);

describe('libxt_owner / xt_owner', () => {
  it('prints as iptables -S, -L (names from /etc/passwd and /etc/group) and -L -n do', () => {
    const [s, l, n] = printed(RULES, 'iptables -S OUTPUT', 'iptables -L OUTPUT', 'iptables -L OUTPUT -n');
    expect(s).toBe(lines(
      '-P OUTPUT ACCEPT',
      '-A OUTPUT -m owner --uid-owner 0 -j ACCEPT',
      '-A OUTPUT -m owner --uid-owner 0 -j ACCEPT',
      '-A OUTPUT -m owner --socket-exists --gid-owner 1000-2000 -j ACCEPT',
      '-A OUTPUT -m owner ! --socket-exists ! --uid-owner 0 ! --gid-owner 0',
      '-A OUTPUT -m owner --uid-owner 5',
      '-A OUTPUT -m owner --gid-owner 60 --suppl-groups',
      '-A OUTPUT -m owner --uid-owner 16',
    ));
    expect(l).toBe(lines(
      'Chain OUTPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'ACCEPT     all  --  anywhere             anywhere             owner UID match root',
      'ACCEPT     all  --  anywhere             anywhere             owner UID match root',
      'ACCEPT     all  --  anywhere             anywhere             owner socket exists owner GID match 1000-2000',
      '           all  --  anywhere             anywhere             ! owner socket exists ! owner UID match root ! owner GID match root',
      '           all  --  anywhere             anywhere             owner UID match games',
      '           all  --  anywhere             anywhere             owner GID match games incl. suppl. groups',
      '           all  --  anywhere             anywhere             owner UID match 16',
    ));
    expect(n).toContain('0.0.0.0/0            0.0.0.0/0            ! owner socket exists ! owner UID match 0 ! owner GID match 0\n');
  });

  it('refuses as iptables and the kernel do', () => {
    expect(parseError('iptables -A OUTPUT -m owner')).toBe('iptables v1.8.9 (nf_tables): owner: At least one of --uid-owner, --gid-owner or --socket-exists is required');
    expect(parseError('iptables -A OUTPUT -m owner --uid-owner nosuchuser')).toBe('iptables v1.8.9 (nf_tables): owner: Bad value for "--uid-owner" option: "nosuchuser"');
    expect(parseError('iptables -A OUTPUT -m owner --gid-owner 4294967295')).toBe('iptables v1.8.9 (nf_tables): owner: Bad value for "--gid-owner" option: "4294967295"');
    expect(parseError('iptables -A OUTPUT -m owner --suppl-groups --gid-owner 5')).toBe('iptables v1.8.9 (nf_tables): owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"');
    expect(parseError('iptables -A OUTPUT -m owner --gid-owner 5 ! --suppl-groups')).toBe('iptables v1.8.9 (nf_tables): owner: option "--suppl-groups" cannot be inverted.\n');
    // xt_owner.hooks: OUTPUT and POSTROUTING; owner_check: a reversed range.
    expect(refusal('iptables -A INPUT -m owner --uid-owner 0')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT');
    expect(refusal('iptables -A OUTPUT -m owner --uid-owner 5-3')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain OUTPUT');
  });

  it('owner_mt: a process\'s packets are root\'s (uid 0); the kernel\'s own replies have a socket but no owner', () => {
    const client = (rule: string) => ({ client: [rule] });
    expect(through([], 'ping -c 1 -W 1 10.0.2.2', client('iptables -A OUTPUT -m owner --uid-owner 0 -j DROP')).exit).toBe(1);
    expect(through([], 'ping -c 1 -W 1 10.0.2.2', client('iptables -A OUTPUT -m owner --uid-owner 1-65534 -j DROP')).exit).toBe(0);
    expect(through([], 'ping -c 1 -W 1 10.0.2.2', client('iptables -A OUTPUT -m owner ! --uid-owner 0 -j DROP')).exit).toBe(0);
    expect(through([], 'nc -z -w 1 10.0.2.2 80', client('iptables -A OUTPUT -p tcp -m owner --gid-owner root -j DROP')).exit).toBe(1);
    // The server's echo reply (icmp_reply) leaves from the control socket: it exists, owned by no one.
    const server = (rule: string) => ({ server: [rule] });
    expect(through([], 'ping -c 1 -W 1 10.0.2.2', server('iptables -A OUTPUT -m owner --uid-owner 0 -j DROP')).exit).toBe(0);
    expect(through([], 'ping -c 1 -W 1 10.0.2.2', server('iptables -A OUTPUT -m owner --socket-exists -j DROP')).exit).toBe(1);
    // A forwarded packet has no socket: only a rule whose every test is inverted matches it.
    expect(through(['iptables -t mangle -A POSTROUTING -m owner --socket-exists -j DROP']).exit).toBe(0);
    expect(through(['iptables -t mangle -A POSTROUTING -m owner ! --socket-exists -j DROP']).exit).toBe(1);
  });

  it('a listener\'s SYN-ACK is its process\'s; the RST for a closed port is the kernel\'s', () => {
    const syn = through([], 'nc -z -w 1 10.0.2.2 80', { server: ['nc -l -k 80 &', 'iptables -A OUTPUT -m owner --uid-owner root -j DROP'] });
    expect(syn.exit).toBe(1);
    const rst = through([], 'nc -z -w 1 10.0.2.2 81', { server: ['iptables -A OUTPUT -m owner --uid-owner root -j DROP', 'iptables -A OUTPUT -m owner --socket-exists'] });
    expect(viewOn(rst.network, 'server', 'iptables -L OUTPUT -v -n').stdout).toBe(lines(
      'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner UID match 0',
      '    1    40            0    --  *      *       0.0.0.0/0            0.0.0.0/0            owner socket exists',
    ));
  });
});

describe('xt_owner and a closed socket', () => {
  it('owner_mt: after close() (sock_orphan) the client\'s last ACK has no socket; its FIN, sent before, still has its owner', () => {
    // On the kernel: nc -z to a listener, the client's OUTPUT counts 3 packets of uid 0 and 1 without socket.
    const rules = ['iptables -A OUTPUT -p tcp -m owner --uid-owner 0', 'iptables -A OUTPUT -p tcp -m owner ! --socket-exists', 'iptables -A OUTPUT -p tcp'];
    const r = through([], 'nc -z -w 1 10.0.2.2 80', { client: rules, server: ['nc -l -k 80 &'] });
    expect(r.exit).toBe(0);
    expect(viewOn(r.network, 'client', 'iptables -L OUTPUT -v -n').stdout).toBe(lines(
      'Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    3   164            6    --  *      *       0.0.0.0/0            0.0.0.0/0            owner UID match 0',
      '    1    52            6    --  *      *       0.0.0.0/0            0.0.0.0/0            ! owner socket exists',
      '    4   216            6    --  *      *       0.0.0.0/0            0.0.0.0/0           ',
    ));
  });
});

describe('the stateless matches through iptables-save and iptables-restore', () => {
  it('what iptables-save prints restores to the same ruleset', () => {
    const rules = [
      'iptables -A INPUT -m iprange ! --src-range 10.0.0.1-10.0.0.9 --dst-range 10.0.0.5',
      'iptables -A INPUT -m mac ! --mac-source 0:1:2:3:4:5 -m pkttype --pkt-type host -m length --length :100',
      'iptables -A OUTPUT -m owner --gid-owner games --suppl-groups ! --uid-owner 1000-2000 --socket-exists',
      'iptables -A FORWARD -m physdev ! --physdev-in eth+ --physdev-is-bridged --physdev-out x',
      'iptables -t raw -A PREROUTING -m rpfilter --loose --invert',
      'iptables -A INPUT -p tcp --tcp-option 8 ! --tcp-flags ALL SYN --sport 0:65535 --dport ssh:http',
      'iptables -A INPUT -p udp --dport netbios-ns:70000',
      'iptables -A INPUT -p icmp ! --icmp-type any',
      'iptables -A INPUT -p 41 -j DROP -m comment --comment "6in4 tunnel"',
    ];
    const [saved] = printed(rules, 'iptables-save');
    const [again] = printed(["iptables-restore <<'EOF'", ...saved.trimEnd().split('\n'), 'EOF'], 'iptables-save');
    expect(again).toBe(saved);
    // iptables-nft 1.8.9 saved the same rules as these lines.
    expect(saved.split('\n').filter((l) => l.startsWith('-A'))).toEqual([
      '-A PREROUTING -m rpfilter --loose --invert',
      '-A INPUT -m iprange ! --src-range 10.0.0.1-10.0.0.9 --dst-range 10.0.0.5-10.0.0.5',
      '-A INPUT -m mac ! --mac-source 00:01:02:03:04:05 -m pkttype --pkt-type unicast -m length --length 0:100',
      '-A INPUT -p tcp -m tcp --dport 22:80 --tcp-option 8 ! --tcp-flags FIN,SYN,RST,PSH,ACK,URG SYN',
      '-A INPUT -p udp -m udp --dport 137:4464',
      '-A INPUT -p icmp -m icmp ! --icmp-type any',
      '-A INPUT -p ipv6 -m comment --comment "6in4 tunnel" -j DROP',
      '-A FORWARD -m physdev ! --physdev-in eth+ --physdev-out x --physdev-is-bridged',
      '-A OUTPUT -m owner --socket-exists ! --uid-owner 1000-2000 --gid-owner 60 --suppl-groups',
    ]);
  });
});

describe('xt_owner and REJECT', () => {
  it('owner_mt: the RST of REJECT --reject-with tcp-reset has no socket (nf_send_reset); its ICMP error leaves from the control socket', () => {
    // On the kernel the same rules counted the RST (40 bytes) under ! --socket-exists, the ICMP error (59 bytes) under --socket-exists.
    const server = ['iptables -A INPUT -p tcp --dport 90 -j REJECT --reject-with tcp-reset', 'iptables -A INPUT -p udp --dport 90 -j REJECT', 'iptables -A OUTPUT -m owner --socket-exists', 'iptables -A OUTPUT -m owner ! --socket-exists'];
    const counters = (command: string) => {
      const out = viewOn(through([], command, { server }).network, 'server', 'iptables -L OUTPUT -v -n').stdout.split('\n');
      return out.slice(2, 4).map((l) => l.slice(0, 14));
    };
    expect(counters('nc -z -w 1 10.0.2.2 90')).toEqual(['    0     0   ', '    1    40   ']);
    expect(counters('echo hi | nc -u -w 1 10.0.2.2 90')).toEqual(['    1    59   ', '    0     0   ']);
  });
});

describe('xt_owner and --suppl-groups', () => {
  it('owner_mt: a packet without socket matches ! --gid-owner, not with --suppl-groups (a match bit no ! clears)', () => {
    // On the kernel, a REJECT's RST counted 1 under the first rule and 0 under the second.
    const server = ['iptables -A INPUT -p tcp --dport 90 -j REJECT --reject-with tcp-reset', 'iptables -t mangle -A POSTROUTING -m owner ! --gid-owner 5', 'iptables -t mangle -A POSTROUTING -m owner ! --gid-owner 5 --suppl-groups'];
    const out = viewOn(through([], 'nc -z -w 1 10.0.2.2 90', { server }).network, 'server', 'iptables -t mangle -L POSTROUTING -v -n').stdout.split('\n');
    expect(out.slice(2, 4).map((l) => l.slice(0, 11))).toEqual(['    1    40', '    0     0']);
  });
});
