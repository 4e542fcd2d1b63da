import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { routed, run } from '../../sim/testing';

/*
 * `-m hashlimit` (xt_hashlimit.c revision 3): one token bucket per key of the mode's fields, in
 * credits per jiffy. Texts are what iptables 1.8.9 printed in a namespace.
 */

const PING_LIMIT = (opts: string) => [
  `iptables -A INPUT -p icmp --icmp-type echo-request -m hashlimit ${opts} -j ACCEPT`,
  'iptables -A INPUT -p icmp --icmp-type echo-request -j DROP',
];
const replied = (stdout: string) => [...stdout.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));

describe('hashlimit (xt_hashlimit)', () => {
  it('a bucket per source: 1/sec burst 2 answers pings 1, 2, 5 and 8 of one every 0.3 s', () => {
    const r = run(routed(PING_LIMIT('--hashlimit-upto 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name ping --hashlimit-htable-expire 60000')), 'client', 'ping -c 8 -i 0.3 -W 1 10.0.1.1');
    expect(replied(r.stdout)).toEqual([1, 2, 5, 8]);
    // dl_seq_show: seconds until the idle bucket goes, the key, credit, cap and cost (as kernel 6.18 printed them).
    const proc = viewOn(r.network, 'router', 'cat /proc/net/ipt_hashlimit/ping').stdout;
    expect(proc).toMatch(/^\d+ 10\.0\.1\.2:0->0\.0\.0\.0:0 \d+ 274877906000000 137438953000000\n$/);
  });

  it('--hashlimit-above matches once over the rate (a DROP rule then lets the same packets through)', () => {
    const rules = ['iptables -A INPUT -p icmp --icmp-type echo-request -m hashlimit --hashlimit-above 1/sec --hashlimit-burst 2 --hashlimit-name over -j DROP'];
    const r = run(routed(rules), 'client', 'ping -c 8 -i 0.3 -W 1 10.0.1.1');
    expect(replied(r.stdout)).toEqual([1, 2, 5, 8]);
  });

  it('prints in -S and -L as libxt_hashlimit does (expire only when not the rate unit)', () => {
    const r = run(
      routed([
        'iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name foo',
        'iptables -A INPUT -m hashlimit --hashlimit-above 10/min --hashlimit-burst 3 --hashlimit-mode srcip,dstport --hashlimit-name bar -j DROP',
        'iptables -A INPUT -m hashlimit --hashlimit-upto 1/hour --hashlimit-mode srcip --hashlimit-srcmask 24 --hashlimit-name b2 --hashlimit-htable-expire 30000',
        'iptables -A INPUT -m hashlimit --hashlimit 3/s --hashlimit-name old',
        'iptables -A INPUT -m hashlimit --hashlimit-upto 5/s --hashlimit-name d --hashlimit-mode dstip --hashlimit-dstmask 16 --hashlimit-htable-size 64 --hashlimit-htable-max 100 --hashlimit-htable-gcinterval 500',
        'iptables -A INPUT -m hashlimit ! --hashlimit-upto 5/min --hashlimit-name z',
      ]),
      'router',
      'true',
    );
    expect(viewOn(r.network, 'router', 'iptables -S INPUT').stdout).toBe(
      '-P INPUT ACCEPT\n' +
        '-A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-burst 5 --hashlimit-name foo\n' +
        '-A INPUT -m hashlimit --hashlimit-above 10/min --hashlimit-burst 3 --hashlimit-mode srcip,dstport --hashlimit-name bar -j DROP\n' +
        '-A INPUT -m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name b2 --hashlimit-htable-expire 30000 --hashlimit-srcmask 24\n' +
        '-A INPUT -m hashlimit --hashlimit-upto 3/sec --hashlimit-burst 5 --hashlimit-name old\n' +
        '-A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-burst 5 --hashlimit-mode dstip --hashlimit-name d --hashlimit-htable-size 64 --hashlimit-htable-max 100 --hashlimit-htable-gcinterval 500 --hashlimit-dstmask 16\n' +
        '-A INPUT -m hashlimit --hashlimit-above 5/min --hashlimit-burst 5 --hashlimit-name z\n',
    );
    expect(viewOn(r.network, 'router', 'iptables -L INPUT -n').stdout).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: up to 5/sec burst 5\n' +
        'DROP       0    --  0.0.0.0/0            0.0.0.0/0            limit: above 10/min burst 3 mode srcip-dstport\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: up to 1/hour burst 5 mode srcip htable-expire 30000 srcmask 24\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: up to 3/sec burst 5\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: up to 5/sec burst 5 mode dstip htable-size 64 htable-max 100 htable-gcinterval 500 dstmask 16\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            limit: above 5/min burst 5\n',
    );
  });

  it("refuses with libxt_hashlimit's messages", () => {
    const msg = (opts: string) => configError(`iptables -A INPUT -m hashlimit ${opts}`).message.split('\n')[0];
    expect(msg('--hashlimit-upto 3/s')).toBe('iptables v1.8.9 (nf_tables): hashlimit: option "--hashlimit-name" must be specified');
    expect(msg('--hashlimit-name x')).toBe('iptables v1.8.9 (nf_tables): You have to specify --hashlimit');
    expect(msg('--hashlimit-upto 3/s --hashlimit-name x --hashlimit-mode foo')).toBe('iptables v1.8.9 (nf_tables): hashlimit: Bad value for "--hashlimit-mode" option: "foo"');
    expect(msg('--hashlimit-upto 3/week --hashlimit-name y')).toBe('iptables v1.8.9 (nf_tables): hashlimit: Bad value for "--hashlimit-upto" option: "3/week"');
    expect(msg('--hashlimit-upto 1/s --hashlimit-above 1/s --hashlimit-name y')).toBe('iptables v1.8.9 (nf_tables): hashlimit: option "--hashlimit-upto" cannot be used together with "--hashlimit-above".');
    expect(msg('--hashlimit-upto 5/min --hashlimit-burst 0 --hashlimit-name z')).toBe('iptables v1.8.9 (nf_tables): bad value for option "--hashlimit-burst", or out of range (1-1000000).');
    // hashlimit_mt_check: a zero gc interval or expiry is EINVAL from the kernel.
    for (const zero of ['--hashlimit-htable-gcinterval 0', '--hashlimit-htable-expire 0']) {
      const issues = runCommand(routed([`iptables -A INPUT -m hashlimit --hashlimit-upto 1/s --hashlimit-name g ${zero}`]), 'router', 'true').configIssues;
      expect(issues.map((i) => i.message)).toEqual(['iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT']);
    }
  });
});
