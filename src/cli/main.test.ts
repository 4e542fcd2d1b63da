import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_FILE_BYTES } from '../engine/scenario/limits';
import { anyString, mutated, params, TEST_TIMEOUT } from '../fuzz-support';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { readPcap } from '../engine/wire/pcap';
import { EX_DATAERR, EX_IOERR, EX_USAGE, main } from './main';

const scenarios = fileURLToPath(new URL('../scenarios', import.meta.url));
const lab = (name: string) => join(scenarios, `${name}.json`);

function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

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

  it('runs a pipeline given after --, its status the last command’s (sh)', () => {
    const r = cli('run', lab('hairpin-nat-broken'), '--on', 'pc2', '--', 'ip', 'route', '|', 'grep', '-c', 'default');
    expect(r).toMatchObject({ code: 0, stdout: '1\n' });
    expect(cli('run', lab('hairpin-nat-broken'), '--on', 'pc2', '--', 'ip route | grep -q blackhole').code).toBe(1);
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

describe('hairpin run --pcap inside a device', () => {
  it('writes the interfaces of a device\'s own namespaces as <device>-<ns>-<ifname>.pcap, as the kernel recordings name them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-pcap-'));
    const scenario = fileURLToPath(new URL('../../fixtures/scenarios/kernel-netns.json', import.meta.url));
    expect(cli('run', scenario, '--flow', '0', '--pcap', dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['host-eth0.pcap', 'host-ns1-eth0.pcap', 'host-ns2-eth0.pcap', 'out-eth0.pcap']);
    // ns1 pings ns2 across the bridge: ARP and the echo on each container's end.
    expect(readPcap(new Uint8Array(readFileSync(join(dir, 'host-ns1-eth0.pcap'))))).toHaveLength(4);
    expect(readPcap(new Uint8Array(readFileSync(join(dir, 'host-eth0.pcap'))))).toHaveLength(0);
    // An interface inside a namespace that carries nothing still has its capture, as a port does.
    const quiet = mkdtempSync(join(tmpdir(), 'hairpin-pcap-'));
    expect(cli('run', scenario, '--on', 'host', '--pcap', quiet, '--', 'ip', 'netns', 'list').code).toBe(0);
    expect(readdirSync(quiet).sort()).toEqual(['host-eth0.pcap', 'host-ns1-eth0.pcap', 'host-ns2-eth0.pcap', 'out-eth0.pcap']);
  });
});

