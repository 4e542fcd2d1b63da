import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { routed, run } from '../../sim/testing';
import { afterRun, lines, runOn, viewOn } from './fixture';
import { ctimeText } from './iptables-save';

// Real output captured in the printer lab (fixture.ts) with iproute2 6.1 / iptables 1.8.9 (nf_tables).
describe('iptables -S', () => {
  it('r: iptables -S', () => {
    expect(runOn('r', 'iptables -S')).toEqual({
      stdout: lines(
        '-P INPUT ACCEPT',
        '-P FORWARD DROP',
        '-P OUTPUT ACCEPT',
        '-N LOGDROP',
        '-A INPUT -i lo -j ACCEPT',
        '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
        '-A INPUT -p icmp -j ACCEPT',
        '-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT',
        '-A INPUT ! -s 10.0.0.0/8 -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset',
        '-A INPUT -p udp -m udp --sport 1000:2000 --dport 53 -m comment --comment "dns in" -j ACCEPT',
        '-A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable',
        '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A FORWARD -i eth0 ! -o eth0 -j ACCEPT',
        '-A FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A FORWARD -j LOGDROP',
        '-A OUTPUT -d 10.11.0.0/16 -j REJECT --reject-with icmp-host-prohibited',
        '-A OUTPUT -o eth2',
        '-A LOGDROP -j LOG --log-prefix "dropped: "',
        '-A LOGDROP -j DROP',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -t nat -S', () => {
    expect(runOn('r', 'iptables -t nat -S')).toEqual({
      stdout: lines(
        '-P PREROUTING ACCEPT',
        '-P INPUT ACCEPT',
        '-P OUTPUT ACCEPT',
        '-P POSTROUTING ACCEPT',
        '-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.1:80',
        '-A PREROUTING -d 192.168.1.9/32 -p udp -m udp --dport 5000:5010 -j DNAT --to-destination 10.0.0.254',
        '-A OUTPUT -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.1.1:80',
        '-A POSTROUTING -o eth1 -m addrtype --src-type LOCAL -j MASQUERADE',
        '-A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp -m tcp --dport 80 -j MASQUERADE',
        '-A POSTROUTING -o eth0 -j SNAT --to-source 192.168.1.2',
        '-A POSTROUTING -o eth2 -p tcp -j MASQUERADE --to-ports 2000-3000',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -t mangle -S', () => {
    expect(runOn('r', 'iptables -t mangle -S')).toEqual({
      stdout: lines(
        '-P PREROUTING ACCEPT',
        '-P INPUT ACCEPT',
        '-P FORWARD ACCEPT',
        '-P OUTPUT ACCEPT',
        '-P POSTROUTING ACCEPT',
        '-A PREROUTING -i eth2 -m conntrack --ctstate NEW -m statistic --mode nth --every 2 --packet 0 -j MARK --set-xmark 0x1/0xffffffff',
        '-A PREROUTING -i eth2 -m conntrack --ctstate NEW -m mark --mark 0x0 -j MARK --set-xmark 0x2/0xffffffff',
        '-A PREROUTING -m conntrack --ctstate NEW -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff',
        '-A PREROUTING -m conntrack --ctstate RELATED,ESTABLISHED -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff',
        '-A OUTPUT -m connmark --mark 0x1/0xff -j MARK --set-xmark 0x10/0xf0',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -t raw -S', () => {
    expect(runOn('r', 'iptables -t raw -S')).toEqual({
      stdout: lines(
        '-P PREROUTING ACCEPT',
        '-P OUTPUT ACCEPT',
        '-A PREROUTING -i eth1 -p udp -m udp --dport 53 -j ACCEPT',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -S INPUT', () => {
    expect(runOn('r', 'iptables -S INPUT')).toEqual({
      stdout: lines(
        '-P INPUT ACCEPT',
        '-A INPUT -i lo -j ACCEPT',
        '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
        '-A INPUT -p icmp -j ACCEPT',
        '-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT',
        '-A INPUT ! -s 10.0.0.0/8 -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset',
        '-A INPUT -p udp -m udp --sport 1000:2000 --dport 53 -m comment --comment "dns in" -j ACCEPT',
        '-A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -S LOGDROP', () => {
    expect(runOn('r', 'iptables -S LOGDROP')).toEqual({
      stdout: lines(
        '-N LOGDROP',
        '-A LOGDROP -j LOG --log-prefix "dropped: "',
        '-A LOGDROP -j DROP',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -t nat -S POSTROUTING', () => {
    expect(runOn('r', 'iptables -t nat -S POSTROUTING')).toEqual({
      stdout: lines(
        '-P POSTROUTING ACCEPT',
        '-A POSTROUTING -o eth1 -m addrtype --src-type LOCAL -j MASQUERADE',
        '-A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp -m tcp --dport 80 -j MASQUERADE',
        '-A POSTROUTING -o eth0 -j SNAT --to-source 192.168.1.2',
        '-A POSTROUTING -o eth2 -p tcp -j MASQUERADE --to-ports 2000-3000',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('r: iptables -S NOPE', () => {
    expect(runOn('r', 'iptables -S NOPE')).toEqual({
      stdout: '',
      stderr: lines(
        'iptables v1.8.9 (nf_tables): chain `NOPE\' in table `filter\' is incompatible, use \'nft\' tool.',
      ),
      exit: 1,
    });
  });

  it('r: iptables -t security -S', () => {
    expect(runOn('r', 'iptables -t security -S')).toEqual({
      stdout: lines(
        '-P INPUT ACCEPT',
        '-P FORWARD ACCEPT',
        '-P OUTPUT ACCEPT',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('c: iptables -S', () => {
    expect(runOn('c', 'iptables -S')).toEqual({
      stdout: lines(
        '-P INPUT ACCEPT',
        '-P FORWARD ACCEPT',
        '-P OUTPUT ACCEPT',
        '-N t2',
        '-N unused',
        '-N web',
        '-A INPUT -p tcp -m tcp --tcp-flags SYN,RST,ACK SYN -j web',
        '-A INPUT -p tcp -m tcp --sport 1024:65535 ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT',
        '-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT',
        '-A INPUT -p icmp -m icmp ! --icmp-type 3/4 -j DROP',
        '-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT',
        '-A INPUT -m conntrack ! --ctstate INVALID,NEW -j ACCEPT',
        '-A INPUT -m state ! --state INVALID -j ACCEPT',
        '-A INPUT -m mark ! --mark 0x5/0xf -j DROP',
        '-A INPUT -m connmark ! --mark 0x7 -j DROP',
        '-A INPUT -m statistic --mode random --probability 0.25000000000 -j DROP',
        '-A INPUT -m statistic --mode nth ! --every 3 --packet 1 -j DROP',
        '-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT',
        '-A INPUT -m addrtype ! --src-type BROADCAST,MULTICAST ! --dst-type UNICAST -j DROP',
        '-A INPUT -p udp -m multiport ! --sports 53,67:68 -j DROP',
        '-A INPUT -p tcp -m multiport --ports 8000:8080,9999 -j ACCEPT',
        '-A INPUT -m comment --comment plain_word-1 -j ACCEPT',
        '-A INPUT -m comment --comment "a.b" -j ACCEPT',
        '-A INPUT -s 127.0.0.1/32 -d 127.0.0.0/8 -j ACCEPT',
        '-A INPUT ! -i eth0 -p gre -j DROP',
        '-A INPUT -i eth+ -j RETURN',
        '-A OUTPUT -j web',
        '-A t2 -m statistic --mode random --probability 0.29999999981 -j DROP',
        '-A t2 -j CONNMARK --save-mark --nfmask 0xf --ctmask 0xf0',
        '-A t2 -p tcp -m tcp ! --sport 80 ! --dport 22 -j DROP',
        '-A t2 -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP',
        '-A t2 -p tcp -m tcp --tcp-flags FIN,SYN FIN,SYN -j DROP',
        '-A t2 -p udp -m udp --dport 1000:2000 -j DROP',
        '-A t2 -p tcp -m tcp --sport 2000 -j DROP',
        '-A t2 -p icmp -m icmp --icmp-type 3 -j DROP',
        '-A t2 -p icmp -m icmp --icmp-type 11/1 -j DROP',
        '-A t2 -p icmp -m icmp --icmp-type 5/9 -j DROP',
        '-A t2 -j CONNMARK --set-xmark 0x0/0xffffffff',
        '-A t2 -j CONNMARK --set-xmark 0x4/0x4',
        '-A t2 -s 192.168.1.1/32 -d 10.0.0.0/24 -j DROP',
        '-A t2 -j LOG',
        '-A t2 -p tcp -m tcp --dport 80 -m comment --comment "x \\"q\\" \\\\ y" -j ACCEPT',
        '-A t2 -o lo -j RETURN',
        '-A t2 -p udp -m udp ! --dport 53 -j DROP',
        '-A t2 ! -p tcp -j DROP',
        '-A web -p tcp -m tcp --dport 443 -j ACCEPT',
        '-A web -j LOG --log-prefix FW --log-level 6',
        '-A web -j LOG --log-level 7',
        '-A web -j LOG --log-prefix "x y" --log-level 0',
        '-A web -j LOG --log-level 3',
        '-A web -j REJECT --reject-with icmp-net-unreachable',
        '-A web -j REJECT --reject-with icmp-host-unreachable',
        '-A web -j REJECT --reject-with icmp-proto-unreachable',
        '-A web -j REJECT --reject-with icmp-net-prohibited',
        '-A web -j REJECT --reject-with icmp-admin-prohibited',
        '-A web -g unused',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('c: iptables -t nat -S', () => {
    expect(runOn('c', 'iptables -t nat -S')).toEqual({
      stdout: lines(
        '-P PREROUTING ACCEPT',
        '-P INPUT ACCEPT',
        '-P OUTPUT ACCEPT',
        '-P POSTROUTING ACCEPT',
        '-A PREROUTING -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080',
        '-A PREROUTING -p udp -j REDIRECT',
        '-A PREROUTING -p tcp -m tcp --dport 81 -j DNAT --to-destination 10.0.0.1-10.0.0.9:80-90 --random --persistent',
        '-A PREROUTING -p tcp -m tcp --dport 82 -j DNAT --to-destination 10.0.0.1',
        '-A POSTROUTING -o eth0 -p tcp -j SNAT --to-source 10.1.0.1:1000-2000 --random',
        '-A POSTROUTING -o eth0 -j MASQUERADE --random',
        '-A POSTROUTING -o eth0 -p udp -j MASQUERADE --to-ports 5000',
        '-A POSTROUTING -o eth0 -p udp -j MASQUERADE --random-fully',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('c: iptables -t mangle -S', () => {
    expect(runOn('c', 'iptables -t mangle -S')).toEqual({
      stdout: lines(
        '-P PREROUTING ACCEPT',
        '-P INPUT ACCEPT',
        '-P FORWARD ACCEPT',
        '-P OUTPUT ACCEPT',
        '-P POSTROUTING ACCEPT',
        '-A PREROUTING -j MARK --set-xmark 0x0/0xffffffff',
        '-A PREROUTING -j MARK --set-xmark 0x3/0x3',
        '-A PREROUTING -j MARK --set-xmark 0x0/0xffffff0f',
        '-A PREROUTING -j MARK --set-xmark 0x8/0x8',
        '-A PREROUTING -j MARK --set-xmark 0x8/0x0',
        '-A PREROUTING -j CONNMARK --set-xmark 0x5/0xffffffff',
        '-A PREROUTING -j CONNMARK --set-xmark 0x5/0xff',
        '-A PREROUTING -j CONNMARK --set-xmark 0x5/0xff',
        '-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff',
        '-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf0',
        '-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff',
        '-A OUTPUT -m connmark --mark 0x1 -j ACCEPT',
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('c: iptables -S t2', () => {
    expect(runOn('c', 'iptables -S t2')).toEqual({
      stdout: lines(
        '-N t2',
        '-A t2 -m statistic --mode random --probability 0.29999999981 -j DROP',
        '-A t2 -j CONNMARK --save-mark --nfmask 0xf --ctmask 0xf0',
        '-A t2 -p tcp -m tcp ! --sport 80 ! --dport 22 -j DROP',
        '-A t2 -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP',
        '-A t2 -p tcp -m tcp --tcp-flags FIN,SYN FIN,SYN -j DROP',
        '-A t2 -p udp -m udp --dport 1000:2000 -j DROP',
        '-A t2 -p tcp -m tcp --sport 2000 -j DROP',
        '-A t2 -p icmp -m icmp --icmp-type 3 -j DROP',
        '-A t2 -p icmp -m icmp --icmp-type 11/1 -j DROP',
        '-A t2 -p icmp -m icmp --icmp-type 5/9 -j DROP',
        '-A t2 -j CONNMARK --set-xmark 0x0/0xffffffff',
        '-A t2 -j CONNMARK --set-xmark 0x4/0x4',
        '-A t2 -s 192.168.1.1/32 -d 10.0.0.0/24 -j DROP',
        '-A t2 -j LOG',
        '-A t2 -p tcp -m tcp --dport 80 -m comment --comment "x \\"q\\" \\\\ y" -j ACCEPT',
        '-A t2 -o lo -j RETURN',
        '-A t2 -p udp -m udp ! --dport 53 -j DROP',
        '-A t2 ! -p tcp -j DROP',
      ),
      stderr: '',
      exit: 0,
    });
  });

});

// After `ping -c 1 192.168.1.1` on the router, in a freshly built lab.
describe('iptables -S -v after one ping', () => {
  const net = afterRun('r', 'ping -c 1 192.168.1.1');

  it('filter', () => {
    expect(viewOn(net, 'r', 'iptables -S -v').stdout).toBe(
      lines(
        '-P INPUT ACCEPT -c 0 0',
        '-P FORWARD DROP -c 0 0',
        '-P OUTPUT ACCEPT -c 0 0',
        '-N LOGDROP',
        '-A INPUT -i lo -c 0 0 -j ACCEPT',
        '-A INPUT -m state --state RELATED,ESTABLISHED -c 1 84 -j ACCEPT',
        '-A INPUT -p icmp -c 0 0 -j ACCEPT',
        '-A INPUT -p tcp -m multiport --dports 22,80,443 -c 0 0 -j ACCEPT',
        '-A INPUT ! -s 10.0.0.0/8 -p tcp -m tcp --dport 23 -c 0 0 -j REJECT --reject-with tcp-reset',
        '-A INPUT -p udp -m udp --sport 1000:2000 --dport 53 -m comment --comment "dns in" -c 0 0 -j ACCEPT',
        '-A INPUT -p udp -c 0 0 -j REJECT --reject-with icmp-port-unreachable',
        '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -c 0 0 -j ACCEPT',
        '-A FORWARD -i eth0 ! -o eth0 -c 0 0 -j ACCEPT',
        '-A FORWARD -m conntrack --ctstate INVALID -c 0 0 -j DROP',
        '-A FORWARD -c 0 0 -j LOGDROP',
        '-A OUTPUT -d 10.11.0.0/16 -c 0 0 -j REJECT --reject-with icmp-host-prohibited',
        '-A OUTPUT -o eth2 -c 0 0',
        '-A LOGDROP -c 0 0 -j LOG --log-prefix "dropped: "',
        '-A LOGDROP -c 0 0 -j DROP',
      ),
    );
  });

});

/*
 * iptables-save as iptables-nft-save 1.8.9 printed it in a namespace: only the tables nf_tables
 * holds (a rule, a user chain or a policy written there adds one; listing, -F and -Z do not), in
 * its order mangle, security, raw, filter, nat; the date is the simulator's virtual clock.
 */
describe('iptables-save', () => {
  const ROUTER = [
    'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE',
    'iptables -N LOGDROP',
    'iptables -A LOGDROP -j DROP',
    'iptables -P FORWARD DROP',
    'iptables -A FORWARD -p icmp -j ACCEPT',
    'iptables -t mangle -L',
    'iptables -t raw -F',
    'iptables -Z',
  ];
  const FILTER = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':LOGDROP - [0:0]',
  ];
  const NAT = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]'];
  const GENERATED = '# Generated by iptables-save v1.8.9 (nf_tables) on Thu Jan  1 00:00:00 2026';
  const COMPLETED = '# Completed on Thu Jan  1 00:00:00 2026';
  const [generated, completed] = [GENERATED, COMPLETED];

  it('prints the tables nf_tables holds, each between its Generated and Completed lines', () => {
    expect(run(routed(ROUTER), 'router', 'iptables-save')).toMatchObject({
      stdout: lines(
        generated, ...FILTER, '-A FORWARD -p icmp -j ACCEPT', '-A LOGDROP -j DROP', 'COMMIT', completed,
        generated, ...NAT, '-A POSTROUTING -o eth1 -j MASQUERADE', 'COMMIT', completed,
      ),
      stderr: '',
      exit: 0,
    });
  });

  it('prints nothing on a box whose config wrote no rule, chain or policy', () => {
    expect(run(routed(['iptables -S', 'iptables -t nat -F']), 'router', 'iptables-save')).toMatchObject({ stdout: '', exit: 0 });
  });

  it('-c puts each rule\'s [packets:bytes] before it; -t prints one table, even one never written', () => {
    // The ping's run and its settle second leave the clock at 00:00:01.
    const [generated, completed] = [GENERATED.replace('00:00:00', '00:00:01'), COMPLETED.replace('00:00:00', '00:00:01')];
    const r = run(routed(ROUTER), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(viewOn(r.network, 'router', 'iptables-save -c -t filter').stdout).toBe(
      lines(generated, ...FILTER, '[2:168] -A FORWARD -p icmp -j ACCEPT', '[0:0] -A LOGDROP -j DROP', 'COMMIT', completed),
    );
    expect(viewOn(r.network, 'router', 'iptables-save -t raw').stdout).toBe(lines(generated, '*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', 'COMMIT', completed));
    expect(viewOn(r.network, 'router', 'iptables-nft-save --table=security').stdout).toBe(
      lines(generated.replace('iptables-save', 'iptables-nft-save'), '*security', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', 'COMMIT', completed),
    );
  });

  it('dates its lines by the virtual clock (ctime, from Thu Jan  1 00:00:00 2026)', () => {
    expect(run(routed(ROUTER), 'router', 'sleep 12.5; iptables-save -t nat').stdout.split('\n')[0]).toBe('# Generated by iptables-save v1.8.9 (nf_tables) on Thu Jan  1 00:00:12 2026');
    // ctime pads the day of the month with a space, not a zero.
    expect(ctimeText((40 * 86400 + 3725) * 1e9)).toBe('Tue Feb 10 01:02:05 2026');
  });

  it('round-trips: its output restored on another box prints the same', () => {
    const saved = run(routed(ROUTER), 'router', 'iptables-save').stdout;
    const restored = run(routed(["iptables-restore <<'EOF'", ...saved.trimEnd().split('\n'), 'EOF']), 'router', 'iptables-save');
    expect(restored.stdout).toBe(saved);
    const withCounters = run(routed(ROUTER), 'router', 'iptables-save -c').stdout;
    expect(run(routed(["iptables-restore <<'EOF'", ...withCounters.trimEnd().split('\n'), 'EOF']), 'router', 'iptables-save').stdout).toBe(saved);
  });

  it('a restore adds a table only when it writes a chain line or a rule there', () => {
    const restore = ["iptables-restore <<'EOF'", '*nat', 'COMMIT', '*raw', ':FOO - [0:0]', 'COMMIT', 'EOF'];
    expect(run(routed(restore), 'router', 'iptables-save').stdout).toBe(lines(generated, '*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':FOO - [0:0]', 'COMMIT', completed));
  });

  it('a command or restore the kernel refuses adds no table', () => {
    // The rule is refused at the kernel (REJECT outside filter), so the whole restore is undone.
    const refused = ["iptables-restore <<'EOF'", '*nat', ':PREROUTING ACCEPT [0:0]', '-A PREROUTING -j REJECT', 'COMMIT', 'EOF', 'iptables -A NOPE -j DROP', 'iptables -P FORWARD BOGUS'];
    const r = runCommand(routed(refused), 'router', 'iptables-save');
    expect(r.configIssues.length).toBe(3);
    expect(r.stdout).toBe('');
  });

  it('-V prints its version only; -b says it is not implemented and saves anyway', () => {
    expect(run(routed(ROUTER), 'router', 'iptables-save -V')).toMatchObject({ stdout: 'iptables-save v1.8.9 (nf_tables)\n', exit: 0 });
    expect(run(routed(ROUTER), 'router', 'iptables-save -b -t nat')).toMatchObject({ stderr: '-b/--binary option is not implemented\n', exit: 0 });
  });
});
