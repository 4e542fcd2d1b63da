import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { routed, run, tcpdumpIp } from '../../sim/testing';

/*
 * `-m connlimit` (xt_connlimit, nf_conncount.c): the connections conntrack holds per masked
 * address, the packet's own included; closed TCP connections and ones conntrack never
 * confirmed are not counted. Texts are what iptables 1.8.9 printed in a namespace.
 */

describe('connlimit (nf_conncount)', () => {
  it('counts open connections per source: the 3rd SYN while two are open is rejected', () => {
    const r = run(
      routed(['iptables -A FORWARD -p tcp --syn --dport 22 -m connlimit --connlimit-above 2 -j REJECT --reject-with tcp-reset'], ['nc -lk 22 &']),
      'client',
      'nc -w 2 10.0.2.2 22 & nc -w 2 10.0.2.2 22 & sleep 0.5; nc -z -w 1 10.0.2.2 22',
    );
    expect(r.exit).toBe(1);
    expect(tcpdumpIp(r, 'client:eth0').filter((l) => l.includes('Flags [R.]'))).toHaveLength(1);
  });

  it('forgets closed connections (TIME_WAIT), but only in a pass at most once per jiffy (last_gc)', () => {
    const rules = ['iptables -A FORWARD -p tcp --syn --dport 22 -m connlimit --connlimit-above 1 -j REJECT --reject-with tcp-reset'];
    const spaced = run(routed(rules, ['nc -lk 22 &']), 'client', 'nc -z -w 1 10.0.2.2 22 && sleep 0.05 && nc -z -w 1 10.0.2.2 22 && sleep 0.05 && nc -z -w 1 10.0.2.2 22');
    expect(spaced.exit).toBe(0);
    // Within the same 4 ms jiffy the first connection, closed already, is still on the list.
    const quick = run(routed(rules, ['nc -lk 22 &']), 'client', 'nc -z -w 1 10.0.2.2 22 && nc -z -w 1 10.0.2.2 22');
    expect(quick.exit).toBe(1);
  });

  it('ICMP echo flows count until conntrack forgets them: the 3rd ping (a new id) is over 2', () => {
    const rules = ['iptables -A INPUT -p icmp --icmp-type echo-request -m connlimit --connlimit-above 2 -j DROP'];
    const r = run(routed(rules), 'client', 'ping -c 1 -W 1 10.0.1.1; ping -c 1 -W 1 10.0.1.1; ping -c 1 -W 1 10.0.1.1');
    expect(r.exit).toBe(1);
    // --connlimit-upto: the first two are accepted, the third falls through to the DROP.
    const upto = ['iptables -A INPUT -p icmp --icmp-type echo-request -m connlimit --connlimit-upto 2 -j ACCEPT', 'iptables -A INPUT -p icmp --icmp-type echo-request -j DROP'];
    const u = run(routed(upto), 'client', 'ping -c 1 -W 1 10.0.1.1; ping -c 1 -W 1 10.0.1.1; ping -c 1 -W 1 10.0.1.1');
    expect(u.stdout.match(/1 received/g)).toHaveLength(2);
    expect(u.exit).toBe(1);
  });

  it('prints in -S and -L as libxt_connlimit does, and refuses with its messages', () => {
    const r = run(
      routed([
        'iptables -A INPUT -p tcp --syn --dport 22 -m connlimit --connlimit-above 3 -j REJECT --reject-with tcp-reset',
        'iptables -A INPUT -m connlimit --connlimit-upto 2',
        'iptables -A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 24',
        'iptables -A INPUT -m connlimit --connlimit-above 2 --connlimit-daddr',
        'iptables -A INPUT -m connlimit ! --connlimit-above 2',
        'iptables -A INPUT -m connlimit ! --connlimit-upto 2',
      ]),
      'router',
      'true',
    );
    expect(viewOn(r.network, 'router', 'iptables -S INPUT').stdout).toBe(
      '-P INPUT ACCEPT\n' +
        '-A INPUT -p tcp -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -m connlimit --connlimit-above 3 --connlimit-mask 32 --connlimit-saddr -j REJECT --reject-with tcp-reset\n' +
        '-A INPUT -m connlimit --connlimit-upto 2 --connlimit-mask 32 --connlimit-saddr\n' +
        '-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 24 --connlimit-saddr\n' +
        '-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-daddr\n' +
        '-A INPUT -m connlimit --connlimit-upto 2 --connlimit-mask 32 --connlimit-saddr\n' +
        '-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-saddr\n',
    );
    expect(viewOn(r.network, 'router', 'iptables -L INPUT -n').stdout).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'REJECT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22 flags:0x17/0x02 #conn src/32 > 3 reject-with tcp-reset\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            #conn src/32 <= 2\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            #conn src/24 > 2\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            #conn dst/32 > 2\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            #conn src/32 <= 2\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            #conn src/32 > 2\n',
    );
    const msg = (opts: string) => configError(`iptables -A INPUT -m connlimit ${opts}`).message.split('\n')[0];
    expect(msg('')).toBe('iptables v1.8.9 (nf_tables): You must specify "--connlimit-above" or "--connlimit-upto".');
    expect(msg('--connlimit-above 2 --connlimit-upto 3')).toBe('iptables v1.8.9 (nf_tables): connlimit: option "--connlimit-upto" cannot be used together with "--connlimit-above".');
    expect(msg('--connlimit-above x')).toBe('iptables v1.8.9 (nf_tables): connlimit: bad value for option "--connlimit-above", or out of range (0-4294967295).');
    expect(msg('--connlimit-above 2 --connlimit-saddr --connlimit-daddr')).toBe('iptables v1.8.9 (nf_tables): connlimit: option "--connlimit-saddr" cannot be used together with "--connlimit-daddr".');
  });
});
