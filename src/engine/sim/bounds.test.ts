import { describe, expect, it } from 'vitest';
import { run, scenarioOf, tcpdumpIp } from './testing';
import { runCommand } from './run';
import { parseFlowLine } from '../command/parse';
import { runView } from '../tools/views';

describe('bounded runs', () => {
  it('a bridge loop (two switches joined twice) storms, and the run stops at once with a named reason', () => {
    const s = scenarioOf(
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
    const started = performance.now();
    const r = runCommand(s, 'a', 'ping -c 1 -W 1 10.0.0.2');
    expect(r.stopReason).toBe('bridge-loop');
    expect(r.stderr).toContain('a bridge loop');
    expect(r.events.some((e) => e.kind === 'drop' && e.why.startsWith('bridge loop'))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
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
