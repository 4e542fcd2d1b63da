import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EX_DATAERR, EX_USAGE, main } from './main';

const fixtures = fileURLToPath(new URL('../engine/import/fixtures', import.meta.url));
const fixture = (name: string) => join(fixtures, name);
const dir = mkdtempSync(join(tmpdir(), 'hairpin-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('hairpin import', () => {
  it('prints a format 2 scenario holding the device, and on stderr what it did not import, with file and line', () => {
    const r = cli('import', '--device', 'srv', fixture('cloud-server.txt'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.hairpin).toBe(2);
    expect(doc.devices.srv).toEqual({
      kind: 'host',
      ports: { eth0: '96:00:03:a1:b2:c3' },
      config: [
        'ip addr add 91.99.148.215/32 dev eth0',
        'ip route add 172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100',
        'ip route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100',
        'ip neigh replace 172.31.1.1 lladdr d2:74:7f:6e:37:e3 dev eth0 nud reachable',
      ],
    });
    expect(r.stderr).toContain(`${fixture('cloud-server.txt')}:23: not imported: local 91.99.148.215 dev eth0 table local proto kernel scope host src 91.99.148.215: local table: made by the kernel with the address\n`);
    // The printed scenario runs: the pasted /32 server answers `ip route get` as on Linux.
    const lab = join(dir, 'srv.json');
    writeFileSync(lab, r.stdout);
    const run = cli('run', lab, '--on', 'srv', '--', 'ip', 'route', 'get', '8.8.8.8');
    expect(run.stdout).toBe('8.8.8.8 via 172.31.1.1 dev eth0 src 91.99.148.215 uid 0 \n    cache \n');
  });

  it('--into adds the device to an existing scenario (several files into one device)', () => {
    const first = cli('import', '--device', 'srv', fixture('cloud-server.txt'));
    const lab = join(dir, 'lab.json');
    writeFileSync(lab, first.stdout);
    const r = cli('import', '--device', 'router', '--into', lab, fixture('home-router.txt'), fixture('home-router.iptables-save.txt'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc.devices)).toEqual(['srv', 'router']);
    expect(doc.devices.router.ports).toEqual({ lan0: '02:00:00:00:01:01', wan0: '02:00:00:00:02:02' });
    expect(doc.devices.router.config).toContain("iptables-restore <<'EOF'");
    const check = join(dir, 'both.json');
    writeFileSync(check, r.stdout);
    expect(cli('check', check).stdout).toContain('ok   config: every line applied');
  });

  it('--into replaces a device of that name, dropping links to ports it no longer has (said on stderr)', () => {
    const lab = join(dir, 'linked.json');
    writeFileSync(lab, JSON.stringify({ hairpin: 2, title: 't', devices: { srv: { kind: 'router', ports: { eth9: null }, config: [] }, pc: { kind: 'host', ports: { eth0: null } } }, links: [['srv:eth9', 'pc:eth0']], flows: [] }));
    const r = cli('import', '--device', 'srv', '--into', lab, fixture('cloud-server.txt'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.devices.srv.kind).toBe('router');
    expect(doc.devices.srv.ports).toEqual({ eth0: '96:00:03:a1:b2:c3' });
    expect(doc.links).toEqual([]);
    expect(r.stderr).toContain('hairpin: link srv:eth9 - pc:eth0 removed: srv has no such port now\n');
  });

  it('bad input: a message naming the file and line, no scenario, exit 65', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'root@srv:~# ip -j route\n[{"dst":"default",\n');
    const r = cli('import', '--device', 'srv', bad);
    expect(r.code).toBe(EX_DATAERR);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^hairpin: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: not valid JSON`));
  });

  it('a file holding no output of the tools: says so, lists its lines as not imported, exit 65', () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'hello world\n');
    const r = cli('import', '--device', 'srv', notes);
    expect(r.code).toBe(EX_DATAERR);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${notes}:1: not imported: hello world: not recognised as output of a command Hairpin imports\n`);
    expect(r.stderr).toMatch(/nothing to import/);
  });

  it('usage: --device is required and must be a device id', () => {
    expect(cli('import', fixture('cloud-server.txt')).code).toBe(EX_USAGE);
    const r = cli('import', '--device', 'Srv-1', fixture('cloud-server.txt'));
    expect(r.code).toBe(EX_USAGE);
    expect(r.stderr).toMatch(/^hairpin: --device: "Srv-1" is not a device id/);
    expect(cli('import', '--device', 'srv', join(dir, 'missing.txt')).stderr).toMatch(/missing\.txt: No such file or directory/);
  });
});
