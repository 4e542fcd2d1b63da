import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPcap } from '../engine/wire/pcap';
import { EX_DATAERR, EX_USAGE, main } from './main';

const scenarios = fileURLToPath(new URL('../scenarios', import.meta.url));
const lab = (name: string) => join(scenarios, `${name}.json`);

function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('hairpin run', () => {
  it('prints what ping prints and exits with its status', () => {
    const r = cli('run', lab('home-lan'), '--flow', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PING 8\.8\.8\.8 \(8\.8\.8\.8\) 56\(84\) bytes of data\.\n64 bytes from 8\.8\.8\.8: icmp_seq=1 ttl=63 time=/);
    expect(r.stdout).toContain('1 packets transmitted, 1 received, 0% packet loss');
  });

  it('runs any command on any device with --on DEV -- COMMAND', () => {
    const r = cli('run', lab('hairpin-nat-broken'), '--on', 'pc2', '--', 'nc', '-z', '-w', '2', '50.60.70.80', '8080');
    expect(r.code).toBe(1);
  });

  it('--json prints the trace: frames and decisions with their reasons', () => {
    const r = cli('run', lab('hairpin-nat-broken'), '--flow', '1', '--json');
    const trace = JSON.parse(r.stdout);
    expect(trace.exit).toBe(1);
    expect(trace.events.some((e: { kind: string; why: string }) => e.kind === 'nat' && e.why.includes('192.168.1.2:80'))).toBe(true);
    expect(trace.events.every((e: { seq: number }, i: number) => e.seq === i)).toBe(true);
  });

  it('--pcap DIR writes one classic pcap per port, both directions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-pcap-'));
    expect(cli('run', lab('home-lan'), '--flow', '0', '--pcap', dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['isp-eth0.pcap', 'lan-p1.pcap', 'lan-p2.pcap', 'lan-p3.pcap', 'pc1-eth0.pcap', 'pc2-eth0.pcap', 'router-eth0.pcap', 'router-eth1.pcap']);
    const frames = readPcap(new Uint8Array(readFileSync(join(dir, 'pc1-eth0.pcap'))));
    expect(frames).toHaveLength(4);
    if (hasTool('tcpdump')) {
      const out = execFileSync('tcpdump', ['-r', join(dir, 'pc1-eth0.pcap'), '-n', '-e', '-t'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(out.split('\n')[0]).toBe('02:00:00:00:01:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 192.168.1.3 tell 192.168.1.2, length 28');
    }
  });
});

describe('hairpin check', () => {
  it('runs every flow against expect.exit and reports "N passed, N failed"', () => {
    const r = cli('check', lab('multi-wan'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 passed, 0 failed');
  });

  it('fails when a flow does not exit as expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-check-'));
    const doc = JSON.parse(readFileSync(lab('hairpin-nat-broken'), 'utf8'));
    doc.flows[1].expect.exit = 0;
    writeFileSync(join(dir, 'x.json'), JSON.stringify(doc));
    const r = cli('check', join(dir, 'x.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL flow 1 on pc2');
  });
});

describe('bad input', () => {
  it('exits 64 with the usage for bad usage', () => {
    expect(cli().code).toBe(EX_USAGE);
    expect(cli('frobnicate').stderr).toContain('unknown command "frobnicate"');
    expect(cli('run', lab('home-lan'), '--flow', 'x').code).toBe(EX_USAGE);
    expect(cli('run', lab('home-lan'), '--bogus').code).toBe(EX_USAGE);
  });

  it('exits 65 naming file, line, column and field for a scenario that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-bad-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "hairpin": 1,\n  "title": "x",\n  "devices": {"PC1": {"kind": "host", "ports": {}}}\n}\n');
    const r = cli('check', file);
    expect(r.code).toBe(EX_DATAERR);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:15: devices\\.PC1`));
    expect(cli('run', join(dir, 'missing.json')).code).toBe(EX_DATAERR);
    expect(cli('run', lab('home-lan'), '--flow', '9').code).toBe(EX_DATAERR);
    expect(cli('run', lab('home-lan'), '--on', 'nobody', '--', 'true').code).toBe(EX_DATAERR);
  });

  it('reports config lines the simulator does not understand with their place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ hairpin: 1, title: 't', devices: { h: { kind: 'host', ports: { eth0: null }, config: ['ethtool -K eth0 tso off'] } }, links: [], flows: [{ on: 'h', run: 'true', expect: { exit: 0 } }] }));
    const r = cli('check', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('devices.h.config[0] (device 1, line 1, column 1): hairpin: unsupported command');
  });
});

describe('the installed command', () => {
  it('bin/hairpin.mjs runs the bundle npm install built (npx hairpin)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
    const out = execFileSync(process.execPath, ['bin/hairpin.mjs', 'check', 'src/scenarios/home-lan.json'], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n').at(-1)).toBe('3 passed, 0 failed');
  });
});

describe('hairpin lab', () => {
  it('prints a bash script that builds the namespaces with the given prefix', () => {
    const r = cli('lab', lab('home-lan'), '--prefix', 'zz-');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#!/usr/bin/env bash')).toBe(true);
    expect(r.stdout).toContain('zz-pc1');
    expect(cli('lab', lab('home-lan'), '--prefix', 'BAD PREFIX').code).toBe(EX_USAGE);
  });
});
