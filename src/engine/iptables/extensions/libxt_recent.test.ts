import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { routed, run } from '../../sim/testing';

/*
 * `-m recent` (xt_recent.c): per-namespace lists of addresses with the times they were seen.
 * Expected texts are what iptables 1.8.9 printed in a namespace on kernel 6.18.
 */

// The ArchWiki / man-page SSH brute-force guard: the 4th new connection within 60 s is dropped.
const SSH_GUARD = [
  'iptables -A FORWARD -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --set',
  'iptables -A FORWARD -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 4 -j DROP',
];

describe('recent (xt_recent)', () => {
  it('--update --hitcount 4 drops the 4th SYN of a source within --seconds (--set counts it first)', () => {
    const r = run(routed(SSH_GUARD, ['nc -lk 22 &']), 'client', Array(4).fill('nc -z -w 1 10.0.2.2 22 && echo open || echo dropped').join('; '));
    expect(r.stdout).toBe('open\nopen\nopen\ndropped\n');
  });

  it('--rcheck does not record: without a --set the list stays empty and nothing matches', () => {
    const r = run(routed(['iptables -A FORWARD -p icmp -m recent --rcheck -j DROP']), 'client', 'ping -c 2 -i 0.2 -W 1 10.0.2.2');
    expect(r.exit).toBe(0);
  });

  it('--seconds ages hits out: a 4th ping after the window is not counted against', () => {
    const rules = ['iptables -A FORWARD -p icmp --icmp-type echo-request -m recent --name P --set', 'iptables -A FORWARD -p icmp --icmp-type echo-request -m recent --name P --rcheck --seconds 1 --hitcount 3 -j DROP'];
    // Pings at 0, 0.3, 0.6 (3rd hit: dropped), 2.6 s (the earlier hits are older than 1 s).
    const r = run(routed(rules), 'client', 'ping -c 3 -i 0.3 -W 1 10.0.2.2; sleep 2; ping -c 1 -W 1 10.0.2.2');
    expect([...r.stdout.matchAll(/icmp_seq=(\d+)/g)].map((m) => m[1])).toEqual(['1', '2', '1']);
  });

  it('shows the list in /proc/net/xt_recent/NAME (recent_seq_show), times in jiffies', () => {
    const rules = ['iptables -A FORWARD -p icmp -m recent --name seen --set'];
    const r = run(routed(rules), 'client', 'ping -c 2 -i 0.2 -W 1 10.0.2.2');
    const seen = viewOn(r.network, 'router', 'cat /proc/net/xt_recent/seen').stdout;
    // Both the requests (10.0.1.2) and the replies (10.0.2.2) are set, 5 jiffies (0.2 s at HZ 250) apart.
    expect(seen).toMatch(/^src=10\.0\.1\.2 ttl: 64 last_seen: (\d+) oldest_pkt: 2 (\d+), \1\nsrc=10\.0\.2\.2 ttl: 64 last_seen: \d+ oldest_pkt: 2 \d+, \d+\n$/);
    const [, last, first] = /last_seen: (\d+) oldest_pkt: 2 (\d+)/.exec(seen)!;
    expect(Number(last) - Number(first)).toBe(50);
  });

  it('takes +ADDR, -ADDR and / written to /proc/net/xt_recent/NAME (recent_mt_proc_write), with bash\'s errors', () => {
    const rules = ['iptables -A FORWARD -p icmp -m recent --name block --rcheck -j DROP'];
    const written = (lines: string[]) => run(routed([...rules, ...lines]), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(written(["echo +10.0.1.2 > /proc/net/xt_recent/block"]).exit).toBe(1);
    expect(written(["echo +10.0.1.2 > /proc/net/xt_recent/block", "echo -10.0.1.2 > /proc/net/xt_recent/block"]).exit).toBe(0);
    expect(written(["echo +10.0.1.2 > /proc/net/xt_recent/block", "echo / > /proc/net/xt_recent/block"]).exit).toBe(0);
    const r = written(["echo +10.0.1.2 > /proc/net/xt_recent/block", "echo +5.5.5.5 >> /proc/net/xt_recent/block", "echo -9.9.9.9 > /proc/net/xt_recent/block"]);
    expect(viewOn(r.network, 'router', 'cat /proc/net/xt_recent/block').stdout).toMatch(/^src=10\.0\.1\.2 ttl: 0 last_seen: (\d+) oldest_pkt: 1 \1\nsrc=5\.5\.5\.5 ttl: 0 last_seen: (\d+) oldest_pkt: 1 \2\n$/);
    const issues = runCommand(routed([...rules, 'echo clear > /proc/net/xt_recent/block', 'echo +300.1.1.1 > /proc/net/xt_recent/block', 'echo +1.1.1.1 > /proc/net/xt_recent/nope']), 'router', 'true').configIssues;
    expect(issues.map((i) => i.message)).toEqual(['bash: echo: write error: Invalid argument', 'bash: echo: write error: Invalid argument', 'bash: /proc/net/xt_recent/nope: No such file or directory']);
    // Only a file directly in the directory: the lab runs such lines with bash on the host's /proc.
    expect(configError('echo +1.1.1.1 > /proc/net/xt_recent/../../../etc/passwd').message).toBe("hairpin: writing to '/proc/net/xt_recent/../../../etc/passwd' is not simulated");
  });

  it('the list goes with its last rule (iptables -F), and stays with rules an aborted iptables-restore puts back', () => {
    const set = 'iptables -A FORWARD -p icmp -m recent --name seen --set';
    const flushed = run(routed([set, 'iptables -F']), 'router', 'true');
    expect(viewOn(flushed.network, 'router', 'cat /proc/net/xt_recent/seen')).toEqual({ stdout: '', stderr: 'cat: /proc/net/xt_recent/seen: No such file or directory\n', exit: 1 });
    const aborted = runCommand(routed([set, "iptables-restore <<'EOF'", '*filter', set.replace('iptables ', ''), '-A FORWARD -j NOPE', 'COMMIT', 'EOF']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(viewOn(aborted.network, 'router', 'cat /proc/net/xt_recent/seen').stdout).toMatch(/^src=10\.0\.1\.2 .*\nsrc=10\.0\.2\.2 /);
  });

  it('prints every option in -S, -L and iptables-save as libxt_recent does', () => {
    const r = run(
      routed([
        ...SSH_GUARD,
        'iptables -A INPUT -m recent --name SSH --rcheck --seconds 30 --reap -j DROP',
        'iptables -A INPUT -m recent --name portscan --remove',
        'iptables -A INPUT -m recent --name X --rdest --set',
        'iptables -A INPUT -m recent --name Y --mask 255.255.255.0 --set',
        'iptables -A INPUT -m recent --name Z ! --rcheck --rttl',
        'iptables -A INPUT -m recent --name Z --update --seconds 10 --hitcount 2 --rttl --rsource --mask 1.2.3',
      ]),
      'router',
      'true',
    );
    expect(viewOn(r.network, 'router', 'iptables -S').stdout).toBe(
      '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n' +
        '-A INPUT -m recent --rcheck --seconds 30 --reap --name SSH --mask 255.255.255.255 --rsource -j DROP\n' +
        '-A INPUT -m recent --remove --name portscan --mask 255.255.255.255 --rsource\n' +
        '-A INPUT -m recent --set --name X --mask 255.255.255.255 --rdest\n' +
        '-A INPUT -m recent --set --name Y --mask 255.255.255.0 --rsource\n' +
        '-A INPUT -m recent ! --rcheck --rttl --name Z --mask 255.255.255.255 --rsource\n' +
        '-A INPUT -m recent --update --seconds 10 --hitcount 2 --rttl --name Z --mask 1.2.0.3 --rsource\n' +
        '-A FORWARD -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource\n' +
        '-A FORWARD -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 4 --name DEFAULT --mask 255.255.255.255 --rsource -j DROP\n',
    );
    expect(viewOn(r.network, 'router', 'iptables -L INPUT -n').stdout).toBe(
      'Chain INPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'DROP       0    --  0.0.0.0/0            0.0.0.0/0            recent: CHECK seconds: 30 reap name: SSH side: source mask: 255.255.255.255\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            recent: REMOVE name: portscan side: source mask: 255.255.255.255\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            recent: SET name: X side: dest mask: 255.255.255.255\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            recent: SET name: Y side: source mask: 255.255.255.0\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            ! recent: CHECK TTL-Match name: Z side: source mask: 255.255.255.255\n' +
        '           0    --  0.0.0.0/0            0.0.0.0/0            recent: UPDATE seconds: 10 hit_count: 2 TTL-Match name: Z side: source mask: 1.2.0.3\n',
    );
    expect(viewOn(r.network, 'router', 'iptables -L FORWARD').stdout).toContain(
      'DROP       tcp  --  anywhere             anywhere             tcp dpt:ssh ctstate NEW recent: UPDATE seconds: 60 hit_count: 4 name: DEFAULT side: source mask: 255.255.255.255\n',
    );
  });

  it("refuses what libxt_recent refuses with its messages, and what xt_recent's checkentry refuses with EINVAL", () => {
    const msg = (opts: string) => configError(`iptables -A INPUT -m recent ${opts}`).message.split('\n')[0];
    expect(msg('--set --rcheck')).toBe('iptables v1.8.9 (nf_tables): recent: option "--set" cannot be used together with "--rcheck".');
    expect(msg('--set --update')).toBe('iptables v1.8.9 (nf_tables): recent: option "--set" cannot be used together with "--update".');
    expect(msg('--name A')).toBe("iptables v1.8.9 (nf_tables): recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
    expect(msg('--rcheck --reap')).toBe('iptables v1.8.9 (nf_tables): recent: option "--reap" also requires "--seconds".');
    expect(msg('--set --rttl')).toBe('iptables v1.8.9 (nf_tables): recent: option "--rttl" cannot be used together with "--set".');
    expect(msg('--rcheck --seconds x')).toBe('iptables v1.8.9 (nf_tables): recent: bad value for option "--seconds", or out of range (1-4294967295).');
    expect(msg('--rcheck --hitcount x')).toBe('iptables v1.8.9 (nf_tables): recent: bad value for option "--hitcount", or out of range (0-4294967295).');
    expect(msg('--rcheck --mask 300.1.1.1')).toBe('iptables v1.8.9 (nf_tables): getaddrinfo: Name or service not known');
    for (const kernelRefused of ['--set --seconds 5', '--remove --hitcount 2', '--rcheck --name a/b']) {
      const issues = runCommand(routed([`iptables -A INPUT -m recent ${kernelRefused}`]), 'router', 'true').configIssues;
      expect(issues.map((i) => i.message)).toEqual(['iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT']);
    }
  });
});
