import { describe, expect, it } from 'vitest';
import { parseConfigScript } from '../command/script';
import { applyConfigLine, runCommand } from '../sim/run';
import { scenarioOf } from '../sim/testing';
import { routeInputCacheChecks } from './route_input_cache';

/*
 * A router's kept input route (route_input_cache.ts) must give way to every change that alters
 * the decision, as rt_cache_flush retires cached routes on Linux: each case forwards one ping,
 * changes the router between two pings of one flow, and the second ping must see the change.
 */

const box = [
  'ip netns add c',
  'ip netns add r',
  'ip netns add s',
  'ip link add c0 netns c type veth peer name r0 netns r',
  'ip link add r1 netns r type veth peer name s0 netns s',
  'ip -n c addr add 10.0.1.2/24 dev c0',
  'ip -n r addr add 10.0.1.1/24 dev r0',
  'ip -n r addr add 10.0.2.1/24 dev r1',
  'ip -n s addr add 10.0.2.2/24 dev s0',
  'ip -n c link set c0 up',
  'ip -n r link set r0 up',
  'ip -n r link set r1 up',
  'ip -n s link set s0 up',
  'ip -n c route add default via 10.0.1.1',
  'ip -n s route add default via 10.0.2.1',
  'ip netns exec r sysctl -w net.ipv4.ip_forward=1',
];

const scenario = scenarioOf({ h: { ports: [], config: box } }, []);

/**
 * Two pings a second apart from namespace c; half a second after the first, `change` is applied
 * to the box as a config line would be (a flow's commands may not change the configuration).
 * Whether each ping was answered.
 */
function pingsAround(change?: string): [boolean, boolean] {
  const r = runCommand(scenario, 'h', 'ip netns exec c ping -c 2 -i 1 -W 1 10.0.2.2', {
    onBooted: (net) => {
      if (change === undefined) return;
      net.scheduler.schedule(500_000_000, () => {
        const issues = parseConfigScript([change]).flatMap((line) => applyConfigLine(net, 'h', line, []));
        expect(issues).toEqual([]);
      });
    },
  });
  const seqs = new Set([...r.stdout.matchAll(/icmp_seq=(\d) ttl/g)].map((m) => Number(m[1])));
  return [seqs.has(1), seqs.has(2)];
}

describe('input route cache (rt_genid): a kept route never outlives a change', () => {
  it('the unit tests run with every cache hit checked against a fresh lookup', () => {
    expect(routeInputCacheChecks.verify).toBe(true);
  });

  it('the second ping of a flow takes the kept route: the router answers it from its cache', () => {
    const before = routeInputCacheChecks.hits;
    expect(pingsAround()).toEqual([true, true]);
    expect(routeInputCacheChecks.hits).toBeGreaterThan(before);
  });

  it('a route added to the table (fib_table_insert): a blackhole for the server drops the second ping', () => {
    expect(pingsAround('ip -n r route add blackhole 10.0.2.2/32')).toEqual([true, false]);
  });

  it('a rule added (fib_nl_newrule): prohibit from the client drops the second ping', () => {
    expect(pingsAround('ip -n r rule add from 10.0.1.2 prohibit')).toEqual([true, false]);
  });

  it('a sysctl written (devinet_conf_proc): forwarding off on the router drops the second ping', () => {
    expect(pingsAround('ip netns exec r sysctl -w net.ipv4.conf.r0.forwarding=0')).toEqual([true, false]);
  });

  it('a device taken down (NETDEV_DOWN): the route through r1 is gone and the second ping is lost', () => {
    expect(pingsAround('ip -n r link set r1 down')).toEqual([true, false]);
  });

  it("an address removed (NETDEV_DOWN on the router's side of the server's subnet) takes its route along", () => {
    expect(pingsAround('ip -n r addr del 10.0.2.1/24 dev r1')).toEqual([true, false]);
  });
});
