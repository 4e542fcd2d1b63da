import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { routed, run, tcpdumpIp } from '../../sim/testing';

/*
 * `-m set` (xt_set revision 4): the packet's fields, read from src or dst per dimension, looked
 * up in an ipset set of the namespace. Texts are what iptables 1.8.9 and ipset 7.17 printed.
 */

const BLOCKLIST = ['ipset create bl hash:ip', 'ipset add bl 10.0.1.2', 'iptables -A FORWARD -m set --match-set bl src -j DROP'];

describe('set match (xt_set)', () => {
  it('drops a source that is in the set and passes one that is not (hash:ip, src)', () => {
    expect(run(routed(BLOCKLIST), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    expect(run(routed(['ipset create bl hash:ip', 'ipset add bl 10.0.1.99', 'iptables -A FORWARD -m set --match-set bl src -j DROP']), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
    // `!`: the request (from the listed client) passes, the reply (from the unlisted server) is dropped.
    const r = run(routed(['ipset create bl hash:ip', 'ipset add bl 10.0.1.2', 'iptables -A FORWARD -m set ! --match-set bl src -j DROP']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(1);
    expect(tcpdumpIp(r, 'server:eth0').filter((l) => l.includes('ICMP'))).toEqual([expect.stringContaining('10.0.1.2 > 10.0.2.2: ICMP echo request'), expect.stringContaining('10.0.2.2 > 10.0.1.2: ICMP echo reply')]);
    expect(tcpdumpIp(r, 'client:eth0').filter((l) => l.includes('ICMP'))).toEqual([expect.stringContaining('ICMP echo request')]);
  });

  it('reads the second dimension from dst: hash:ip,port with dst,dst matches the server port, not the client port', () => {
    const rules = (flags: string) => ['ipset create svc hash:ip,port', 'ipset add svc 10.0.2.2,tcp:80', `iptables -A FORWARD -m set --match-set svc ${flags} -j DROP`];
    expect(run(routed(rules('dst,dst'), ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(1);
    expect(run(routed(rules('dst,src'), ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(0);
    // Fewer flags than the set's dimensions never match (ip_set_test: opt->dim < dimension).
    expect(run(routed(rules('dst'), ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(0);
  });

  it("reads three dimensions: hash:ip,port,ip with dst,dst,src (kube-proxy's KUBE-LOOP-BACK) and hash:ip,port,net's source range", () => {
    const loop = (elem: string) => ['ipset create lb hash:ip,port,ip', `ipset add lb ${elem}`, 'iptables -A FORWARD -m set --match-set lb dst,dst,src -j DROP'];
    expect(run(routed(loop('10.0.2.2,tcp:80,10.0.1.2'), ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(1);
    // The third address is the source: another client's entry does not match.
    expect(run(routed(loop('10.0.2.2,tcp:80,10.0.1.3'), ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(0);
    // Two flags for a three-dimensional set never match (ip_set_test: opt->dim < dimension).
    expect(run(routed(['ipset create lb hash:ip,port,ip', 'ipset add lb 10.0.2.2,tcp:80,10.0.1.2', 'iptables -A FORWARD -m set --match-set lb dst,dst -j DROP'], ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(0);
    const cidr = (net: string) => ['ipset create src hash:ip,port,net', `ipset add src 10.0.2.2,tcp:80,${net}`, 'iptables -A FORWARD -p tcp --dport 80 -m set ! --match-set src dst,dst,src -j DROP'];
    // The source is looked up under each prefix length the set holds.
    expect(run(routed([...cidr('10.0.0.0/16'), 'ipset add src 10.0.2.2,tcp:80,192.168.0.0/24'], ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(0);
    expect(run(routed(cidr('10.0.9.0/24'), ['nc -lk 80 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(1);
  });

  it('an entry flagged nomatch carves a network out of a larger one; --return-nomatch turns the answer round for a net type', () => {
    const nets = (rule: string) => ['ipset create n hash:net', 'ipset add n 10.0.0.0/8', 'ipset add n 10.0.1.0/24 nomatch', `iptables -A FORWARD -p icmp --icmp-type echo-request ${rule} -j DROP`];
    expect(run(routed(nets('-m set --match-set n src')), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
    expect(run(routed(nets('-m set --match-set n dst')), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    expect(run(routed(nets('-m set --match-set n src --return-nomatch')), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
  });

  it('hash:net and bitmap:port: a network holds its hosts, a port bitmap holds TCP and UDP ports', () => {
    const net = ['ipset create nets hash:net', 'ipset add nets 10.0.0.0/16', 'iptables -A FORWARD -m set --match-set nets src -j DROP'];
    expect(run(routed(net), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    const ports = ['ipset create p bitmap:port range 0-1024', 'ipset add p 80', 'iptables -A FORWARD -p tcp -m set --match-set p dst -j DROP'];
    expect(run(routed(ports, ['nc -lk 80 &', 'nc -lk 8080 &']), 'client', 'nc -z -w 1 10.0.2.2 80').exit).toBe(1);
    expect(run(routed(ports, ['nc -lk 80 &', 'nc -lk 8080 &']), 'client', 'nc -z -w 1 10.0.2.2 8080').exit).toBe(0);
  });

  it('prints in -S, -L and iptables-save, and the rules count as the set\'s references', () => {
    const r = run(
      routed([
        'ipset create bl hash:ip',
        'ipset create ipp hash:ip,port',
        'iptables -A INPUT -m set --match-set bl src -j DROP',
        'iptables -A INPUT -m set ! --match-set bl src,dst',
        'iptables -A INPUT -m set --match-set ipp dst,dst --return-nomatch',
        'iptables -A INPUT -m set --match-set bl src ! --update-counters',
      ]),
      'router',
      'true',
    );
    const rules = '-A INPUT -m set --match-set bl src -j DROP\n-A INPUT -m set ! --match-set bl src,dst\n-A INPUT -m set --match-set ipp dst,dst --return-nomatch\n-A INPUT -m set --match-set bl src ! --update-counters\n';
    expect(viewOn(r.network, 'router', 'iptables -S INPUT').stdout).toBe(`-P INPUT ACCEPT\n${rules}`);
    expect(viewOn(r.network, 'router', 'iptables-save').stdout).toContain(`${rules}COMMIT\n`);
    expect(viewOn(r.network, 'router', 'iptables -L INPUT -n').stdout).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DROP       0    --  0.0.0.0/0            0.0.0.0/0            match-set bl src\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            ! match-set bl src,dst\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            match-set ipp dst,dst return-nomatch\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            match-set bl src ! update-counters\n',
    );
    expect(viewOn(r.network, 'router', 'ipset list bl').stdout).toContain('References: 3\n');
  });

  it('refuses a missing set by name (iptables asks before adding the rule), and a referenced set cannot be destroyed', () => {
    const issues = (lines: string[]) => runCommand(routed(lines), 'router', 'true').configIssues.map((i) => i.message);
    expect(issues(['iptables -A INPUT -m set --match-set nope src'])).toEqual(["iptables v1.8.9 (nf_tables): Set nope doesn't exist.\n\nTry `iptables -h' or 'iptables --help' for more information."]);
    expect(issues([...BLOCKLIST, 'ipset destroy bl'])).toEqual(['ipset v7.17: Set cannot be destroyed: it is in use by a kernel component']);
    expect(issues([...BLOCKLIST, 'iptables -F', 'ipset destroy bl'])).toEqual([]);
  });

  it("refuses bad --match-set arguments with libxt_set's messages", () => {
    const msg = (opts: string) => configError(`iptables -A INPUT -m set ${opts}`).message.split('\n')[0];
    expect(msg('--match-set bl')).toBe('iptables v1.8.9 (nf_tables): --match-set requires two args.');
    expect(msg('--match-set bl foo')).toBe("iptables v1.8.9 (nf_tables): You must spefify (the comma separated list of) 'src' or 'dst'.");
    expect(msg('--match-set bl src,dst,src,dst,src,dst,src')).toBe("iptables v1.8.9 (nf_tables): Can't be more src/dst options than 6.");
    expect(msg('')).toBe("iptables v1.8.9 (nf_tables): You must specify `--match-set' with proper arguments");
  });
});
