import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';

/*
 * `-m limit` as iptables-nft 1.8.9 gives it to the kernel: a native nft limit (nft_limit.c),
 * a bucket of `burst` packets' worth of nanoseconds refilled by elapsed time. Expected texts
 * are what iptables 1.8.9 printed in a namespace.
 */

const LIMITED = (opts: string) => [
  `iptables -A FORWARD -p icmp --icmp-type echo-request -m limit ${opts} -j ACCEPT`,
  'iptables -A FORWARD -p icmp --icmp-type echo-request -j DROP',
];

const replied = (stdout: string) => [...stdout.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));

describe('limit (nft_limit token bucket)', () => {
  it('lets the burst through, then one packet per cost of unit/rate ns: 1/sec burst 2, a ping every 0.3 s', () => {
    // Tokens in seconds: 2-1=1, 1.3-1=.3, .6 refused, .9 refused, 1.2-1=.2, .5, .8 refused, 1.1-1=.1.
    const r = run(routed(LIMITED('--limit 1/sec --limit-burst 2')), 'client', 'ping -c 8 -i 0.3 -W 1 10.0.2.2');
    expect(replied(r.stdout)).toEqual([1, 2, 5, 8]);
  });

  it('refuses nothing before the burst is spent: 5 pings at 10/sec', () => {
    const r = run(routed(LIMITED('--limit 10/sec')), 'client', 'ping -c 5 -i 0.2 -W 1 10.0.2.2');
    expect(replied(r.stdout)).toEqual([1, 2, 3, 4, 5]);
  });

  it('prints the rate nft holds (rate per largest whole unit) in -S, -L and iptables-save', () => {
    const r = run(
      routed([
        'iptables -A INPUT -p icmp -m limit --limit 5/sec --limit-burst 3 -j ACCEPT',
        'iptables -A INPUT -m limit --limit 1/m',
        'iptables -A INPUT -m limit --limit 2/day --limit-burst 10',
        'iptables -A INPUT -m limit --limit 86401/day',
        'iptables -A INPUT -m limit --limit 3601/hour',
        'iptables -A INPUT -m limit --limit-burst 0',
        'iptables -A INPUT -m limit --limit 5',
      ]),
      'router',
      'true',
    );
    const rules = [
      '-A INPUT -p icmp -m limit --limit 5/sec --limit-burst 3 -j ACCEPT',
      '-A INPUT -m limit --limit 1/min',
      '-A INPUT -m limit --limit 2/day --limit-burst 10',
      '-A INPUT -m limit --limit 1/sec',
      '-A INPUT -m limit --limit 3601/hour',
      '-A INPUT -m limit --limit 3/hour',
      '-A INPUT -m limit --limit 5/sec',
    ];
    expect(viewOn(r.network, 'router', 'iptables -S INPUT').stdout).toBe(`-P INPUT ACCEPT\n${rules.join('\n')}\n`);
    expect(viewOn(r.network, 'router', 'iptables-save').stdout).toContain(`${rules.join('\n')}\nCOMMIT\n`);
    expect(viewOn(r.network, 'router', 'iptables -L INPUT -n').stdout).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            limit: avg 5/sec burst 3\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: avg 1/min burst 5\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: avg 2/day burst 10\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: avg 1/sec burst 5\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: avg 3601/hour burst 5\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: avg 3/hour burst 5\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: avg 5/sec burst 5\n',
    );
  });

  it("refuses bad rates and bursts with libxt_limit's messages", () => {
    const msg = (opts: string) => configError(`iptables -A INPUT -m limit ${opts} -j ACCEPT`).message.split('\n')[0];
    expect(msg('--limit 10001/sec')).toBe('iptables v1.8.9 (nf_tables): Rate too fast "10001/sec"');
    expect(msg('--limit 0/sec')).toBe('iptables v1.8.9 (nf_tables): bad rate "0/sec"\'');
    expect(msg('--limit 5/week')).toBe('iptables v1.8.9 (nf_tables): bad rate "5/week"\'');
    expect(msg('--limit foo')).toBe('iptables v1.8.9 (nf_tables): bad rate "foo"\'');
    expect(msg('--limit-burst 10001')).toBe('iptables v1.8.9 (nf_tables): limit: bad value for option "--limit-burst", or out of range (0-10000).');
    expect(msg('! --limit 7/s')).toBe('iptables v1.8.9 (nf_tables): limit: option "--limit" cannot be inverted.');
    expect(msg('--limit 1/sec --limit 2/sec')).toBe('iptables v1.8.9 (nf_tables): limit: option "--limit" can only be used once.');
  });
});
