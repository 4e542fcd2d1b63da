import { describe, expect, it } from 'vitest';
import { afterRun, lines, ROUTER_CONFIG, viewOn } from './fixture';
import { ipNeighRows, printIpNeighRows } from './ip-neigh';

/* Real `ip neigh` output from the printer lab (fixture.ts). The kernel lists entries in hash order, so lines are compared sorted. */
const sorted = (text: string) => text.split('\n').sort().join('\n');

describe('ip neigh show', () => {
  it('after a ping: the static entry and the gateway, REACHABLE', () => {
    const net = afterRun('r', 'ping -c 1 192.168.1.1');
    expect(sorted(viewOn(net, 'r', 'ip neigh').stdout)).toBe(
      sorted(lines('192.168.1.1 dev eth0 lladdr 02:00:00:00:02:01 REACHABLE ', '10.0.0.99 dev eth1 lladdr 02:00:00:00:09:09 PERMANENT ')),
    );
  });

  it('an unanswered address: INCOMPLETE while probing, FAILED after three probes, never an lladdr', () => {
    const net = afterRun('r', 'ping -c 1 192.168.1.1; ping -c 1 -W 1 192.168.1.77');
    expect(sorted(viewOn(net, 'r', 'ip neigh').stdout)).toBe(
      sorted(lines('10.0.0.99 dev eth1 lladdr 02:00:00:00:09:09 PERMANENT ', '192.168.1.77 dev eth0 INCOMPLETE ', '192.168.1.1 dev eth0 lladdr 02:00:00:00:02:01 REACHABLE ')),
    );
    net.scheduler.run({ until: net.scheduler.now + 3_000_000_000 });
    expect(sorted(viewOn(net, 'r', 'ip neigh').stdout)).toBe(
      sorted(lines('10.0.0.99 dev eth1 lladdr 02:00:00:00:09:09 PERMANENT ', '192.168.1.77 dev eth0 FAILED ', '192.168.1.1 dev eth0 lladdr 02:00:00:00:02:01 REACHABLE ')),
    );
    // `ip neigh show dev eth0` leaves out `dev eth0`.
    expect(sorted(viewOn(net, 'r', 'ip neigh show dev eth0').stdout)).toBe(sorted(lines('192.168.1.77 FAILED ', '192.168.1.1 lladdr 02:00:00:00:02:01 REACHABLE ')));
    expect(viewOn(net, 'r', 'ip neigh show 192.168.1.1').stdout).toBe(lines('192.168.1.1 dev eth0 lladdr 02:00:00:00:02:01 REACHABLE '));
  });

  it('static states; NOARP entries only with nud all', () => {
    const config = [
      ...ROUTER_CONFIG,
      'ip neigh add 10.0.0.98 lladdr 02:00:00:00:09:08 dev eth1 nud noarp',
      'ip neigh add 10.0.0.97 lladdr 02:00:00:00:09:07 dev eth1 nud stale',
      'ip neigh add 10.0.0.96 lladdr 02:00:00:00:09:06 dev eth1 nud reachable',
    ];
    const net = afterRun('r', 'true', config);
    expect(sorted(viewOn(net, 'r', 'ip neigh').stdout)).toBe(
      sorted(
        lines(
          '10.0.0.99 dev eth1 lladdr 02:00:00:00:09:09 PERMANENT ',
          '10.0.0.97 dev eth1 lladdr 02:00:00:00:09:07 STALE ',
          '10.0.0.96 dev eth1 lladdr 02:00:00:00:09:06 REACHABLE ',
        ),
      ),
    );
    // The real list also has the kernel's own `0.0.0.0 dev lo lladdr 00:00:00:00:00:00 NOARP`.
    expect(viewOn(net, 'r', 'ip neigh show nud all').stdout).toContain('10.0.0.98 dev eth1 lladdr 02:00:00:00:09:08 NOARP \n');
  });

  it('an unknown device', () => {
    const net = afterRun('r', 'true');
    expect(viewOn(net, 'r', 'ip neigh show dev eth7')).toEqual({ stdout: '', stderr: 'Cannot find device "eth7"\n', exit: 1 });
  });

  it('the rows the view log keeps print what plain `ip neigh` prints, in every state (no lladdr unless valid, no NOARP)', () => {
    const config = [...ROUTER_CONFIG, 'ip neigh add 10.0.0.98 lladdr 02:00:00:00:09:08 dev eth1 nud noarp', 'ip neigh add 10.0.0.97 lladdr 02:00:00:00:09:07 dev eth1 nud stale'];
    const net = afterRun('r', 'ping -c 1 192.168.1.1; ping -c 1 -W 1 192.168.1.77', config);
    const stack = net.stacks.get('r')!;
    const rows = ipNeighRows(stack);
    expect(printIpNeighRows(rows)).toBe(viewOn(net, 'r', 'ip neigh').stdout);
    expect(printIpNeighRows(rows)).toContain('192.168.1.77 dev eth0 INCOMPLETE \n');
    net.scheduler.run({ until: net.scheduler.now + 3_000_000_000 });
    expect(printIpNeighRows(ipNeighRows(stack))).toBe(viewOn(net, 'r', 'ip neigh').stdout);
    expect(printIpNeighRows(ipNeighRows(stack))).toContain('192.168.1.77 dev eth0 FAILED \n');
    // The rows are values: the entries changing later leave them as they were.
    expect(printIpNeighRows(rows)).toContain('192.168.1.77 dev eth0 INCOMPLETE \n');
  });
});
