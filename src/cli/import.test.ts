import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importPasted } from '../engine/import';
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

/** Standard input for `main`, as a pipe gives it: in chunks, then the end. */
function pipe(text: string) {
  const bytes = Buffer.from(text);
  let at = 0;
  return (buffer: Uint8Array) => {
    const n = Math.min(buffer.length, bytes.length - at, 4000);
    buffer.set(bytes.subarray(at, at + n));
    at += n;
    return n;
  };
}

function cliIn(input: string | ((b: Uint8Array) => number), ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: typeof input === 'string' ? pipe(input) : input });
  return { code, stdout, stderr };
}

/** What each command printed in a capture, without its prompt line: what `ssh box 'C1; C2'` prints. */
function bare(file: string, command: RegExp): string {
  const blocks = readFileSync(fixture(file), 'utf8').split(/^(?=\S+@\S+:~[#$] )/m);
  return blocks.filter((b) => command.test(b.split('\n')[0]!)).map((b) => b.slice(b.indexOf('\n') + 1)).join('');
}

describe('hairpin import FILE -: standard input', () => {
  it("`ssh box 'ip a; ip route show table all; iptables-save' | hairpin import --device rt -`: told by shape, the same device as its outputs given as files, named <stdin> on stderr", () => {
    const piped = bare('home-router.txt', / ip a$| ip route show table all$/) + readFileSync(fixture('home-router.iptables-save.txt'), 'utf8');
    const r = cliIn(piped, 'import', '--device', 'rt', '-');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const separate = importPasted([
      { name: 'a', text: bare('home-router.txt', / ip a$/) },
      { name: 'b', text: bare('home-router.txt', / ip route show table all$/) },
      { name: 'c', text: readFileSync(fixture('home-router.iptables-save.txt'), 'utf8') },
    ]);
    expect(doc.devices.rt.ports).toEqual({ lan0: '02:00:00:00:01:01', wan0: '02:00:00:00:02:02' });
    expect(doc.devices.rt.config).toEqual(separate.config);
    expect(doc.devices.rt.config).toContain('ip route add default via 203.0.113.1 dev wan0 proto static metric 50');
    expect(r.stderr).toMatch(/^<stdin>:\d+: not imported: local 127\.0\.0\.0\/8 dev lo table local/m);
    expect(r.stderr).not.toMatch(/^-:/m);
  });

  it('`hairpin import --device srv - < dump.txt` equals the file given by name, but for the name in messages', () => {
    const file = cli('import', '--device', 'srv', fixture('cloud-server.txt'));
    const piped = cliIn(readFileSync(fixture('cloud-server.txt'), 'utf8'), 'import', '--device', 'srv', '-');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(file.stdout);
    expect(piped.stderr).toBe(file.stderr.split(`${fixture('cloud-server.txt')}:`).join('<stdin>:'));
  });

  it('broken, empty, not UTF-8 or too long standard input: a message naming <stdin>, exit 65; `-` twice is a usage error', () => {
    const cut = cliIn('root@srv:~# ip -j route\n[{"dst":"default",\n', 'import', '--device', 'srv', '-');
    expect(cut.code).toBe(EX_DATAERR);
    expect(cut.stderr).toMatch(/^hairpin: <stdin>:2: not valid JSON/);
    const empty = cliIn('', 'import', '--device', 'srv', '-');
    expect(empty.code).toBe(EX_DATAERR);
    expect(empty.stderr).toMatch(/^hairpin: <stdin>: nothing to import/m);
    const latin1 = cliIn((() => { let done = false; return (b: Uint8Array) => { if (done) return 0; done = true; b.set([0x69, 0x70, 0x0a, 0xe9, 0x0a]); return 5; }; })(), 'import', '--device', 'srv', '-');
    expect(latin1.stderr).toBe('hairpin: <stdin>:2:1: not UTF-8 text (a scenario is a UTF-8 JSON file; is this a binary file?)\n');
    // /dev/zero: refused once past the limit, not read forever.
    let reads = 0;
    const zero = cliIn((b) => (reads++, b.fill(0x61), b.length), 'import', '--device', 'srv', '-');
    expect(zero.code).toBe(EX_DATAERR);
    expect(zero.stderr).toMatch(/^hairpin: <stdin>: more than \d+ bytes; the limit for one input is/);
    expect(reads).toBeLessThan(600);
    expect(cliIn('', 'import', '--device', 'srv', '-', '-').code).toBe(EX_USAGE);
  });
});

describe('hairpin import of a snapshot (box.json, what `hairpin snapshot` printed on the machine)', () => {
  const box = fixture('snapshot-web1.json');

  it('--into: the machine joins the lab under NAME, its ports with their MACs, its config whole; it answers as the machine did', () => {
    const lab = join(dir, 'pc-lab.json');
    writeFileSync(lab, JSON.stringify({ hairpin: 2, title: 'lab', devices: { pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.5/24 dev eth0'] } }, links: [], flows: [] }));
    const r = cli('import', '--device', 'web', '--into', lab, box);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc.devices)).toEqual(['pc', 'web']);
    const snap = JSON.parse(readFileSync(box, 'utf8'));
    expect(doc.devices.web).toEqual({ kind: 'host', ports: { eth0: '96:00:03:aa:bb:01', eth1: '96:00:03:aa:bb:02' }, config: snap.devices.web1.config });
    const out = join(dir, 'with-web.json');
    writeFileSync(out, r.stdout);
    expect(cli('run', out, '--on', 'web', '--', 'ip', 'route', 'get', '8.8.8.8').stdout).toBe('8.8.8.8 via 172.31.1.1 dev eth0 src 91.99.148.215 uid 0 \n    cache \n');
    // Through standard input too, as `ssh box sh -s < hairpin-snapshot.sh | hairpin import --device web -` gives it.
    expect(cliIn(readFileSync(box, 'utf8'), 'import', '--device', 'web', '--into', lab, '-').stdout).toBe(r.stdout);
  });

  it("a snapshot cut short or failing validation: the scenario parser's message with file, line and column, exit 65", () => {
    const text = readFileSync(box, 'utf8');
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, text.indexOf('"ip route add default')));
    const r = cli('import', '--device', 'web', cut);
    expect(r.code).toBe(EX_DATAERR);
    expect(r.stdout).toBe('');
    const lines = readFileSync(cut, 'utf8').split('\n');
    expect(r.stderr).toMatch(new RegExp(`^hairpin: ${cut.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${lines.length}:${lines[lines.length - 1]!.length + 1}: `));
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, text.replace('"eth1": "96:00:03:aa:bb:02"', '"eth1": "96:00:03:aa:bb:01"'));
    const t = cli('import', '--device', 'web', twice);
    expect(t.code).toBe(EX_DATAERR);
    expect(t.stderr).toMatch(new RegExp(`^hairpin: ${twice.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:9:17: devices\\.web1\\.ports\\.eth1: `));
  });

  it('a scenario of several devices is no snapshot: said at its "devices", exit 65', () => {
    const many = join(dir, 'many.json');
    writeFileSync(many, JSON.stringify({ hairpin: 2, title: 'two', devices: { a: { kind: 'host', ports: {} }, b: { kind: 'host', ports: {} } } }, null, 2));
    const r = cli('import', '--device', 'web', many);
    expect(r.code).toBe(EX_DATAERR);
    expect(r.stderr).toBe(`hairpin: ${many}:4:3: devices: the scenario holds 2 devices (a, b); a snapshot holds one machine (open a lab as a scenario of its own instead)\n`);
  });
});
