import type { ScenarioDoc } from '../scenario/types';

/*
 * A chain of routers between two hosts: client — r1 — r2 — … — rN — server. Each link is its
 * own /30-like /24 (10.<hi>.<lo>.0/24); every router has static routes both ways. Used by
 * performance tests and benchmarks.
 */
export function routerChain(routers: number, ttl = 255): ScenarioDoc {
  // Replies start with the default TTL too: a long chain needs it raised on every box.
  const ttlLine = `sysctl -w net.ipv4.ip_default_ttl=${ttl}`;
  const net = (i: number) => `10.${(i >> 8) & 255}.${i & 255}`;
  const devices: ScenarioDoc['devices'] = {};
  const links: [string, string][] = [];
  devices.client = { kind: 'host', ports: { eth0: null }, config: [ttlLine, `ip addr add ${net(0)}.2/24 dev eth0`, `ip route add default via ${net(0)}.1`] };
  for (let i = 1; i <= routers; i++) {
    const left = net(i - 1);
    const right = net(i);
    const config = [ttlLine, 'sysctl -w net.ipv4.ip_forward=1', `ip addr add ${left}.1/24 dev eth0`, `ip addr add ${right}.2/24 dev eth1`];
    // Toward the server: the next router's left address (or the server itself).
    config.push(`ip route add default via ${right}.1`);
    // Toward the client's network: back through the previous router.
    if (i > 1) config.push(`ip route add ${net(0)}.0/24 via ${left}.2`);
    devices[`r${i}`] = { kind: 'router', ports: { eth0: null, eth1: null }, config };
    links.push([i === 1 ? 'client:eth0' : `r${i - 1}:eth1`, `r${i}:eth0`]);
  }
  devices.server = { kind: 'host', ports: { eth0: null }, config: [ttlLine, `ip addr add ${net(routers)}.1/24 dev eth0`, `ip route add default via ${net(routers)}.2`, 'nc -lk 80 &'] };
  links.push([`r${routers}:eth1`, 'server:eth0']);
  return {
    hairpin: 2,
    title: `A chain of ${routers} routers`,
    devices,
    links,
    flows: [
      { on: 'client', run: `ping -c 1 -W 5 ${net(routers)}.1`, expect: { exit: routers < ttl ? 0 : 1 }, title: 'ping across the chain' },
      { on: 'client', run: `nc -z -w 5 ${net(routers)}.1 80`, expect: { exit: routers < ttl ? 0 : 1 }, title: 'TCP across the chain' },
    ],
  };
}
