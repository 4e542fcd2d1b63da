import { parseScenario } from '../scenario';
import type { Scenario } from '../scenario/types';
import { formatTcpdump } from '../wire/tcpdump';
import { runCommand, type FlowResult } from './run';

/*
 * Test helpers: a scenario from a compact description, a command run on it, and what
 * tcpdump would print on a port. For tests only.
 */

export interface DeviceSpec {
  kind?: 'host' | 'router' | 'switch' | 'cloud';
  ports: string[];
  config?: string[];
}

export function scenarioOf(devices: Record<string, DeviceSpec>, links: [string, string][]): Scenario {
  const doc = {
    hairpin: 1,
    title: 'test',
    devices: Object.fromEntries(
      Object.entries(devices).map(([id, d]) => [id, { kind: d.kind ?? 'host', ports: Object.fromEntries(d.ports.map((p) => [p, null])), config: d.config ?? [] }]),
    ),
    links,
    flows: [],
  };
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.scenario;
}

export function run(s: Scenario, device: string, command: string): FlowResult {
  const r = runCommand(s, device, command);
  if (r.configIssues.length) throw new Error(`config problems: ${JSON.stringify(r.configIssues)}`);
  return r;
}

/** tcpdump -e -n lines seen on "device:port". */
export function tcpdump(r: FlowResult, port: string): string[] {
  const frames = r.captures.get(port);
  if (!frames) throw new Error(`no port ${port}`);
  return frames.map((f) => formatTcpdump(f.frame));
}

/** tcpdump -n lines without the link layer. */
export function tcpdumpIp(r: FlowResult, port: string): string[] {
  return (r.captures.get(port) ?? []).map((f) => formatTcpdump(f.frame, { link: false }));
}

/** A host "a" and a host "b" on one wire. */
export function twoHosts(aConfig: string[], bConfig: string[]): Scenario {
  return scenarioOf({ a: { ports: ['eth0'], config: aConfig }, b: { ports: ['eth0'], config: bConfig } }, [['a:eth0', 'b:eth0']]);
}

/** client — router — server, with the given extra router and server lines. */
export function routed(routerExtra: string[] = [], serverExtra: string[] = [], clientExtra: string[] = []): Scenario {
  return scenarioOf(
    {
      client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1', ...clientExtra] },
      router: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', ...routerExtra] },
      server: { ports: ['eth0'], config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', ...serverExtra] },
    },
    [
      ['client:eth0', 'router:eth0'],
      ['router:eth1', 'server:eth0'],
    ],
  );
}
