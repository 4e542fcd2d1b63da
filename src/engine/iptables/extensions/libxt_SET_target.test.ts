import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { routed, run } from '../../sim/testing';

/*
 * `-j SET` (xt_SET revision 3): the packet's element goes into (or out of) a set, and the packet
 * goes on to the next rule. Texts are what iptables 1.8.9 and ipset 7.17 printed in a namespace.
 */

// Port knocking: a SYN to 1111 lists the source for 30 s; SSH is open to listed sources only.
const KNOCK = [
  'ipset create knocked hash:ip timeout 60',
  'iptables -A FORWARD -p tcp --dport 1111 -j SET --add-set knocked src --timeout 30',
  'iptables -A FORWARD -p tcp --dport 22 -m set --match-set knocked src -j ACCEPT',
  'iptables -A FORWARD -p tcp --dport 22 -j DROP',
];

describe('SET target (xt_SET)', () => {
  it('adds the source with the rule\'s timeout, and the -m set rule after it then matches', () => {
    const r = run(routed(KNOCK, ['nc -lk 22 &']), 'client', 'nc -z -w 1 10.0.2.2 22 || nc -z -w 1 10.0.2.2 1111 || nc -z -w 1 10.0.2.2 22');
    expect(r.exit).toBe(0);
    expect(viewOn(r.network, 'router', 'ipset list knocked').stdout).toMatch(/References: 2\nNumber of entries: 1\nMembers:\n10\.0\.1\.2 timeout 2[89]\n$/);
  });

  it("a network set gets the packet's address under the longest prefix it holds (kadt: INIT_CIDR(nets[0]), /32 when empty)", () => {
    const members = (set: string, rules: string[]) => {
      const r = run(routed(rules, ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80');
      return viewOn(r.network, 'router', `ipset list ${set}`).stdout.split('Members:\n')[1];
    };
    expect(members('n', ['ipset create n hash:net', 'ipset add n 172.16.0.0/16', 'ipset add n 192.168.0.0/24', 'iptables -A FORWARD -p tcp --syn -j SET --add-set n src'])).toBe('172.16.0.0/16\n192.168.0.0/24\n10.0.1.0/24\n');
    expect(members('n', ['ipset create n hash:net', 'iptables -A FORWARD -p tcp --syn -j SET --add-set n src'])).toBe('10.0.1.2\n');
    expect(members('pn', ['ipset create pn hash:ip,port,net', 'ipset add pn 1.1.1.1,tcp:80,172.16.0.0/12', 'iptables -A FORWARD -p tcp --syn -j SET --add-set pn dst,dst,src'])).toBe('1.1.1.1,tcp:80,172.16.0.0/12\n10.0.2.2,tcp:80,10.0.0.0/12\n');
  });

  it('--del-set takes the element out again', () => {
    const r = run(routed([...KNOCK.slice(0, 1), 'ipset add knocked 10.0.1.2', 'iptables -A FORWARD -p icmp -j SET --del-set knocked src']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(viewOn(r.network, 'router', 'ipset list knocked').stdout).toContain('Number of entries: 0\n');
  });

  it('prints in -S and -L as libxt_SET does, and refuses as it does', () => {
    const r = run(
      routed([
        'ipset create seen hash:ip timeout 60',
        'ipset create pp hash:ip,port',
        'iptables -A INPUT -j SET --add-set seen src',
        'iptables -A INPUT -j SET --add-set seen src --exist --timeout 30',
        'iptables -A INPUT -j SET --del-set seen dst',
        'iptables -A INPUT -j SET --add-set pp src,dst',
        'iptables -A INPUT -j SET --add-set seen src --del-set seen src',
      ]),
      'router',
      'true',
    );
    expect(viewOn(r.network, 'router', 'iptables -S INPUT').stdout).toBe(
      '-P INPUT ACCEPT\n-A INPUT -j SET --add-set seen src\n-A INPUT -j SET --add-set seen src --exist --timeout 30\n-A INPUT -j SET --del-set seen dst\n' +
        '-A INPUT -j SET --add-set pp src,dst\n-A INPUT -j SET --add-set seen src --del-set seen src\n',
    );
    expect(viewOn(r.network, 'router', 'iptables -L INPUT -n').stdout).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'SET        0    --  0.0.0.0/0            0.0.0.0/0            add-set seen src\n' +
        'SET        0    --  0.0.0.0/0            0.0.0.0/0            add-set seen src exist timeout 30\n' +
        'SET        0    --  0.0.0.0/0            0.0.0.0/0            del-set seen dst\n' +
        'SET        0    --  0.0.0.0/0            0.0.0.0/0            add-set pp src,dst\n' +
        'SET        0    --  0.0.0.0/0            0.0.0.0/0            add-set seen src del-set seen src\n',
    );
    expect(viewOn(r.network, 'router', 'ipset list seen').stdout).toContain('References: 5\n');
    const issues = runCommand(routed(['iptables -A INPUT -j SET --add-set nope src']), 'router', 'true').configIssues.map((i) => i.message);
    expect(issues).toEqual(["iptables v1.8.9 (nf_tables): Set nope doesn't exist.\n\nTry `iptables -h' or 'iptables --help' for more information."]);
    expect(configError('iptables -A INPUT -j SET').message.split('\n')[0]).toBe("iptables v1.8.9 (nf_tables): You must specify either `--add-set' or `--del-set' or `--map-set'");
    expect(configError('iptables -A INPUT -j SET --add-set seen').message.split('\n')[0]).toBe('iptables v1.8.9 (nf_tables): --add-set requires two args.');
  });
});
