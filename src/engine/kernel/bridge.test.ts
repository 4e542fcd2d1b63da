import { describe, expect, it } from 'vitest';
import { boot, runOn } from '../sim/run';
import { Network } from '../sim/network';
import { run, scenarioOf, tcpdump } from '../sim/testing';

const lan = () =>
  scenarioOf(
    {
      a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] },
      b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0'] },
      c: { ports: ['eth0'], config: ['ip addr add 10.0.0.3/24 dev eth0'] },
      sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
    },
    [
      ['a:eth0', 'sw:p1'],
      ['b:eth0', 'sw:p2'],
      ['c:eth0', 'sw:p3'],
    ],
  );

describe('bridge (net/bridge: learning switch)', () => {
  it('floods a broadcast to every other port and forwards learned unicast to one port only', () => {
    const r = run(lan(), 'a', 'ping -c 1 -W 1 10.0.0.2');
    // c sees only the broadcast ARP request: the reply and the echo are unicast to learned ports.
    expect(tcpdump(r, 'c:eth0')).toEqual(['02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.2 tell 10.0.0.1, length 28']);
    expect(tcpdump(r, 'b:eth0')).toHaveLength(4);
    expect(r.events.some((e) => e.kind === 'flooded' && e.device === 'sw')).toBe(true);
    expect(r.events.some((e) => e.kind === 'fdb-learn' && e.facts?.mac === '02:00:00:00:01:01' && e.facts?.port === 'p1')).toBe(true);
  });

  it('a switch with a port named br0 is bridge br1 everywhere: the trace, bridge fdb show and the lab', () => {
    const s = scenarioOf(
      {
        a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0'] },
        sw: { kind: 'switch', ports: ['br0', 'p2'] },
      },
      [
        ['a:eth0', 'sw:br0'],
        ['b:eth0', 'sw:p2'],
      ],
    );
    const net = new Network(s);
    boot(net);
    const r = runOn(net, 'a', 'ping -c 1 -W 1 10.0.0.2', []);
    const bridged = r.events.filter((e) => e.device === 'sw' && e.kind === 'bridged').map((e) => e.facts?.fdb);
    expect(bridged.length).toBeGreaterThan(0);
    for (const fdb of bridged) expect(fdb).toMatch(/ master br1$/);
    const fdb = runOn(net, 'sw', 'bridge fdb show', []).stdout;
    expect(fdb).toContain('02:00:00:00:03:01 dev br0 master br1 permanent');
    expect(fdb).not.toContain('master br0');
  });
});
