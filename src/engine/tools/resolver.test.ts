import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import type { ScenarioDoc } from '../scenario/types';
import { runCommand } from '../sim/run';
import { NS } from './process';

/*
 * The glibc resolver as ping and nc use it (getaddrinfo AF_UNSPEC), on the dns-lan lab:
 * behaviour observed with tcpdump on Debian 12 (glibc 2.36).
 */

const file = fileURLToPath(new URL('../../../fixtures/scenarios/dns-lan.json', import.meta.url));
function lab(edit?: (doc: ScenarioDoc) => void) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ScenarioDoc;
  edit?.(doc);
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error('scenario does not parse');
  return parsed.scenario;
}
/** DNS queries seen on the client's port, as "TYPE@seconds". */
function queries(r: ReturnType<typeof runCommand>): string[] {
  return (r.captures.get('dclient:eth0') ?? []).flatMap((c) => {
    const p = c.frame.payload;
    if (p.kind !== 'ipv4' || p.payload.kind !== 'udp' || p.payload.dport !== 53) return [];
    const d = p.payload.data;
    const qtype = (d[d.length - 4]! << 8) | d[d.length - 3]!;
    return [`${qtype === 28 ? 'AAAA' : qtype === 1 ? 'A' : qtype}@${Math.floor(c.t / NS)}`];
  });
}

describe('resolver (glibc getaddrinfo)', () => {
  it('sends A and AAAA together and uses the A answer', () => {
    const r = runCommand(lab(), 'dclient', 'nc -z -w 2 web 80');
    expect(r.exit).toBe(0);
    expect(queries(r)).toEqual(['A@0', 'AAAA@0']);
  });
  it('reads /etc/hosts first: no query for a name listed there', () => {
    const r = runCommand(lab((d) => d.devices.dclient!.config!.push("echo '10.0.0.80 web' >> /etc/hosts")), 'dclient', 'nc -z -w 2 web 80');
    expect(r.exit).toBe(0);
    expect(queries(r)).toEqual([]);
  });
  it('asks a silent server twice, 5 s apart, then fails with EAI_AGAIN after 10 s', () => {
    const r = runCommand(lab((d) => d.devices.dnsbox!.config!.push('iptables -A INPUT -p udp --dport 53 -j DROP')), 'dclient', 'ping -c 1 web');
    expect(r.exit).toBe(2);
    expect(r.stderr).toBe('ping: web: Temporary failure in name resolution\n');
    expect(queries(r)).toEqual(['A@0', 'AAAA@0', 'A@5', 'AAAA@5']);
    expect(Math.round(r.endedAt / NS)).toBe(10);
  });
  it('with no nameserver line asks 127.0.0.1, where nothing listens: an immediate failure', () => {
    const r = runCommand(lab(), 'websrv', 'nc -z web 80');
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe('nc: getaddrinfo for host "web" port 80: Temporary failure in name resolution\n');
    expect(r.endedAt).toBeLessThan(NS / 10);
  });
});
