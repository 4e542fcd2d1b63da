import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { routed, run } from '../../sim/testing';

/*
 * `-m nfacct` (xt_nfacct, nfnetlink_acct.c): each packet reaching the rule is counted in the
 * named object, which nfacct lists. Texts are what iptables 1.8.9 and nfacct 1.0.2 printed.
 */

const COUNTED = ['nfacct add icmp-in', 'iptables -A FORWARD -p icmp -m nfacct --nfacct-name icmp-in'];

describe('nfacct match (xt_nfacct)', () => {
  it('counts packets and IP bytes in the object: 3 pings forwarded both ways are 6 packets of 84 bytes', () => {
    const r = run(routed(COUNTED), 'client', 'ping -c 3 -i 0.2 -W 1 10.0.2.2');
    expect(viewOn(r.network, 'router', 'nfacct list').stdout).toBe('{ pkts = 00000000000000000006, bytes = 00000000000000000504 } = icmp-in;\n');
    expect(viewOn(r.network, 'router', 'nfacct get icmp-in reset').stdout).toBe('{ pkts = 00000000000000000006, bytes = 00000000000000000504 } = icmp-in;\n');
    expect(viewOn(r.network, 'router', 'nfacct get icmp-in').stdout).toBe('{ pkts = 00000000000000000000, bytes = 00000000000000000000 } = icmp-in;\n');
  });

  it('prints with the double space libxt_nfacct prints, and needs the object to exist (ENOENT) and be named', () => {
    const r = run(routed(COUNTED), 'router', 'true');
    expect(viewOn(r.network, 'router', 'iptables -S FORWARD').stdout).toBe('-P FORWARD ACCEPT\n-A FORWARD -p icmp -m nfacct --nfacct-name  icmp-in\n');
    expect(viewOn(r.network, 'router', 'iptables -L FORWARD -n').stdout).toContain('0.0.0.0/0            nfacct-name  icmp-in\n');
    const issues = runCommand(routed(['iptables -A INPUT -m nfacct --nfacct-name nope']), 'router', 'true').configIssues.map((i) => i.message);
    expect(issues).toEqual(['iptables v1.8.9 (nf_tables):  RULE_APPEND failed (No such file or directory): rule in chain INPUT']);
    expect(configError('iptables -A INPUT -m nfacct').message.split('\n')[0]).toBe('iptables v1.8.9 (nf_tables): nfacct: option "--nfacct-name" must be specified');
    expect(configError('iptables -A INPUT -m nfacct ! --nfacct-name web').message.split('\n')[0]).toBe('iptables v1.8.9 (nf_tables): nfacct: option "--nfacct-name" cannot be inverted.');
  });

  it('the nfacct tool: add, del, flush and their errors; an object a rule holds is busy', () => {
    const issues = (lines: string[]) => runCommand(routed(lines), 'router', 'true').configIssues.map((i) => i.message);
    expect(issues(['nfacct add http', 'nfacct add http', 'nfacct del nope', 'nfacct del http', 'nfacct get nope'])).toEqual([
      'nfacct v1.0.2: error: Device or resource busy',
      'nfacct v1.0.2: error: No such file or directory',
      'nfacct v1.0.2: error: No such file or directory',
    ]);
    expect(issues([...COUNTED, 'nfacct del icmp-in'])).toEqual(['nfacct v1.0.2: error: Device or resource busy']);
    const r = run(routed([...COUNTED, 'nfacct add spare', 'nfacct flush']), 'router', 'nfacct list');
    expect(r.stdout).toBe('{ pkts = 00000000000000000000, bytes = 00000000000000000000 } = icmp-in;\n');
    expect(configError('nfacct frob').message).toBe('nfacct v1.0.2: Unknown command: frob\nUsage: nfacct command [parameters]...');
    expect(configError('nfacct get').message).toBe('nfacct v1.0.2: missing object name');
    expect(configError('nfacct list -x').message).toBe('nfacct v1.0.2: unknown argument');
  });
});
