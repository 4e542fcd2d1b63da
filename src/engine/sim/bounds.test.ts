import { describe, expect, it } from 'vitest';
import { manyRules, packCommands, star } from '../generate/large';
import { parseScenario } from '../scenario';
import { run, scenarioOf, tcpdump, tcpdumpIp } from './testing';
import { parseFlowLine } from '../command/parse';
import { runView } from '../tools/views';
import { RULE_BUDGET, runCommand } from './run';
import { why } from '../trace/why';

/** A run and the work it did: scheduler events and iptables rules checked (never wall time). */
function countedRun(...args: Parameters<typeof runCommand>) {
  const r = runCommand(...args);
  const work = { events: r.network.scheduler.executed, rules: r.network.work.rules };
  if (process.env.HAIRPIN_PRINT_WORK) console.log(args[2], work);
  return { r, work };
}

/** One switch and 254 hosts in 10.0.0.0/16 (h1 is 10.0.0.1); nobody has 10.0.255.253. */
const bigLan = (() => {
  const parsed = parseScenario(JSON.stringify(star(254)));
  if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
  return parsed.scenario;
})();

/** Host a on switch s1, and s1 joined to s2 twice: a ring with no STP. */
const bridgeLoop = () =>
  scenarioOf(
    {
      a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] },
      s1: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      s2: { kind: 'switch', ports: ['p1', 'p2'] },
    },
    [
      ['a:eth0', 's1:p1'],
      ['s1:p2', 's2:p1'],
      ['s1:p3', 's2:p2'],
    ],
  );

/**
 * Events each run may take: about twice what it takes today, so a change that makes the
 * work blow up fails here (HAIRPIN_PRINT_WORK=1 prints the counts).
 */
const EVENTS = { bridgeLoopPing: 200, dnatLoop: 1_600, arpFlood: 27_000, arpingCount: 2_200, bridgeLoopArping: 200 };

