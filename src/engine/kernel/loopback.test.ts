import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { scenarioOf } from '../sim/testing';

/*
 * Local traffic goes out through lo's own transmit (loopback_xmit) and comes back in through
 * the receive path. Checked in a network namespace: with lo down, `ping` of the box's own
 * eth0 address gets no reply (ping exits 1), though the local route is still there.
 */

const box = (config: string[]) => scenarioOf({ a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', ...config] }, b: { ports: ['eth0'] } }, [['a:eth0', 'b:eth0']]);

describe('loopback (drivers/net/loopback.c)', () => {
  it('a packet to one of the box\'s own addresses is looped back through lo', () => {
    const r = runCommand(box([]), 'a', 'ping -c 1 -W 1 10.0.0.1');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('1 packets transmitted, 1 received');
  });

  it('with lo down the looped packet is dropped at lo\'s queue: no reply', () => {
    const r = runCommand(box(['ip link set lo down']), 'a', 'ping -c 1 -W 1 10.0.0.1');
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss');
    expect(r.events.filter((e) => e.kind === 'drop').map((e) => e.port)).toEqual(['lo']);
  });
});