describe('hairpin check', () => {
  it('runs every flow against expect.exit and reports "N passed, N failed"', () => {
    const r = cli('check', lab('multi-wan'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9 passed, 0 failed'); // 2 flows and 7 lesson steps
  });

  it('fails when a flow does not exit as expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-check-'));
    const doc = JSON.parse(readFileSync(lab('hairpin-nat-broken'), 'utf8'));
    doc.flows[1].expect.exit = 0;
    writeFileSync(join(dir, 'x.json'), JSON.stringify(doc));
    const r = cli('check', join(dir, 'x.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL flow 1 on pc2');
    // The playground's verdict and the step it points at: pc2 never asked 192.168.1.2 for
    // anything, so its SYN-ACK finds no socket and is answered with RST (tcp_v4_send_reset).
    expect(r.stdout).toMatch(/FAIL flow 1 on pc2[^\n]*\n {5}why: reply dropped on pc2: unexpected SYN-ACK from 192\.168\.1\.2:80 → RST\n {5}at step \d+ of \d+: pc2, tcp drop \(no_socket_tcp\)\n/);
    // Flows that pass say nothing more.
    expect(r.stdout.match(/why:/g)).toHaveLength(1);
  });

  it('says why a failing flow failed: the reason sentence and the step, with a route failure’s own code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-check-'));
    const doc = JSON.parse(readFileSync(lab('return-traffic-asymmetric'), 'utf8'));
    doc.flows[1].expect.exit = 0;
    writeFileSync(join(dir, 'y.json'), JSON.stringify(doc));
    const r = cli('check', join(dir, 'y.json'));
    expect(r.code).toBe(1);
    // The SYN-ACK leaves the node by its default route; the default gateway has no route back to
    // client1 (ip_route_input_slow: no route, so the packet is dropped).
    expect(r.stdout).toContain('     why: reply 192.168.1.1:3000 → 10.111.223.23:');
    expect(r.stdout).toContain(' dropped on default: input route: no route to the destination\n');
    expect(r.stdout).toMatch(/ {5}at step \d+ of \d+: default:eth0, ip drop \(input_route: no_route\)\n/);
    expect(r.stdout.match(/why:/g)).toHaveLength(1);
  });

  it('proves the lesson inside: each step found in its trace, each worked answer passing', () => {
    const r = cli('check', lab('hairpin-nat-broken'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok   lesson step 1 (flow 0): at event 16 of its trace\n');
    expect(r.stdout).toContain('ok   lesson question 1: with its answer, `nc -z -w 2 50.60.70.80 8080` on pc2 exits 0\n');
    expect(r.stdout).toContain('13 passed, 0 failed');
    expect(r.stderr).toBe('');
  });

  it('a lesson that does not hold fails the check; a name it lacks is a warning on stderr with its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-check-'));
    const doc = JSON.parse(readFileSync(lab('hairpin-nat-broken'), 'utf8'));
    doc.lesson.steps[1].event.device = 'pc1';
    doc.lesson.steps.push({ flow: 1, text: 'gone', event: { device: 'ghost', kind: 'drop' } });
    writeFileSync(join(dir, 'z.json'), JSON.stringify(doc, null, 2));
    const r = cli('check', join(dir, 'z.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL lesson step 2 \(flow 1\)\n {5}no event pc1 arp-request \(arp_request\) follows the previous step's in the trace\n/);
    expect(r.stderr).toMatch(new RegExp(`^${escape(join(dir, 'z.json'))}:\\d+:\\d+: lesson\\.steps\\[9\\]\\.event\\.device: no device "ghost" \\(warning\\)\n$`));
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

  it('without flows, check still boots the config and fails on a line the kernel refuses (fib_check_nh: gateway not on a subnet)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-noflow-'));
    const file = join(dir, 'n.json');
    const doc = (config: string[]) => JSON.stringify({ hairpin: 1, title: 't', devices: { a: { kind: 'host', ports: { eth0: null }, config } }, links: [], flows: [] });
    writeFileSync(file, doc(['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 10.9.0.0/16 via 192.0.2.1']));
    const bad = cli('check', file);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FAIL config: 1 line refused');
    expect(bad.stdout).toContain('devices.a.config[1] (device 1, line 2, column');
    expect(bad.stdout).toContain('0 passed, 1 failed');
    writeFileSync(file, doc(['ip addr add 10.0.0.1/24 dev eth0']));
    const good = cli('check', file);
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('ok   config: every line applied\n1 passed, 0 failed\n');
  });
});

describe('any file (fuzz)', () => {
  it('garbage bytes and mutated scenarios: exit 0 or 65, every message line naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-fuzz-'));
    const file = join(dir, 'lab.json');
    const corpus = Object.values(BUILTIN_SCENARIOS);
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      mutated(corpus, 3).map((t) => new TextEncoder().encode(t)),
      fc.tuple(fc.constantFrom(...corpus), anyString(40), fc.nat()).map(([t, s, at]) => {
        const i = at % (t.length + 1);
        return Buffer.concat([Buffer.from(t.slice(0, i)), Buffer.from(s, 'latin1'), Buffer.from(t.slice(i))]);
      }),
    );
    try {
      fc.assert(fc.property(bytes, (content) => {
        writeFileSync(file, content);
        const r = cli('lab', file);
        expect([0, EX_DATAERR]).toContain(r.code);
        if (r.code === 0) return;
        for (const line of r.stderr.trimEnd().split('\n')) expect(line.startsWith(`${file}:`) || line.startsWith(`hairpin: ${file}:`) || /^\d+ more errors? not shown$/.test(line)).toBe(true);
      }), params(300));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, TEST_TIMEOUT);
});