describe('bounded runs', () => {
  it('a bridge loop (two switches joined twice) storms, and the run stops at once with a named reason', () => {
    const s = bridgeLoop();
    const { r, work } = countedRun(s, 'a', 'ping -c 1 -W 1 10.0.0.2');
    expect(r.stopReason).toBe('bridge-loop');
    expect(r.stderr).toContain('a bridge loop');
    expect(r.events.some((e) => e.kind === 'drop' && why(e).startsWith('bridge loop'))).toBe(true);
    expect(work.events).toBeLessThan(EVENTS.bridgeLoopPing);
  });

  it('a routing loop between two routers ends by TTL: time exceeded comes back to the sender', () => {
    const s = scenarioOf(
      {
        h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
        r1: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'ip route add 10.9.0.0/16 via 10.0.2.2'] },
        r2: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1'] },
      },
      [
        ['h:eth0', 'r1:eth0'],
        ['r1:eth1', 'r2:eth0'],
      ],
    );
    const r = run(s, 'h', 'ping -c 1 -W 1 10.9.0.1');
    expect(r.stopReason).toBe('settled');
    expect(r.stdout).toContain('Time to live exceeded');
    // 64 hops: the echo request bounces between r1 and r2 until its TTL runs out.
    expect(tcpdumpIp(r, 'r2:eth0').filter((l) => l.includes('echo request')).length).toBeGreaterThan(60);
  });

  it('a DNAT loop (two routers each DNAT to an address behind the other) ends by TTL, whatever TTL the sender starts with', () => {
    const s = scenarioOf(
      {
        h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
        r1: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'iptables -t nat -A PREROUTING -d 10.9.9.9 -j DNAT --to-destination 10.8.8.8', 'ip route add 10.8.8.0/24 via 10.0.2.2'] },
        r2: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.2.2/24 dev eth0', 'iptables -t nat -A PREROUTING -d 10.8.8.8 -j DNAT --to-destination 10.9.9.9', 'ip route add default via 10.0.2.1'] },
      },
      [
        ['h:eth0', 'r1:eth0'],
        ['r1:eth1', 'r2:eth0'],
      ],
    );
    const { r, work } = countedRun(s, 'h', 'ping -c 3 -t 255 -W 1 10.9.9.9');
    expect(r.stopReason).toBe('settled');
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('From 10.9.9.9 icmp_seq=3 Time to live exceeded');
    // Each conntrack entry keeps re-applying its DNAT: r1 sends 10.8.8.8, r2 sends back 10.9.9.9.
    const r2sees = tcpdumpIp(r, 'r2:eth0');
    expect(r2sees.filter((l) => l.includes('> 10.8.8.8: ICMP echo request')).length).toBeGreaterThan(3 * 120);
    expect(r2sees.filter((l) => l.includes('> 10.9.9.9: ICMP echo request')).length).toBeGreaterThan(3 * 120);
    expect(work.events).toBeLessThan(EVENTS.dnatLoop);
    // TCP too: the SYN and its retransmissions die of TTL, and nc gives up at its timeout.
    const tcp = runCommand(s, 'h', 'nc -z -w 2 10.9.9.9 80');
    expect(tcp.stopReason).toBe('settled');
    expect(tcp.exit).toBe(1);
  });

  it('an ARP flood (ping every 2 ms to an absent neighbour on a 254-host switch) is paced by the neighbour table', () => {
    const { r, work } = countedRun(bigLan, 'h1', 'ping -i 0.002 -c 5000 10.0.255.253');
    expect(r.stopReason).toBe('settled');
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('5000 packets transmitted, 0 received, +5000 errors');
    // mcast_solicit (3) probes one retrans_time (1 s) apart per resolution, not one per packet:
    // every host hears about a dozen requests in the 10 s, not 5,000.
    const requests = tcpdump(r, 'h200:eth0').filter((l) => l.includes('Request who-has 10.0.255.253'));
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.length).toBeLessThanOrEqual(15);
    expect(work.events).toBeLessThan(EVENTS.arpFlood);
  });

  it('arping with a huge count is stopped at the flow time limit', () => {
    const { r, work } = countedRun(bigLan, 'h1', 'arping -c 1000000 10.0.0.2');
    expect(r.stopReason).toBe('time-limit');
    expect(r.stderr).toContain('hairpin: stopped after 120 s of simulated time');
    expect(r.exit).toBe(143);
    expect(work.events).toBeLessThan(EVENTS.arpingCount);
  });

  it('ARP in a bridge loop is a broadcast storm, stopped at once with a named reason', () => {
    const s = bridgeLoop();
    const { r, work } = countedRun(s, 'a', 'arping -c 1000 10.0.0.2');
    expect(r.stopReason).toBe('bridge-loop');
    expect(r.stderr).toContain('hairpin: stopped: a bridge loop');
    expect(work.events).toBeLessThan(EVENTS.bridgeLoopArping);
  });

  it('many packets through a long chain stop at the rule budget, with a named reason', () => {
    const parsed = parseScenario(JSON.stringify(manyRules(20_000)));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const { r, work } = countedRun(parsed.scenario, 'client', 'ping -i 0.002 -c 100000 192.168.1.2');
    expect(r.stopReason).toBe('rule-budget');
    expect(r.stderr).toContain(`hairpin: stopped: packets were checked against ${RULE_BUDGET.toLocaleString('en-US')} iptables rules`);
    expect(r.exit).toBe(143);
    // Every echo request and reply crosses all 20,001 FORWARD rules.
    const replies = r.stdout.split('\n').filter((l) => l.startsWith('64 bytes from')).length;
    expect(replies).toBeGreaterThan(RULE_BUDGET / 20_001 / 2 - 5);
    expect(replies).toBeLessThanOrEqual(RULE_BUDGET / 20_001 / 2);
    expect(work.rules).toBeLessThanOrEqual(RULE_BUDGET + 20_001);
  }, 30_000);

  it('a loop of jumps behind thousands of rules is refused once FORWARD would reach it (EMLINK), so no packet can loop', () => {
    const doc = manyRules(0);
    const rules = Array.from({ length: 5_000 }, (_, i) => `iptables -A LOOP -s 172.16.${i >> 8}.${i & 255} -j DROP`);
    doc.devices.fw!.config!.push('iptables -N LOOP', ...packCommands(rules), 'iptables -A LOOP -j LOOP', 'iptables -I FORWARD -j LOOP');
    const parsed = parseScenario(JSON.stringify(doc));
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const { r, work } = countedRun(parsed.scenario, 'client', 'ping -c 1 -W 1 192.168.1.2');
    expect(r.configIssues.map((i) => i.message)).toEqual(['iptables v1.8.9 (nf_tables):  RULE_INSERT failed (Too many links): rule in chain FORWARD']);
    expect(r.exit).toBe(0);
    expect(work.rules).toBeLessThan(100);
  });

  it('a run past the caller\'s wall-clock deadline stops with the reason wall-time', () => {
    const s = scenarioOf({ a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] }, b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0'] } }, [['a:eth0', 'b:eth0']]);
    // A fake clock: the deadline passes on the fifth check (checks come every 1,024 events).
    let checks = 0;
    const r = runCommand(s, 'a', 'ping -i 0.001 10.0.0.2', { outOfTime: () => ++checks > 4 });
    expect(r.stopReason).toBe('wall-time');
    expect(r.exit).toBe(143);
    expect(r.stderr).toContain('hairpin: stopped: the run took too long in real time');
    expect(r.network.scheduler.executed).toBeLessThan(10_000);
    expect(r.stdout).toContain('64 bytes from 10.0.0.2');
  });

  it('a deadline that passes while the config boots stops the run before the command', () => {
    const config = Array.from({ length: 50 }, (_, i) => `ip route add 10.1.${i}.0/24 dev eth0`);
    const s = scenarioOf({ a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', ...config] } }, []);
    let checks = 0;
    const r = runCommand(s, 'a', 'ping -c 1 10.0.0.2', { outOfTime: () => ++checks > 10 });
    expect(r.stopReason).toBe('wall-time');
    const parsed = parseFlowLine('ip route');
    if (!parsed.ok) throw new Error('ip route does not parse');
    const routes = runView(r.network.stacks.get('a')!, parsed.list[0]!.first.command)!.stdout.trim().split('\n');
    expect(routes.length).toBeGreaterThan(1);
    expect(routes.length).toBeLessThan(50);
    expect(r.stdout).toBe('');
  });

  it('a command that never ends is stopped at the flow time limit', () => {
    const s = scenarioOf({ h: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] } }, []);
    const r = runCommand(s, 'h', 'sleep 1000');
    expect(r.stopReason).toBe('time-limit');
    expect(r.exit).toBe(143);
  });
});

describe('config scripts', () => {
  it('an iptables-restore here-document in a config is applied as one command', () => {
    const s = scenarioOf(
      {
        a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0', "iptables-restore <<'EOF'", '*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p icmp -j DROP', 'COMMIT', 'EOF'] },
      },
      [['a:eth0', 'b:eth0']],
    );
    const r = run(s, 'a', 'ping -c 1 -W 1 10.0.0.2');
    expect(r.exit).toBe(1);
    expect(r.network.stacks.get('b')!.nf.tables.filter.chains.get('INPUT')!.rules[0]!.packets).toBe(1);
  });
});
