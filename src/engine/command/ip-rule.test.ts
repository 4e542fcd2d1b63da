import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { run, scenarioOf, tcpdumpIp } from '../sim/testing';
import { configError } from './testing';

/*
 * ip rule's transport and uid selectors (iproute2 6.1 ip/iprule.c, net/core/fib_rules.c
 * fib_nl2rule and fib_rule_match, net/ipv4/fib_rules.c fib4_rule_match). Expected text from
 * `ip rule` in a namespace on Linux 6.18.
 */

const host = (config: string[]) => scenarioOf({ h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', ...config] } }, []);

describe('ip rule ipproto, sport, dport, uidrange', () => {
  it('prints the selectors in print_rule order: uidrange, ipproto (its /etc/protocols name), sport, dport', () => {
    const r = run(
      host([
        'ip rule add ipproto tcp dport 80 table 100',
        'ip rule add ipproto udp sport 1000-2000 lookup 101',
        'ip rule add uidrange 1000-2000 table 103',
        'ip rule add ipproto 47 table 104',
        'ip rule add ipproto 200 table 105',
        'ip rule add dport 80-80 table 7',
        'ip rule add ipproto 0 sport 5 table 8',
        'ip rule add not ipproto TCP table 9',
        'ip rule add from 1.2.3.0/24 to 5.0.0.0/8 iif eth9 uidrange 1-2 ipproto tcp sport 1 dport 2-3 table 10 suppress_prefixlength 2',
        'ip rule add dport 22-23 table 102 pref 50',
      ]),
      'h',
      'ip rule',
    );
    expect(r.stdout).toBe(
      [
        '0:\tfrom all lookup local',
        '50:\tfrom all dport 22-23 lookup 102',
        '32757:\tfrom 1.2.3.0/24 to 5.0.0.0/8 iif eth9 [detached] uidrange 1-2 ipproto tcp sport 1 dport 2-3 lookup 10 suppress_prefixlength 2',
        '32758:\tnot from all ipproto tcp lookup 9',
        '32759:\tfrom all sport 5 lookup 8',
        '32760:\tfrom all dport 80 lookup 7',
        '32761:\tfrom all ipproto ipproto-200 lookup 105',
        '32762:\tfrom all ipproto gre lookup 104',
        '32763:\tfrom all uidrange 1000-2000 lookup 103',
        '32764:\tfrom all ipproto udp sport 1000-2000 lookup 101',
        '32765:\tfrom all ipproto tcp dport 80 lookup 100',
        '32766:\tfrom all lookup main',
        '32767:\tfrom all lookup default',
        '',
      ].join('\n'),
    );
  });

  it("refuses what iproute2 refuses, with its words and status 255", () => {
    expect(configError('ip rule add ipproto foo table 5')).toMatchObject({ message: 'Error: argument "foo" is wrong: Invalid "ipproto" value\n', exitStatus: 255 });
    expect(configError('ip rule add ipproto 256 table 5')).toMatchObject({ message: 'Error: argument "256" is wrong: Invalid "ipproto" value\n' });
    expect(configError('ip rule add ipproto 0x11 table 5')).toMatchObject({ message: 'Error: argument "0x11" is wrong: Invalid "ipproto" value\n' });
    expect(configError('ip rule add dport http table 9')).toMatchObject({ message: 'Error: argument "http" is wrong: invalid dport range\n', exitStatus: 255 });
    expect(configError('ip rule add uidrange 5 table 5')).toMatchObject({ message: 'Error: argument "5" is wrong: invalid UID range\n', exitStatus: 255 });
    expect(configError('ip rule add uidrange a-b table 6')).toMatchObject({ message: 'Error: argument "a-b" is wrong: invalid UID range\n' });
  });

  it('the kernel refuses port 0, 65535 and reversed ranges (fib_rule_port_range_valid), and reversed uid ranges', () => {
    for (const [line, message] of [
      ['ip rule add sport 0-70000 table 5', 'Error: Invalid sport range.'],
      ['ip rule add dport 30-20 table 5', 'Error: Invalid dport range.'],
      ['ip rule add dport 65535 table 5', 'Error: Invalid dport range.'],
      ['ip rule add dport 0 table 5', 'Error: Invalid dport range.'],
      ['ip rule add uidrange 5-3 table 6', 'Error: Invalid uid range.'],
    ] as const) {
      const s = host([line]);
      expect(runCommand(s, 'h', 'true').configIssues, line).toEqual([{ device: 'h', line: 2, column: 1, message, kind: 'refused' }]);
    }
  });

  it('l3mdev is refused with the reason: no VRF devices here', () => {
    expect(configError('ip rule add l3mdev')).toMatchObject({ message: expect.stringContaining("ip rule selector 'l3mdev' is not simulated"), exitStatus: 2 });
  });

  it('ip rule del matches the transport selectors too (rule_find): a rule with another dport is not deleted', () => {
    const s = host(['ip rule add sport 80 table 5', 'ip rule add dport 80 table 7', 'ip rule del dport 80 table 5', 'ip rule del sport 80']);
    const r = runCommand(s, 'h', 'ip rule');
    expect(r.configIssues).toEqual([{ device: 'h', line: 4, column: 1, message: 'RTNETLINK answers: No such file or directory', kind: 'refused' }]);
    expect(r.stdout).toBe('0:\tfrom all lookup local\n32764:\tfrom all dport 80 lookup 7\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
  });
});

describe('routing by ipproto and dport (fib4_rule_match)', () => {
  /** h reaches 10.0.9.0/24 through r1 (main) or r2 (table 100). */
  function twoGateways(rules: string[]) {
    return scenarioOf(
      {
        h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add 10.0.9.0/24 via 10.0.1.1', 'ip route add 10.0.9.0/24 via 10.0.1.3 table 100', ...rules] },
        r1: { kind: 'router', ports: ['eth0'], config: ['ip addr add 10.0.1.1/24 dev eth0'] },
        r2: { kind: 'router', ports: ['eth0'], config: ['ip addr add 10.0.1.3/24 dev eth0'] },
        sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      },
      [
        ['h:eth0', 'sw:p1'],
        ['r1:eth0', 'sw:p2'],
        ['r2:eth0', 'sw:p3'],
      ],
    );
  }
  const firstHop = (cmd: string, rules: string[]) => tcpdumpIp(run(twoGateways(rules), 'h', cmd), 'h:eth0').find((l) => l.includes('ARP, Request'));

  it('a TCP connection to port 80 follows `ipproto tcp dport 80`; ping and other ports keep main', () => {
    const rules = ['ip rule add ipproto tcp dport 80 table 100'];
    expect(firstHop('nc -w 1 10.0.9.2 80', rules)).toContain('who-has 10.0.1.3');
    expect(firstHop('nc -w 1 10.0.9.2 81', rules)).toContain('who-has 10.0.1.1');
    expect(firstHop('ping -c 1 -W 1 10.0.9.2', rules)).toContain('who-has 10.0.1.1');
  });

  it('the trace names the rule that chose the table, selectors included', () => {
    const r = run(twoGateways(['ip rule add ipproto tcp dport 80 table 100']), 'h', 'nc -w 1 10.0.9.2 80');
    expect(r.events.some((e) => e.device === 'h' && e.facts?.rule === '32765: from all ipproto tcp dport 80 lookup 100')).toBe(true);
  });

  it('`ipproto icmp` takes ping; a dport range takes UDP inside it only', () => {
    expect(firstHop('ping -c 1 -W 1 10.0.9.2', ['ip rule add ipproto icmp table 100'])).toContain('who-has 10.0.1.3');
    expect(firstHop('echo x | nc -u -w 1 10.0.9.2 5353', ['ip rule add dport 5000-6000 table 100'])).toContain('who-has 10.0.1.3');
    expect(firstHop('echo x | nc -u -w 1 10.0.9.2 53', ['ip rule add dport 5000-6000 table 100'])).toContain('who-has 10.0.1.1');
  });

  it('uidrange: local processes run as root (uid 0), so 1000-2000 never matches and 0-0 always does', () => {
    expect(firstHop('ping -c 1 -W 1 10.0.9.2', ['ip rule add uidrange 1000-2000 table 100'])).toContain('who-has 10.0.1.1');
    expect(firstHop('ping -c 1 -W 1 10.0.9.2', ['ip rule add uidrange 0-0 table 100'])).toContain('who-has 10.0.1.3');
  });
});

describe('ip rule flush (iprule.c flush_rule)', () => {
  it('deletes every rule but priority 0, main and default included, as Linux 6.18 shows', () => {
    const r = run(host(['ip rule add fwmark 1 table 5', 'ip rule add dport 22 table 6', 'ip rule flush']), 'h', 'ip rule');
    expect([r.stdout, r.stderr, r.exit]).toEqual(['0:\tfrom all lookup local\n', '', 0]);
  });
});

describe('ip -d rule', () => {
  it('adds who made each rule: proto kernel for the defaults, unspec for ip rule add, else the protocol given', () => {
    const r = run(host(['ip rule add dport 80 table 5', 'ip rule add fwmark 1 table 6 protocol static']), 'h', 'ip -d rule');
    expect(r.stdout).toBe(
      [
        '0:\tfrom all lookup local proto kernel',
        '32764:\tfrom all fwmark 0x1 lookup 6 proto static',
        '32765:\tfrom all dport 80 lookup 5 proto unspec',
        '32766:\tfrom all lookup main proto kernel',
        '32767:\tfrom all lookup default proto kernel',
        '',
      ].join('\n'),
    );
  });
});
