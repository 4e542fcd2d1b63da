import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { runScenario } from '../api';
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

describe('captures inside a device (the playground)', () => {
  // A container whose own interface is eth0, as the box's topology port is: two places.
  const doc = {
    hairpin: 1 as const,
    title: 'c',
    devices: {
      box: { kind: 'host' as const, ports: { eth0: null }, config: ['ip addr add 192.168.1.1/24 dev eth0', 'ip link add br0 type bridge mcast_snooping 0', 'ip link set br0 up', 'ip addr add 10.0.0.1/24 dev br0', 'ip netns add ns1', 'ip link add veth1 type veth peer name eth0 netns ns1', 'ip link set veth1 master br0', 'ip link set veth1 up', 'ip -n ns1 addr add 10.0.0.2/24 dev eth0', 'ip -n ns1 link set eth0 up'] },
      web: { kind: 'host' as const, ports: { eth0: null }, config: ['ip addr add 192.168.1.2/24 dev eth0'] },
    },
    links: [['box:eth0', 'web:eth0']] as [string, string][],
    flows: [{ on: 'box', run: 'ip netns exec ns1 ping -c 1 -W 1 10.0.0.1' }],
  };

  it("lists every interface frames crossed, and only those: the namespace's eth0 apart from the box's port of that name, and tcpdump there sees them", () => {
    const r = runScenario({ doc: JSON.stringify(doc), flow: 0 });
    if (!r.ok) throw new Error(`does not load: ${JSON.stringify(r.errors)}`);
    expect(r.exit).toBe(0);
    const ids = r.ports.map((p) => p.id);
    expect(ids).toEqual(['box/ns1:eth0', 'box:veth1']);
    // The ping stays inside the box: its topology ports (and web's) carried nothing, so are not listed.
    expect(ids).not.toContain('box:eth0');
    expect(ids).not.toContain('web:eth0');
    expect(r.ports.every((p) => p.frames.length > 0)).toBe(true);
    const inner = r.ports.find((p) => p.id === 'box/ns1:eth0')!;
    expect(tcpdumpLines(r.events, inner.frames).some((l) => l.includes('ICMP echo request'))).toBe(true);
    const file = readPcapng(capturePcapng(r.events, r.ports));
    expect(file.interfaces.map((i) => i.name)).toEqual(ids);
    expect(file.packets.length).toBe(r.ports.reduce((n, p) => n + p.frames.length, 0));
  });
});
