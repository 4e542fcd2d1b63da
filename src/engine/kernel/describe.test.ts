import { describe, expect, it } from 'vitest';
import { routed, run } from '../sim/testing';

/*
 * The trace's route and rule lines read as `ip route` / `ip rule` print the route and the rule
 * (fib_rules_lookup, then the table's lookup) that each packet took. The lines are kept per
 * route between packets: each packet must still get its own route's line, not the last one made.
 */

const viaTable100 = routed(['ip rule add to 10.0.2.0/24 lookup 100 pref 100', 'ip route add 10.0.2.0/24 dev eth1 table 100']);

describe('route and rule lines in the trace', () => {
  it('name, for each packet a box sends, the route and the rule that chose it, as ip route and ip rule print them', () => {
    const r = run(viaTable100, 'router', 'ping -c 1 -W 1 10.0.2.2; ping -c 1 -W 1 10.0.1.2; ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(0);
    const routes = r.events.filter((e) => e.reason.code === 'output_route' && e.device === 'router').map((e) => [e.facts?.route, e.facts?.rule]);
    const table100 = ['10.0.2.0/24 dev eth1 table 100', '100: from all to 10.0.2.0/24 lookup 100'];
    expect(routes).toEqual([table100, ['10.0.1.0/24 dev eth0 src 10.0.1.1', '32766: from all lookup main'], table100]);
  });

  it('give the same line for every packet of a flow through a router, each event with the route its packet took', () => {
    const r = run(routed(), 'client', 'ping -c 3 -i 0.2 10.0.2.2');
    expect(r.exit).toBe(0);
    const forwarded = r.events.filter((e) => e.reason.code === 'input_forward' && e.device === 'router');
    expect(forwarded.map((e) => [e.packet?.dst, e.facts?.route, e.facts?.rule])).toEqual([
      ...[1, 2, 3].flatMap(() => [
        [0x0a000202, '10.0.2.0/24 dev eth1 src 10.0.2.1', '32766: from all lookup main'],
        [0x0a000102, '10.0.1.0/24 dev eth0 src 10.0.1.1', '32766: from all lookup main'],
      ]),
    ]);
  });
});
