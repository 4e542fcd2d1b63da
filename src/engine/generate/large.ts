import type { DeviceDoc, ScenarioDoc } from '../scenario/types';
import { MAX_LINE_LENGTH, MAX_PORTS_PER_DEVICE } from '../scenario/limits';
import { routerChain } from './chain';

/*
 * Generators of large scenarios for performance tests and benchmarks (`npm run bench`). Each
 * returns a format-1 document whose first flow exits 0.
 */

/** 10.<hi>.<lo>.0 network number i (i < 65536), as "10.a.b". */
const net24 = (i: number) => `10.${(i >> 8) & 255}.${i & 255}`;
/** Host number i (1-based, < 65535) of 10.0.0.0/16. */
const host16 = (i: number) => `10.0.${(i >> 8) & 255}.${i & 255}`;

/** Joins commands into `a; b; c` config lines no longer than the format's line limit. */
export function packCommands(commands: string[], max = MAX_LINE_LENGTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const c of commands) {
    if (line === '') line = c;
    else if (line.length + 2 + c.length <= max) line += `; ${c}`;
    else {
      lines.push(line);
      line = c;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** One switch, `hosts` hosts on it (at most 255: a device's port limit), all in 10.0.0.0/16. */
export function star(hosts: number): ScenarioDoc {
  if (hosts < 2 || hosts > MAX_PORTS_PER_DEVICE) throw new RangeError(`star: 2 to ${MAX_PORTS_PER_DEVICE} hosts`);
  const devices: ScenarioDoc['devices'] = {};
  const links: [string, string][] = [];
  const ports: DeviceDoc['ports'] = {};
  for (let i = 1; i <= hosts; i++) ports[`p${i}`] = null;
  devices.sw = { kind: 'switch', ports, config: [] };
  for (let i = 1; i <= hosts; i++) {
    devices[`h${i}`] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add ${host16(i)}/16 dev eth0`] };
    links.push([`h${i}:eth0`, `sw:p${i}`]);
  }
  return {
    hairpin: 2,
    title: `A star: one switch, ${hosts} hosts`,
    devices,
    links,
    flows: [{ on: 'h1', run: `ping -c 1 -W 5 ${host16(hosts)}`, expect: { exit: 0 }, title: 'ping from the first host to the last' }],
  };
}

/**
 * A tree of switches `depth` levels deep (the root is level 1), each with `fanout` children;
 * the leaf switches have `fanout` hosts each. One LAN, 10.0.0.0/16. Devices:
 * (fanout^depth - 1)/(fanout - 1) switches + fanout^depth hosts.
 */
export function switchTree(depth: number, fanout: number): ScenarioDoc {
  if (depth < 1 || fanout < 2 || fanout + 1 > MAX_PORTS_PER_DEVICE) throw new RangeError('switchTree: depth >= 1, 2 <= fanout < 255');
  const devices: ScenarioDoc['devices'] = {};
  const links: [string, string][] = [];
  let switches = 0;
  let hosts = 0;
  const addSwitch = (level: number): string => {
    const id = `s${++switches}`;
    const ports: DeviceDoc['ports'] = { up: null };
    for (let c = 1; c <= fanout; c++) ports[`p${c}`] = null;
    devices[id] = { kind: 'switch', ports, config: [] };
    for (let c = 1; c <= fanout; c++) {
      if (level < depth) {
        const child = addSwitch(level + 1);
        links.push([`${id}:p${c}`, `${child}:up`]);
      } else {
        const h = `h${++hosts}`;
        devices[h] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add ${host16(hosts)}/16 dev eth0`] };
        links.push([`${h}:eth0`, `${id}:p${c}`]);
      }
    }
    return id;
  };
  addSwitch(1);
  if (hosts > 65534) throw new RangeError('switchTree: too many hosts for 10.0.0.0/16');
  return {
    hairpin: 2,
    title: `A tree of switches, depth ${depth}, fanout ${fanout}`,
    devices,
    links,
    flows: [{ on: 'h1', run: `ping -c 1 -W 5 ${host16(hosts)}`, expect: { exit: 0 }, title: 'ping from the first leaf host to the last' }],
  };
}

/**
 * client — r1 — server, plus `idle` devices that take no part in the flow: pairs of linked
 * hosts, each pair on its own /30-like network, configured but silent. For measuring that idle
 * devices cost nothing per hop. Devices: 3 + idle (idle rounded down to even).
 */
export function withIdle(idle: number): ScenarioDoc {
  const devices: ScenarioDoc['devices'] = {
    client: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.0.2/24 dev eth0', 'ip route add default via 192.168.0.1'] },
    r1: { kind: 'router', ports: { eth0: null, eth1: null }, config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.1/24 dev eth0', 'ip addr add 192.168.1.1/24 dev eth1'] },
    server: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.1.2/24 dev eth0', 'ip route add default via 192.168.1.1', 'nc -lk 80 &'] },
  };
  const links: [string, string][] = [['client:eth0', 'r1:eth0'], ['r1:eth1', 'server:eth0']];
  for (let p = 0; p < Math.floor(idle / 2); p++) {
    const n = net24(p);
    devices[`a${p}`] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add ${n}.1/24 dev eth0`] };
    devices[`b${p}`] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add ${n}.2/24 dev eth0`] };
    links.push([`a${p}:eth0`, `b${p}:eth0`]);
  }
  return {
    hairpin: 2,
    title: `One router between two hosts, and ${idle} idle devices`,
    devices,
    links,
    flows: [
      { on: 'client', run: 'ping -c 10 -i 0.2 192.168.1.2', expect: { exit: 0 }, title: 'ten pings through the router' },
      { on: 'client', run: 'nc -z -w 5 192.168.1.2 80', expect: { exit: 0 }, title: 'TCP through the router' },
    ],
  };
}

