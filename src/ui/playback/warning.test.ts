import { describe, expect, it } from 'vitest';
import { runCommand } from '../../engine/sim/run';
import { scenarioOf } from '../../engine/sim/testing';
import type { TraceEvent } from '../../engine/trace/types';
import { runWarnings } from './warning';

const twoRouters = (r1Extra: string[], r2Extra: string[]) =>
  scenarioOf(
    {
      h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
      r1: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', ...r1Extra] },
      r2: { kind: 'router', ports: ['eth0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', ...r2Extra] },
    },
    [
      ['h:eth0', 'r1:eth0'],
      ['r1:eth1', 'r2:eth0'],
    ],
  );

const reasons = (r: Parameters<typeof runWarnings>[0]) => runWarnings(r).map((w) => w.reason);

describe('run warnings', () => {
  it('a bridge loop names the broadcast storm and the ARP broadcast that started it', () => {
    const s = scenarioOf(
      { a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] }, s1: { kind: 'switch', ports: ['p1', 'p2', 'p3'] }, s2: { kind: 'switch', ports: ['p1', 'p2'] } },
      [
        ['a:eth0', 's1:p1'],
        ['s1:p2', 's2:p1'],
        ['s1:p3', 's2:p2'],
      ],
    );
    const [w] = runWarnings(runCommand(s, 'a', 'ping -c 1 -W 1 10.0.0.2'));
    expect(w?.reason).toBe('bridge-loop');
    expect(w?.title).toBe('Bridge loop: broadcast storm');
    expect(w?.text).toMatch(/^An ARP broadcast went round switches joined in a ring/);
    expect(w?.seq).toBeGreaterThan(0);
  });

  it('a routing loop ends normally by TTL, and the warning names the two routers', () => {
    const r = runCommand(twoRouters(['ip route add 10.9.0.0/16 via 10.0.2.2'], []), 'h', 'ping -c 1 -W 1 10.9.0.1');
    expect(r.stopReason).toBe('settled');
    const ws = runWarnings(r);
    expect(ws.map((w) => w.reason)).toEqual(['routing-loop']);
    expect(ws[0]!.text).toMatch(/^The packet went round between r1 and r2 3\d times until its TTL ran out/);
  });

  it('a DNAT loop: each router rewrites the destination towards the other', () => {
    const r = runCommand(
      twoRouters(['ip route add 10.8.0.0/16 via 10.0.2.2', 'iptables -t nat -A PREROUTING -d 10.9.0.1 -j DNAT --to-destination 10.8.0.1'], ['iptables -t nat -A PREROUTING -d 10.8.0.1 -j DNAT --to-destination 10.9.0.1']),
      'h',
      'ping -c 1 -W 1 10.9.0.1',
    );
    const ws = runWarnings(r);
    expect(ws.map((w) => w.reason)).toEqual(['dnat-loop']);
    expect(ws[0]!.text).toContain('DNAT on r1 and r2 sends the packet back and forth');
  });

  it('a healthy routed ping and a traceroute (TTL exceeded on purpose) warn of nothing', () => {
    const s = twoRouters(['ip route add 10.9.0.0/16 via 10.0.2.2'], ['ip addr add 10.9.0.1/32 dev eth0']);
    expect(reasons(runCommand(s, 'h', 'ping -c 3 -W 1 10.9.0.1'))).toEqual([]);
    expect(reasons(runCommand(s, 'h', 'traceroute -n 10.9.0.1'))).toEqual([]);
  });

  it('a run stopped by a budget or a limit says which', () => {
    expect(reasons({ stopReason: 'event-budget', events: [] })).toEqual(['event-budget']);
    expect(runWarnings({ stopReason: 'wall-time', events: [] })[0]!.text).toContain('more than 20 s of real time');
    expect(runWarnings({ stopReason: 'time-limit', events: [] })[0]!.text).toContain('120 s of virtual time');
    expect(runWarnings({ stopReason: 'time-limit', events: [], exit: 143 })[0]!.text).toContain('was stopped (exit status 143)');
  });

  it('ping without -c at the time limit: interrupted as by Ctrl+C, with its own exit status (SIGINT handler)', () => {
    const s = scenarioOf({ a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] }, b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0'] } }, [['a:eth0', 'b:eth0']]);
    const r = runCommand(s, 'a', 'ping 10.0.0.2');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('--- 10.0.0.2 ping statistics ---');
    const [w] = runWarnings(r);
    expect(w!.reason).toBe('time-limit');
    expect(w!.text).toContain('interrupted as by Ctrl+C: it printed its summary and exited with status 0');
    expect(runWarnings({ stopReason: 'rule-budget', events: [] })[0]!.text).toContain('30,000,000 iptables rules');
    expect(reasons({ stopReason: 'settled', events: [], truncated: true })).toEqual(['trace-cut']);
  });

  it('ARP requests filling the trace are an ARP flood', () => {
    const arp = (seq: number): TraceEvent => ({ t: seq, device: 'a', layer: 'arp', kind: 'arp-request', reason: { code: 'arp_request', target: 0x0a000009, sender: 0x0a000001 } });
    const sent = (seq: number): TraceEvent => ({ t: seq, device: 'a', layer: 'link', kind: 'frame-sent', reason: { code: 'frame_sent', dev: 'eth0', to: 'ff:ff:ff:ff:ff:ff' } });
    const flood = Array.from({ length: 600 }, (_, i) => [arp(2 * i), sent(2 * i + 1)]).flat();
    expect(reasons({ stopReason: 'event-budget', events: flood })).toEqual(['event-budget', 'arp-flood']);
    expect(reasons({ stopReason: 'settled', events: flood.slice(0, 400) })).toEqual([]);
  });
});