describe('the installed command', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  }, 60_000);

  it('bin/hairpin.mjs runs the bundle npm install built (npx hairpin)', () => {
    const out = execFileSync(process.execPath, ['bin/hairpin.mjs', 'check', 'src/scenarios/home-lan.json'], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n').at(-1)).toBe('13 passed, 0 failed');
  });

  /** The real command in a real process: exit status and stderr as a shell sees them. */
  function hairpin(args: string[], stdout: 'pipe' | number = 'pipe') {
    const r = spawnSync(process.execPath, ['bin/hairpin.mjs', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'], timeout: 30_000 });
    return { code: r.status, stderr: r.stderr };
  }

  describe('every kind of bad input: exit 64 (usage) or 65 (data), a message naming the place, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-bad-input-'));
    const file = (name: string, content: string | Uint8Array) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const good = lab('home-lan');
    const validDoc = readFileSync(good, 'utf8');
    const big = join(dir, 'big.json');
    const cases: [what: string, args: () => string[], code: number, message: RegExp | string][] = [
      ['no arguments', () => [], EX_USAGE, /^usage: hairpin run/],
      ['an unknown command', () => ['frobnicate', good], EX_USAGE, 'hairpin: unknown command "frobnicate"'],
      ['an unknown command with control characters', () => ['\u001b[31mred'], EX_USAGE, 'hairpin: unknown command "\\u001b[31mred"'],
      ['no file', () => ['run'], EX_USAGE, /^usage: /],
      ['two files', () => ['check', good, good], EX_USAGE, /^usage: /],
      ['a missing file', () => ['run', join(dir, 'missing.json')], EX_DATAERR, `hairpin: ${join(dir, 'missing.json')}: No such file or directory`],
      ['an empty file name', () => ['check', ''], EX_DATAERR, 'hairpin: : No such file or directory'],
      ['a directory', () => ['check', dir], EX_DATAERR, `hairpin: ${dir}: Is a directory`],
      ['a device file', () => ['check', '/dev/zero'], EX_DATAERR, 'hairpin: /dev/zero: not a regular file'],
      ['a named pipe', () => {
        const fifo = join(dir, 'fifo.json');
        execFileSync('mkfifo', [fifo]);
        return ['check', fifo];
      }, EX_DATAERR, `hairpin: ${join(dir, 'fifo.json')}: not a regular file`],
      ['an empty file', () => ['check', file('empty.json', '')], EX_DATAERR, `${join(dir, 'empty.json')}:1:1: the document is empty`],
      ['binary garbage', () => ['check', file('garbage.json', new Uint8Array(Array.from({ length: 2000 }, (_, i) => (i * 7919 + 13) & 255)))], EX_DATAERR, new RegExp(`^hairpin: ${escape(join(dir, 'garbage.json'))}:\\d+:\\d+: not UTF-8 text`)],
      ['NUL bytes', () => ['check', file('nul.json', '{"hairpin": 1,\0}')], EX_DATAERR, `${join(dir, 'nul.json')}:1:15: unexpected "\\u0000"`],
      ['invalid UTF-8', () => ['check', file('latin1.json', Buffer.concat([Buffer.from('{\n  "title": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]))], EX_DATAERR, `hairpin: ${join(dir, 'latin1.json')}:2:16: not UTF-8 text`],
      ['JSON of the wrong shape', () => ['check', file('array.json', '[1, 2, 3]')], EX_DATAERR, `${join(dir, 'array.json')}:1:1: `],
      ['JSON with wrong types', () => ['check', file('types.json', '{"hairpin": 1, "title": 7, "devices": {"pc1": {"kind": "host", "ports": ["eth0"]}}}')], EX_DATAERR, `${join(dir, 'types.json')}:1:25: title: expected a string, got the number 7`],
      ['huge numbers', () => ['check', file('huge.json', validDoc.replace('"hairpin": 2', '"hairpin": 1e999'))], EX_DATAERR, new RegExp(`^${escape(join(dir, 'huge.json'))}:2:\\d+: hairpin: `)],
      ['a file over the size limit', () => {
        writeFileSync(big, '');
        truncateSync(big, MAX_FILE_BYTES + 1);
        return ['check', big];
      }, EX_DATAERR, `hairpin: ${big}: the file is ${MAX_FILE_BYTES + 1} bytes; the limit for a scenario is ${MAX_FILE_BYTES} bytes`],
      ['an unknown flag', () => ['run', good, '--bogus'], EX_USAGE, "hairpin: Unknown option '--bogus'"],
      ['a flag without its value', () => ['run', good, '--flow'], EX_USAGE, "hairpin: Option '--flow <value>' argument missing"],
      ['a flag whose value looks like a flag', () => ['run', good, '--flow', '-1'], EX_USAGE, "hairpin: Option '--flow' argument is ambiguous"],
      ['a flow that is not a number', () => ['run', good, '--flow', '1x'], EX_USAGE, 'hairpin: --flow takes a flow number (0, 1, …), not "1x"'],
      ['an empty flow number', () => ['run', good, '--flow', ''], EX_USAGE, 'hairpin: --flow takes a flow number (0, 1, …), not ""'],
      ['a flow the file does not have', () => ['run', good, '--flow', '99'], EX_DATAERR, `hairpin: ${good}: no flow 99 (it has 3)`],
      ['a huge flow number', () => ['run', good, '--flow', '99999999999999999999'], EX_USAGE, '--flow takes a flow number'],
      ['an unknown device in --on', () => ['run', good, '--on', 'nobody', '--', 'true'], EX_DATAERR, `hairpin: ${good}: no device "nobody" (devices: `],
      ['--on without a command', () => ['run', good, '--on', 'pc1'], EX_USAGE, 'hairpin: --on DEV and -- COMMAND go together'],
      ['an overlong command', () => ['run', good, '--on', 'pc1', '--', 'ping', 'x'.repeat(5000)], EX_USAGE, `hairpin: the command after -- is 5005 characters long; the limit is 4096`],
      ['--flow and --on together', () => ['run', good, '--flow', '0', '--on', 'pc1', '--', 'true'], EX_USAGE, 'hairpin: --flow and --on exclude each other'],
      ['a --pcap path under a file', () => ['run', good, '--pcap', join(good, 'pcaps')], EX_USAGE, `hairpin: --pcap ${join(good, 'pcaps')}: cannot write captures there: Not a directory`],
      ['a --pcap path that is a file', () => ['run', good, '--pcap', good], EX_USAGE, `hairpin: --pcap ${good}: cannot write captures there: Not a directory`],
      ['a --pcap path where nothing can be made', () => ['run', good, '--pcap', '/proc/hairpin/pcaps'], EX_USAGE, 'hairpin: --pcap /proc/hairpin/pcaps: cannot write captures there: '],
      ['a bad --prefix', () => ['lab', good, '--prefix', 'BAD PREFIX'], EX_USAGE, 'hairpin: --prefix must be 1-3 characters'],
    ];
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const expectHandled = (r: { code: number | null; stderr: string }, code: number, message: RegExp | string) => {
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toContain('internal error');
      if (typeof message === 'string') expect(r.stderr).toContain(message);
      else expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
    };

    // main() is what the command runs; in-process keeps the suite light on a shared CI box.
    it.each(cases)('%s', (_what, args, code, message) => {
      expectHandled(cli(...args()), code, message);
    });

    it.each(cases.filter(([what]) => ['binary garbage', 'a missing file', 'an unknown flag', 'a file over the size limit', 'a --pcap path where nothing can be made', 'an unknown device in --on'].includes(what)))('the real command: %s', (_what, args, code, message) => {
      expectHandled(hairpin(args()), code, message);
    });

    it('lab to a place that cannot be written (a full disk): exit 74, one line', () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = hairpin(['lab', good], full);
        expect(r.code).toBe(EX_IOERR);
        expect(r.stderr).toBe('hairpin: cannot write the output: No space left on device\n');
      } finally {
        closeSync(full);
      }
    });

    it('output into a pipe that closes early (| head -1) ends quietly', () => {
      // The trace of 20 pings is about 400 kB, far more than a pipe holds: the write fails with EPIPE.
      const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/hairpin.mjs run "${good}" --json --on pc1 -- ping -c 20 -i 0.2 8.8.8.8 | head -c 1`], { cwd: root, encoding: 'utf8' });
      expect(r.stdout).toBe('{');
      expect(r.stderr).toBe('');
    });
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

  it('builds no lab from a config line the simulator refuses (it would run as root): exit 65, naming the place; check fails it too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-lab-'));
    const file = join(dir, 'hostile.json');
    const doc = JSON.parse(readFileSync(lab('home-lan'), 'utf8'));
    doc.devices.pc1.config.push('iptables -A INPUT -m comment --comment "$(touch /tmp/x)" -j ACCEPT');
    writeFileSync(file, JSON.stringify(doc));
    try {
      const r = cli('lab', file);
      expect(r.code).toBe(EX_DATAERR);
      expect(r.stdout).toBe('');
      const line = doc.devices.pc1.config.length;
      expect(r.stderr).toBe(`${file}: devices.pc1.config[${line - 1}] (line ${line}, column 41): hairpin: command substitution ($(…)) is not simulated: write its result, or quote the text ('…') to keep it literal\n`);
      const c = cli('check', file);
      expect(c.code).toBe(1);
      expect(c.stdout).toContain(`devices.pc1.config[${line - 1}] (device 1, line ${line}, column 41): hairpin: command substitution`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a flow modelled, not recorded (IPVS: the test kernel has no ip_vs module)', () => {
  const mixed = fileURLToPath(new URL('../../fixtures/scenarios/kernel-ipvs-mixed.json', import.meta.url));
  const NOTE = "Modelled, not recorded: this flow goes through IPVS and a dummy interface, which this project's test kernel lacks; it follows the kernel's source (net/netfilter/ipvs, drivers/net/dummy.c) and ipvsadm's documentation.";

  it('check prints the note under each flow that reaches the IPVS director, and none under the routed ones', () => {
    const r = cli('check', mixed);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const noteAfter = (flow: number) => lines[lines.findIndex((l) => l.startsWith(`ok   flow ${flow} `)) + 1];
    for (const flow of [2, 4]) expect(noteAfter(flow)).toBe(`     ${NOTE}`);
    // Routed through the director without reaching IPVS: only its missing kube-ipvs0 dummy counts.
    expect(noteAfter(3)).toBe("     Modelled, not recorded: this flow goes through a dummy interface, which this project's test kernel lacks; it follows the kernel's source (drivers/net/dummy.c).");
    for (const flow of [0, 1]) expect(noteAfter(flow)).toMatch(/^ok {3}flow \d /);
    expect(r.stdout.split(NOTE)).toHaveLength(3);
    expect(r.stdout.endsWith('5 passed, 0 failed\n')).toBe(true);
  });

  it('check still decides on the exit status: a modelled flow that exits otherwise fails', () => {
    const doc = JSON.parse(readFileSync(mixed, 'utf8'));
    doc.flows[2].expect.exit = 1;
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-modelled-'));
    try {
      writeFileSync(join(dir, 'mixed.json'), JSON.stringify(doc));
      const r = cli('check', join(dir, 'mixed.json'));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`FAIL flow 2 on client: nc -z -w 2 10.0.3.100 80 -> exit 0 (expected 1)  # The VIP: IPVS NAT to the backend\n     ${NOTE}\n     why: `);
      expect(r.stdout.endsWith('4 passed, 1 failed\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("run prints the note on stderr after the command's output (stdout stays what Linux prints), with its exit status", () => {
    const r = cli('run', mixed, '--flow', '2');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: `hairpin: ${NOTE}\n` });
    expect(cli('run', mixed, '--flow', '2', '--json').stderr).toBe(`hairpin: ${NOTE}\n`);
    expect(cli('run', mixed, '--flow', '0')).toMatchObject({ code: 0, stderr: '' });
    const table = cli('run', mixed, '--on', 'web', '--', 'ipvsadm', '-L', '-n');
    expect(table.stdout).toMatch(/^IP Virtual Server version/);
    expect(table.stderr).toBe(`hairpin: ${NOTE.replace(' and a dummy interface', '').replace(', drivers/net/dummy.c', '')}\n`);
  });
});
