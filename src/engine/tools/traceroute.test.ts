import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';

/* traceroute -n through fixtures/scenarios/traceroute-chain.json, against what Linux 6.18 and traceroute 2.1 did there. */

const text = readFileSync(fileURLToPath(new URL('../../../fixtures/scenarios/traceroute-chain.json', import.meta.url)), 'utf8');
const flow = (i: number) => {
  const p = parseScenario(text);
  if (!p.ok) throw new Error('parse');
  return runFlow(p.scenario, i);
};
const shape = (out: string) => out.replace(/\d+\.\d{3} ms/g, 'T ms');

describe('traceroute (UDP probes, 16 in flight)', () => {
  it('prints a line per hop and stops at the port unreachable of the destination', () => {
    const r = flow(0);
    expect(shape(r.stdout)).toBe('traceroute to 10.0.4.2 (10.0.4.2), 30 hops max, 60 byte packets\n 1  10.0.1.1  T ms  T ms  T ms\n 2  10.0.2.2  T ms  T ms  T ms\n 3  10.0.3.2  T ms  T ms  T ms\n 4  10.0.4.2  T ms  T ms  T ms\n');
    expect(r.exit).toBe(0);
  });

  it('sends the first 16 probes at once: ports 33434+, 32 bytes of data, TTL 1,1,1,2,...; the 16th gets no answer (the server\'s ICMP burst is 6)', () => {
    const r = flow(0);
    const probes = r.captures.get('pc:eth0')!.filter((f) => f.dir === 'out' && f.frame.payload.kind === 'ipv4').map((f) => f.frame.payload);
    expect(probes).toHaveLength(16);
    expect(probes.map((p) => (p.kind === 'ipv4' ? p.ttl : 0))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]);
    const u = probes[0]!.kind === 'ipv4' ? probes[0]!.payload : undefined;
    expect(u?.kind === 'udp' && u.dport === 33434 && u.data.length === 32).toBe(true);
  });

  it('a router without a route answers !N twice, then its ICMP rate limit (shared with ip_error) hides the third', () => {
    expect(shape(flow(2).stdout).split('\n')[2]).toBe(' 2  10.0.2.2  T ms !N  T ms !N *');
  });

  it('a prohibit route gives !X', () => {
    expect(shape(flow(3).stdout).split('\n')[2]).toBe(' 2  10.0.2.2  T ms !X  T ms !X *');
  });

  it('an address nobody has: the last router answers !H after 3 s of ARP', () => {
    const r = flow(4);
    expect(r.stdout.split('\n')[4]).toMatch(/^ 4  10\.0\.3\.2  \d{4}\.\d{3} ms !H  \d{4}\.\d{3} ms !H  \d{4}\.\d{3} ms !H$/);
  });

  it('a routing loop: hops alternate between r2 and r3 until the TTL limit, and r2 runs out of ICMP tokens (* * *)', () => {
    const lines = shape(flow(1).stdout).split('\n');
    expect(lines.slice(4, 7)).toEqual([' 4  10.0.2.2  T ms  T ms  T ms', ' 5  10.0.3.2  T ms  T ms  T ms', ' 6  * * *']);
  });
});
