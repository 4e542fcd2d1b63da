import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../scenario/types';
import { backgroundCommand, labPlan, labScript, shellQuote } from './lab';

const doc: ScenarioDoc = {
  hairpin: 1,
  title: "Bob's \"lab\"",
  devices: {
    pc1: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.1.2/24 dev eth0', 'nc -lk 80 &'] },
    pc2: { kind: 'host', ports: { eth0: '02:AA:BB:CC:DD:EE', eth1: null }, config: [`echo 'nameserver 1.1.1.1' > /etc/resolv.conf`] },
    lan: { kind: 'switch', ports: { br0: null, p2: null, p3: null } },
    router: {
      kind: 'router',
      ports: { eth0: null },
      config: ['# a comment', 'sysctl -w net.ipv4.ip_forward=1', `iptables -A INPUT -m comment --comment "it's \\"quoted\\" \$HOME \`x\`" -j ACCEPT`],
    },
  },
  links: [
    ['pc1:eth0', 'lan:br0'],
    ['pc2:eth0', 'lan:p2'],
    ['router:eth0', 'lan:p3'],
  ],
  flows: [{ on: 'pc2', run: "ping -c 1 -W 1 192.168.1.2 && echo 'ok'", expect: { exit: 0 } }],
};

/** What bash makes of a word: runs `printf %s WORD` in bash. */
function bashWord(word: string): string {
  const r = spawnSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8' });
  return r.stdout;
}

