import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { readPcap } from '../wire/pcap';
import { readPcapng } from '../wire/pcapng';
import { capturePcap, capturePcapng, tcpdumpLines } from './capture';

function homeLanPing() {
  const parsed = parseScenario(BUILTIN_SCENARIOS['home-lan']!);
  if (!parsed.ok) throw new Error('parse');
  const r = runFlow(parsed.scenario, 1);
  return { r, ports: [...r.captures.keys()] };
}

const has = (tool: string) => spawnSync('which', [tool]).status === 0;

describe('captures from a trace', () => {
  it('one pcapng with every port as its own interface, both directions', () => {
    const { r, ports } = homeLanPing();
    const file = readPcapng(capturePcapng(r.events, ports));
    expect(file.interfaces.map((i) => i.name)).toEqual(ports);
    const total = [...r.captures.values()].reduce((n, f) => n + f.length, 0);
    expect(file.packets).toHaveLength(total);
  });

  it('a classic pcap of one port holds what the simulator captured there', () => {
    const { r } = homeLanPing();
    expect(readPcap(capturePcap(r.events, 'router:eth0'))).toHaveLength(r.captures.get('router:eth0')!.length);
  });

  it('tcpdump -e -n lines up to a step, with tcpdump\'s timestamps', () => {
    const { r } = homeLanPing();
    const all = tcpdumpLines(r.events, 'pc1:eth0');
    expect(all[0]).toMatch(/^00:00:00\.\d{6} 02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP \(0x0806\), length 42: Request who-has 192\.168\.1\.1 tell 192\.168\.1\.2, length 28$/);
    const firstReply = r.events.findIndex((e) => e.kind === 'frame-received' && e.device === 'pc1');
    expect(tcpdumpLines(r.events, 'pc1:eth0', firstReply)).toHaveLength(2);
  });

  it.skipIf(!has('tshark') && !has('tcpdump'))('the files open in tshark/tcpdump without warnings', () => {
    const { r, ports } = homeLanPing();
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-capture-'));
    writeFileSync(join(dir, 'all.pcapng'), capturePcapng(r.events, ports));
    writeFileSync(join(dir, 'router.pcap'), capturePcap(r.events, 'router:eth0'));
    if (has('tshark')) {
      for (const f of ['all.pcapng', 'router.pcap']) {
        const out = spawnSync('tshark', ['-r', join(dir, f)], { encoding: 'utf8' });
        expect(out.status, out.stderr).toBe(0);
        // tshark's only complaint may be about running as root, never about the file.
        const warnings = out.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Running as user'));
        expect(warnings).toEqual([]);
        expect(out.stdout).toContain('ICMP');
      }
    }
    if (has('tcpdump')) {
      const text = execFileSync('tcpdump', ['-r', join(dir, 'all.pcapng'), '-n', '-e'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(text).toContain('ICMP echo request');
    }
  });
});