/** Network number of route i (i < 2^24): 20.0.0.0/24, 20.0.1.0/24, … */
const routeNet = (i: number) => `${20 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

/**
 * client — r1 — server, r1 holding `routes` static /24 routes (via the server) in its main
 * table. The server owns an address in the last route's network; the flow pings it.
 */
export function manyRoutes(routes: number): ScenarioDoc {
  if (routes < 1 || routes > 1_000_000) throw new RangeError('manyRoutes: 1 to 1,000,000 routes');
  const commands: string[] = [];
  for (let i = 0; i < routes; i++) commands.push(`ip route add ${routeNet(i)}.0/24 via 192.168.1.2`);
  const target = `${routeNet(routes - 1)}.1`;
  return {
    hairpin: 2,
    title: `A router with ${routes} routes`,
    devices: {
      client: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.0.2/24 dev eth0', 'ip route add default via 192.168.0.1'] },
      r1: { kind: 'router', ports: { eth0: null, eth1: null }, config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.1/24 dev eth0', 'ip addr add 192.168.1.1/24 dev eth1', ...packCommands(commands)] },
      server: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.1.2/24 dev eth0', `ip addr add ${target}/24 dev eth0`, 'ip route add default via 192.168.1.1'] },
    },
    links: [['client:eth0', 'r1:eth0'], ['r1:eth1', 'server:eth0']],
    flows: [{ on: 'client', run: `ping -c 10 -i 0.2 ${target}`, expect: { exit: 0 }, title: 'ten pings through the router, to the last route' }],
  };
}

/**
 * client — fw — server, fw's FORWARD chain holding `rules` rules that match nothing in the flow
 * (each a different source address in 172.16.0.0/12), then an ACCEPT; the policy is DROP. Every
 * forwarded packet traverses all of them.
 */
export function manyRules(rules: number): ScenarioDoc {
  if (rules < 0 || rules > 1_000_000) throw new RangeError('manyRules: 0 to 1,000,000 rules');
  const commands: string[] = [];
  for (let i = 0; i < rules; i++) commands.push(`iptables -A FORWARD -s 172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255} -j DROP`);
  commands.push('iptables -A FORWARD -j ACCEPT');
  return {
    hairpin: 2,
    title: `A firewall with ${rules} rules before its ACCEPT`,
    devices: {
      client: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.0.2/24 dev eth0', 'ip route add default via 192.168.0.1'] },
      fw: { kind: 'router', ports: { eth0: null, eth1: null }, config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 192.168.0.1/24 dev eth0', 'ip addr add 192.168.1.1/24 dev eth1', 'iptables -P FORWARD DROP', ...packCommands(commands)] },
      server: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.1.2/24 dev eth0', 'ip route add default via 192.168.1.1'] },
    },
    links: [['client:eth0', 'fw:eth0'], ['fw:eth1', 'server:eth0']],
    flows: [{ on: 'client', run: 'ping -c 10 -i 0.2 192.168.1.2', expect: { exit: 0 }, title: 'ten pings through every rule' }],
  };
}

/**
 * routerChain(routers) laid out as a long row (client, r1…rN, server left to right), with
 * `hosts` idle hosts (linked in pairs, as in withIdle) in a long column of pairs under the
 * client: a document whose positions are given and far apart, for the canvas's level of
 * detail and fit. Devices: routers + 2 + hosts (hosts rounded down to even).
 */
export function rowAndColumn(routers: number, hosts: number): ScenarioDoc {
  const chain = routerChain(routers);
  const devices: ScenarioDoc['devices'] = {};
  Object.keys(chain.devices).forEach((id, i) => (devices[id] = { ...chain.devices[id]!, at: [i * 200, 0] }));
  const links = [...chain.links];
  for (let p = 0; p < Math.floor(hosts / 2); p++) {
    // Each pair on its own /30 of 172.16.0.0/12, apart from the chain's 10.0.0.0/16.
    const n = `172.${16 + ((p >> 14) & 15)}.${(p >> 6) & 255}.${(p & 63) * 4}`.split('.').map(Number);
    const addr = (h: number) => `${n[0]}.${n[1]}.${n[2]}.${n[3]! + h}/30`;
    devices[`a${p}`] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add ${addr(1)} dev eth0`], at: [0, (p + 1) * 100] };
    devices[`b${p}`] = { kind: 'host', ports: { eth0: null }, config: [`ip addr add ${addr(2)} dev eth0`], at: [200, (p + 1) * 100] };
    links.push([`a${p}:eth0`, `b${p}:eth0`]);
  }
  return { ...chain, title: `A chain of ${routers} routers in a row, and ${hosts} idle hosts in a column`, devices, links };
}