describe('labScript', () => {
  const script = labScript(doc, { prefix: 'hq-' });

  it('is valid bash', () => {
    const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('names one namespace per device with the prefix, plus the holding namespace', () => {
    expect(script).toContain('NAMESPACES=(hq-pc1 hq-pc2 hq-lan hq-router hq-void)');
    for (const ns of ['hq-pc1', 'hq-pc2', 'hq-lan', 'hq-router', 'hq-void']) expect(script).toContain(`  mkns ${ns}\n`);
    expect(labScript(doc)).toContain('NAMESPACES=(hp-pc1 hp-pc2 hp-lan hp-router hp-void)');
    expect(labPlan(doc, { prefix: 'x-' }).namespaces).toEqual(['x-pc1', 'x-pc2', 'x-lan', 'x-router', 'x-void']);
  });

  it('gives each port its MAC: the default from the device and port index, or the given one', () => {
    expect(script).toContain('  link pc1 eth0 02:00:00:00:01:01 lan br0 02:00:00:00:03:01\n');
    expect(script).toContain('  link pc2 eth0 02:aa:bb:cc:dd:ee lan p2 02:00:00:00:03:02\n');
    expect(script).toContain('  link router eth0 02:00:00:00:04:01 lan p3 02:00:00:00:03:03\n');
  });

  it('creates an unlinked port with no carrier (peer down in the holding namespace)', () => {
    expect(script).toContain('  nolink pc2 eth1 02:00:00:00:02:02 v0\n');
    expect(script).toContain('pc2:eth1:nocarrier');
    expect(script).toMatch(/nolink\(\) \{\n.*peer name "\$4" netns "\$VOID"/);
  });

  it('makes a switch a bridge (STP off, no IP) named so as not to clash with its ports', () => {
    expect(script).toContain('  mkbridge lan br1 br0 p2 p3\n');
    expect(script).toContain('type bridge stp_state 0');
    expect(script).not.toMatch(/^ {2}cfg lan /m);
  });

  it('sets IPv6 off and the kernel defaults before creating interfaces', () => {
    const build = script.slice(script.indexOf('build() {'));
    expect(build.indexOf('mkns hq-void')).toBeLessThan(build.indexOf('  link '));
    for (const k of ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1', 'net.ipv4.ip_forward=0']) expect(script).toContain(k);
    for (const kv of ['rp_filter=0', 'arp_ignore=0', 'arp_announce=0', 'proxy_arp=0', 'route_localnet=0', 'send_redirects=1', 'accept_local=0'])
      expect(script).toContain(kv);
    expect(script).toContain('"net.ipv4.conf.all.$kv" "net.ipv4.conf.default.$kv"');
  });

  it('quotes config lines safely, whatever quotes they contain', () => {
    const line = doc.devices.router!.config![2]!;
    const m = /^ {2}cfg router 3 (.*)$/m.exec(script);
    expect(m).not.toBeNull();
    expect(bashWord(m![1]!)).toBe(line);
    const resolv = /^ {2}cfg pc2 1 (.*)$/m.exec(script);
    expect(bashWord(resolv![1]!)).toBe(`echo 'nameserver 1.1.1.1' > /etc/resolv.conf`);
    for (const s of ['', 'a b', "it's", '"$x"', '`id`', 'a\nb', "'''", '\\']) expect(bashWord(shellQuote(s))).toBe(s);
  });

  it('runs lines in order per device, skips comments, starts & lines as recorded background services', () => {
    expect(script).toContain("  cfg pc1 1 'ip addr add 192.168.1.2/24 dev eth0'\n  service pc1 2 'nc -lk 80'\n");
    expect(script).not.toContain('a comment');
    expect(script).toContain("  cfg router 2 'sysctl -w net.ipv4.ip_forward=1'\n");
    expect(script).toMatch(/service\(\) \{[^}]*echo "\$pid \$1 \$2" >> "\$STATE\/pids"/);
    expect(script.indexOf('  wait_services\n')).toBeGreaterThan(script.indexOf('  service pc1 2'));
    expect(backgroundCommand('nc -lk 80 &')).toBe('nc -lk 80');
    expect(backgroundCommand('nc -lk 80&')).toBe('nc -lk 80');
    expect(backgroundCommand('true &&')).toBeUndefined();
    expect(backgroundCommand('ip addr add 10.0.0.1/24 dev eth0')).toBeUndefined();
  });

  it('down removes what up made: its processes, namespaces, /etc/netns dirs and state', () => {
    const teardown = script.slice(script.indexOf('teardown() {'), script.indexOf('\nup() {'));
    expect(teardown).toContain('kill "$pid"');
    expect(teardown).toContain('ip netns pids "$ns"');
    expect(teardown).toContain('ip netns del "$ns"');
    expect(teardown).toContain('rm -rf -- "/etc/netns/$ns"');
    expect(teardown).toContain('rm -rf -- "$STATE"');
    expect(teardown).toContain('for ns in "${NAMESPACES[@]}"');
    expect(script).toContain('STATE=/run/hairpin-lab/hq-');
    // up refuses to run over an existing lab, and cleans up when a step fails
    expect(script).toMatch(/ns_exists "\$ns" && die "namespace \$ns already exists/);
    expect(script).toMatch(/fail "\$1: config line \$2 failed \(exit \$rc\): \$3"/);
  });

  it('checks for root and the tools it needs', () => {
    expect(script).toContain('must run as root');
    expect(script).toContain('tools=(ip iptables tcpdump nc ss)');
  });

  it('rejects what cannot be a namespace or interface name', () => {
    expect(() => labScript(doc, { prefix: 'a b' })).toThrow(/prefix/);
    expect(() => labScript({ ...doc, devices: { 'Bad-Id': { kind: 'host', ports: {} } }, links: [] })).toThrow(/device id/);
    expect(() => labScript({ ...doc, links: [['pc1:eth9', 'lan:p2']] })).toThrow(/link end/);
  });
});

// ---- integration: a real lab in network namespaces (root only)

function skipReason(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not running as root';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return '`ip netns` is not available';
  for (const t of ['iptables', 'tcpdump', 'nc', 'ss', 'ping']) {
    if (spawnSync('bash', ['-c', `command -v ${t}`]).status !== 0) return `${t} is not installed`;
  }
  return undefined;
}

function homeLan(): string | undefined {
  const here = resolve(__dirname);
  return [join(here, '../../scenarios/home-lan.json'), join(here, '../../../../shared/scenarios/home-lan.json')].find((p) => existsSync(p));
}

const reason = skipReason() ?? (homeLan() ? undefined : 'home-lan.json not found');
if (reason) console.log(`lab integration test skipped: ${reason}`);

describe.skipIf(reason !== undefined)('lab.sh in network namespaces', () => {
  it('builds home-lan, refuses a second up, and down leaves nothing behind', () => {
    const prefix = `ht${process.pid % 100000}-`;
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-lab-test-'));
    const lab = join(dir, 'lab.sh');
    writeFileSync(lab, labScript(JSON.parse(readFileSync(homeLan()!, 'utf8')) as ScenarioDoc, { prefix }));
    const sh = (...args: string[]) => spawnSync('bash', args, { encoding: 'utf8', timeout: 60_000 });
    const ping = () => spawnSync('ip', ['netns', 'exec', `${prefix}pc1`, 'ping', '-c', '1', '-W', '1', '192.168.1.3'], { encoding: 'utf8', timeout: 10_000 });
    const left = () =>
      spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((l) => l.startsWith(prefix));
    try {
      const up = sh(lab, 'up');
      expect(up.stderr).not.toMatch(/failed|cannot/);
      expect(up.status).toBe(0);
      expect(ping().status).toBe(0);

      const again = sh(lab, 'up');
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/already exists/);
      expect(ping().status).toBe(0);
      expect(left()).toHaveLength(6);

      const down = sh(lab, 'down');
      expect(down.status).toBe(0);
      expect(left()).toEqual([]);
      expect(existsSync(`/etc/netns/${prefix}pc1`)).toBe(false);
      expect(existsSync(`/run/hairpin-lab/${prefix}`)).toBe(false);
    } finally {
      sh(lab, 'down');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
