import { describe, expect, it } from 'vitest';
import { Errno } from './errors';
import { rtmDelLink, rtmNewLink, rtmSetLink } from './rtnetlink';
import { boot, runOn } from '../sim/run';
import { Network } from '../sim/network';
import { scenarioOf } from '../sim/testing';

/*
 * Devices as the kernel keeps them (register_netdevice, unregister_netdevice, a bridge's
 * ports enslaved with IFLA_MASTER), made and removed at run time through rtnetlink. What each
 * step leaves was checked with `ip link add br0 type bridge`, `ip link set eth0 master br0` and
 * `ip link del` in a network namespace.
 */

const booted = (s: ReturnType<typeof scenarioOf>) => {
  const net = new Network(s);
  boot(net);
  return net;
};
const show = (net: Network, device: string, command: string) => runOn(net, device, command, []).stdout;

describe('net devices (net/core/dev.c, rtnetlink)', () => {
  it('a switch is a bridge device whose ports are enslaved to it, as the lab script builds it', () => {
    const net = booted(scenarioOf({ sw: { kind: 'switch', ports: ['p1', 'p2'] } }, []));
    const sw = net.stacks.get('sw')!;
    expect(sw.devices.map((d) => `${d.ifindex}:${d.name}:${d.type}:${d.master?.name ?? '-'}`)).toEqual(['1:lo:loopback:-', '2:p1:ether:br0', '3:p2:ether:br0', '4:br0:bridge:-']);
    // Every registered device gets its conf/ directory, the bridge too.
    expect(show(net, 'sw', 'sysctl net.ipv4.conf.br0.forwarding')).toBe('net.ipv4.conf.br0.forwarding = 0\n');
  });

  it('a bridge made at run time bridges the ports enslaved to it', () => {
    const s = scenarioOf(
      {
        a: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0'] },
        h: { ports: ['eth0', 'eth1'] },
        b: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0'] },
      },
      [
        ['a:eth0', 'h:eth0'],
        ['h:eth1', 'b:eth0'],
      ],
    );
    const net = booted(s);
    const h = net.stacks.get('h')!;
    expect(runOn(net, 'a', 'ping -c 1 -W 1 10.0.0.2', []).exit).toBe(1);
    expect(rtmNewLink(h, { ifname: 'br0', kind: 'bridge' })).toEqual({ errno: 0 });
    const br0 = h.byName.get('br0')!;
    // A new bridge is down (br_dev_newlink), as every new device: a port of a bridge that is down is disabled.
    expect(rtmSetLink(h, { ifindex: br0.ifindex, up: true })).toEqual({ errno: 0 });
    for (const port of ['eth0', 'eth1']) expect(rtmSetLink(h, { ifindex: h.byName.get(port)!.ifindex, master: br0.ifindex })).toEqual({ errno: 0 });
    expect(show(net, 'h', 'ip -o link show eth0')).toContain('master br0');
    // The bridge takes the lowest port address (eth0's, 02:00:00:00:02:01).
    expect(br0.mac).toBe('02:00:00:00:02:01');
    const r = runOn(net, 'a', 'ping -c 1 -W 1 10.0.0.2', []);
    expect(r.exit).toBe(0);
    expect(r.events.some((e) => e.device === 'h' && e.kind === 'bridged')).toBe(true);
    // nomaster: the port's frames go up to IP again.
    expect(rtmSetLink(h, { ifindex: h.byName.get('eth0')!.ifindex, master: 0 })).toEqual({ errno: 0 });
    expect(show(net, 'h', 'ip -o link show eth0')).not.toContain('master');
    expect(show(net, 'h', 'bridge fdb show dev eth0')).not.toContain('master');
    expect(br0.mac).toBe('02:00:00:00:02:02');
  });

  it('deleting a device takes its addresses, routes, neighbours and sysctls with it', () => {
    const s = scenarioOf(
      {
        a: {
          ports: ['eth0', 'eth1'],
          config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.1.0.1/24 dev eth1', 'ip route add 10.9.0.0/16 via 10.1.0.254', 'ip neigh add 10.1.0.254 lladdr 02:00:00:00:09:09 dev eth1'],
        },
      },
      [],
    );
    const net = booted(s);
    const a = net.stacks.get('a')!;
    expect(rtmDelLink(a, { ifindex: a.byName.get('eth1')!.ifindex })).toEqual({ errno: 0 });
    expect(show(net, 'a', 'ip route')).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 linkdown \n');
    expect(show(net, 'a', 'ip route show table local')).not.toContain('10.1.0.1');
    expect(show(net, 'a', 'ip neigh')).toBe('');
    expect(show(net, 'a', 'ip -o link').split('\n').filter(Boolean).map((l) => l.split(':')[1]!.trim())).toEqual(['lo', 'eth0']);
    const r = runOn(net, 'a', 'sysctl net.ipv4.conf.eth1.rp_filter', []);
    expect(r.stderr).toBe('sysctl: cannot stat /proc/sys/net/ipv4/conf/eth1/rp_filter: No such file or directory\n');
    // A new device takes a fresh ifindex: dev_new_index never hands out eth1's 3 again.
    expect(rtmNewLink(a, { ifname: 'br0', kind: 'bridge' })).toEqual({ errno: 0 });
    expect(a.byName.get('br0')!.ifindex).toBe(4);
  });

  it('deleting a bridge releases its ports; lo cannot be deleted and a name is taken once', () => {
    const net = booted(scenarioOf({ sw: { kind: 'switch', ports: ['p1', 'p2'] } }, []));
    const sw = net.stacks.get('sw')!;
    expect(rtmNewLink(sw, { ifname: 'p1', kind: 'bridge' })).toEqual({ errno: Errno.EEXIST });
    expect(rtmDelLink(sw, { ifindex: 1 })).toEqual({ errno: Errno.EOPNOTSUPP });
    expect(rtmDelLink(sw, { ifindex: sw.byName.get('br0')!.ifindex })).toEqual({ errno: 0 });
    expect(sw.bridge).toBeUndefined();
    expect(sw.devices.map((d) => d.master)).toEqual([undefined, undefined, undefined]);
    expect(show(net, 'sw', 'ip -o link')).not.toContain('br0');
  });
});
