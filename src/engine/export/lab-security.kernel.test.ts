/**
 * The lab script runs as root, and a scenario arrives in a link: its text must not reach the
 * host outside the lab's namespaces. Lines the simulator refuses build no lab; lines it accepts
 * (shell syntax inside quotes is literal) run as root here, and afterwards the host's /etc
 * files, its iptables rules and sysctls are as they were and no file was created in /tmp.
 * Root only, with network namespaces (vitest --config vitest.kernel.config.ts).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../scenario/types';
import { LabError, labScript } from './lab';
import { whyNoKernelLab } from '../testing/kernel-lab';


const reason = whyNoKernelLab(['ip', 'iptables', 'iptables-save', 'tcpdump', 'nc', 'ss', 'sysctl', 'bash'], 'hpx-sec-probe');
if (reason) console.log(`lab security test skipped: ${reason}`);

/** Every file a payload would create has this in its name. */
const MARK = `hpx-sec-mark-${process.pid}`;
const PREFIX = 'hpx-sec-';
const touch = (n: number) => `touch /tmp/${MARK}-${n}`;
const hasDnsmasq = spawnSync('bash', ['-c', 'command -v dnsmasq']).status === 0;

/** A namespace name made of shell syntax (a name holds no slash): were it run, it would touch files in the lab's working directory. */
const NSNAME = `n$(touch\${IFS}${MARK}-50);\`touch\${IFS}${MARK}-51\``;

/** Lines the simulator accepts: every shell character in them is quoted, so literal text. */
const ACCEPTED_PC = [
  `iptables -A INPUT -m comment --comment '$(${touch(1)})' -j ACCEPT`,
  `iptables -A INPUT -m comment --comment '\`${touch(2)}\`' -j ACCEPT`,
  `iptables -A INPUT -m comment --comment '; ${touch(3)} && ${touch(4)} | tee /tmp/${MARK}-5 > /tmp/${MARK}-6' -j ACCEPT`,
  // A single quote inside double quotes, trying to close the lab's own single quoting.
  `iptables -A INPUT -m comment --comment "x'; ${touch(7)}; echo '" -j ACCEPT`,
  `iptables -A INPUT -m comment --comment "\\$IFS\\$(touch\\$\{IFS}/tmp/${MARK}-8)" -j ACCEPT`,
  `echo '10.0.0.2 web'"'"'$(${touch(9)})' >> /etc/hosts`,
  `echo "10.0.0.3 db \\\`${touch(10)}\\\`" >> /etc/hosts`,
  `echo 'nameserver 10.0.0.1 # $(${touch(11)})' > /etc/resolv.conf`,
  `echo '100 isp1 # \`${touch(12)}\`' >> /etc/iproute2/rt_tables`,
  "iptables-restore --noflush <<'EOF'",
  '*filter',
  `-A INPUT -m comment --comment "$(${touch(14)})" -j ACCEPT`,
  'COMMIT',
  'EOF',
  // A list of simulated commands: its echo lands in the namespace's /etc/hosts too.
  `echo '10.0.0.4 four' >> /etc/hosts && echo '10.0.0.5 five$(${touch(16)})' >> /etc/hosts; iptables -A INPUT -m comment --comment '|| ${touch(17)}' -j ACCEPT`,
  // A config script: a variable holding shell syntax, a continued line, groups, here-documents.
  `V='$(${touch(40)}); \`x\`'`,
  `iptables -A INPUT -m comment --comment "$V" -j ACCEPT`,
  'iptables -A INPUT \\',
  `  -m comment --comment '${touch(41)}' -j ACCEPT`,
  `{ iptables -A INPUT -m comment --comment '${touch(42)}' -j ACCEPT; } || ( iptables -F )`,
  'cat > /etc/sysctl.d/50-x.conf <<EOF',
  'net.ipv4.ip_forward = 1',
  '# $V',
  'EOF',
  'sysctl -q -p /etc/sysctl.d/50-x.conf',
  "true && cat <<'EOF' >> /etc/hosts",
  `10.0.0.6 six $(${touch(43)})`,
  'HAIRPIN_EOF',
  'EOF',
  'iptables-restore -n <<EOF',
  '*filter',
  '-A INPUT -m comment --comment "$V" -j ACCEPT',
  'COMMIT',
  'EOF',
  // The device's own namespace, named by the hostile name in every way a line can name it.
  `ip netns add '${NSNAME}'`,
  `ip link add v0 type veth peer name eth0 netns '${NSNAME}'`,
  `ip -n '${NSNAME}' link set lo up`,
  `ip netns exec '${NSNAME}' ip addr add 10.9.0.2/24 dev eth0`,
  `nsenter '--net=/run/netns/${NSNAME}' ip link set eth0 up`,
  `nc -lk '8080' &`,
  ...(hasDnsmasq ? ['dnsmasq -k --conf-file=/dev/null -p 5353 &'] : []),
];

const scenario: ScenarioDoc = {
  hairpin: 2,
  title: `Hostile\n${touch(13)}\n#`,
  devices: {
    pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0', ...ACCEPTED_PC] },
    r: { kind: 'router', ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0', "sysctl -w 'net.ipv4.ip_forward=1'", 'echo 1 > /proc/sys/net/ipv4/conf/all/rp_filter'] },
  },
  links: [['pc:eth0', 'r:eth0']],
  flows: [{ on: 'pc', run: "nc -z -w 1 '10.0.0.1' 8080", title: `t\n${touch(15)}` }],
};

/** Lines the simulator refuses: no lab is built from a scenario that holds one. */
const REFUSED = [
  `iptables -A INPUT -m comment --comment "$(${touch(20)})" -j ACCEPT`,
  `echo "10.0.0.2 web$(id -u > /tmp/${MARK}-21)" >> /etc/hosts`,
  `iptables -A INPUT -m comment --comment \`${touch(22)}\` -j ACCEPT`,
  `iptables -F; ${touch(23)}`,
  `iptables -F && ${touch(24)}`,
  `iptables -S | tee /tmp/${MARK}-25`,
  `iptables -S > /tmp/${MARK}-26`,
  `echo x > /tmp/${MARK}-27`,
  `iptables\${IFS}-F\${IFS};${touch(28)}`,
  `ip link set eth0 up\n${touch(29)}`,
  `echo '10.0.0.2 web' >> /etc/hosts # \n${touch(30)}`,
  `sysctl -w kernel.sysrq=1`,
  `echo 0 > /proc/sys/net/../kernel/sysrq`,
  `dnsmasq -d --pid-file=/tmp/${MARK}-31 &`,
  `nc -lk 80 & ${touch(32)}`,
  `cat <(${touch(33)})`,
  `(${touch(34)})`,
  `echo 10.0.0.9 x > /etc/hosts /tmp/${MARK}-35 $(${touch(35)})`,
  `cat > /tmp/${MARK}-44 <<EOF`,
  `cat > /etc/sysctl.d/../${MARK}-47.conf <<EOF`,
  `X=1 ${touch(45)}`,
  `{ ${touch(46)}; }`,
  `export V2=$(${touch(48)})`,
  `ip link set $HOME up`,
];

/** What the lab must leave as it was on the host. */
function hostState(): Record<string, string> {
  const sha = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent');
  const state: Record<string, string> = {};
  for (const f of ['/etc/hosts', '/etc/resolv.conf', '/etc/iproute2/rt_tables', '/usr/share/iproute2/rt_tables', '/etc/passwd', '/etc/sysctl.conf']) state[f] = sha(f);
  state['/etc/sysctl.d/'] = existsSync('/etc/sysctl.d') ? readdirSync('/etc/sysctl.d').sort().join(' ') : 'absent';
  state['/etc/iproute2/'] = existsSync('/etc/iproute2') ? readdirSync('/etc/iproute2').sort().join(' ') : 'absent';
  state['iptables-save'] = spawnSync('iptables-save', [], { encoding: 'utf8' }).stdout.replace(/^#.*\n/gm, '').replace(/\[\d+:\d+\]/g, '');
  const keys = ['net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.default.rp_filter', 'net.ipv4.conf.all.forwarding', 'net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.default.disable_ipv6', 'net.ipv4.conf.all.send_redirects', 'kernel.sysrq'];
  state.sysctl = spawnSync('sysctl', keys, { encoding: 'utf8' }).stdout;
  state.marked = readdirSync('/tmp').filter((f) => f.includes(MARK)).join(' ');
  return state;
}

const dir = mkdtempSync(join(tmpdir(), 'hpx-sec-lab-'));
afterAll(() => {
  spawnSync('bash', [join(dir, 'lab.sh'), 'down'], { timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
  for (const f of readdirSync('/tmp').filter((f) => f.includes(MARK))) rmSync(join('/tmp', f), { force: true, recursive: true });
});

describe.skipIf(reason !== undefined)('lab.sh of a hostile scenario, run as root', () => {
  it('refuses to build a lab from any line the simulator refuses', () => {
    for (const line of REFUSED) {
      const doc: ScenarioDoc = { ...scenario, devices: { ...scenario.devices, pc: { ...scenario.devices.pc!, config: ['ip link set eth0 up', line] } } };
      let error: unknown;
      try {
        labScript(doc, { prefix: PREFIX });
      } catch (e) {
        error = e;
      }
      expect(error, line).toBeInstanceOf(LabError);
      expect((error as LabError).line, line).toBe(2);
    }
  });

  it('builds the lab from quoted text, and nothing outside its namespaces changes', () => {
    const before = hostState();
    const lab = join(dir, 'lab.sh');
    writeFileSync(lab, labScript(scenario, { prefix: PREFIX }));
    // The lab runs where a user would run it: its working directory must stay empty too.
    const work = join(dir, 'cwd');
    spawnSync('mkdir', [work]);
    const up = spawnSync('bash', [lab, 'up'], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH ?? ''}` } });
    expect(up.stderr).not.toMatch(/failed|cannot/);
    expect(up.status).toBe(0);

    // Inside: the text arrived literally.
    const inside = (...cmd: string[]) => spawnSync('ip', ['netns', 'exec', `${PREFIX}pc`, ...cmd], { encoding: 'utf8' }).stdout;
    const rules = inside('iptables-save');
    const hosts0 = () => inside('cat', '/etc/hosts');
    for (const n of [1, 2, 3, 7, 8, 14, 17, 40, 41, 42]) expect(rules).toContain(`/tmp/${MARK}-${n}`);
    expect(rules).toContain(`--comment "$(${touch(40)}); \`x\`"`);
    expect(hosts0()).toContain(`10.0.0.6 six $(${touch(43)})\nHAIRPIN_EOF\n`);
    expect(readFileSync(`/etc/netns/${PREFIX}pc/sysctl.d/50-x.conf`, 'utf8')).toBe(`net.ipv4.ip_forward = 1\n# $(${touch(40)}); \`x\`\n`);
    expect(inside('sysctl', '-n', 'net.ipv4.ip_forward')).toBe('1\n');
    const hosts = inside('cat', '/etc/hosts');
    expect(hosts).toContain(`10.0.0.2 web'$(${touch(9)})\n`);
    expect(hosts).toContain(`10.0.0.3 db \`${touch(10)}\`\n`);
    expect(hosts).toContain(`10.0.0.4 four\n10.0.0.5 five$(${touch(16)})\n`);
    expect(inside('cat', '/etc/resolv.conf')).toBe(`nameserver 10.0.0.1 # $(${touch(11)})\n`);
    expect(inside('cat', '/etc/iproute2/rt_tables')).toContain(`100 isp1 # \`${touch(12)}\`\n`);
    expect(readFileSync(`/etc/netns/${PREFIX}pc/hosts`, 'utf8')).toBe(hosts);
    expect(spawnSync('ip', ['netns', 'exec', `${PREFIX}r`, 'sysctl', '-n', 'net.ipv4.ip_forward'], { encoding: 'utf8' }).stdout).toBe('1\n');
    expect(spawnSync('ip', ['netns', 'exec', `${PREFIX}pc`, 'nc', '-z', '-w', '1', '10.0.0.2', '8080']).status).toBe(0);
    // dnsmasq -k writes /run/dnsmasq.pid unless told not to: the lab tells it.
    if (hasDnsmasq && existsSync('/run/dnsmasq.pid')) {
      const pid = readFileSync('/run/dnsmasq.pid', 'utf8').trim();
      expect(spawnSync('ip', ['netns', 'identify', pid], { encoding: 'utf8' }).stdout.trim()).not.toMatch(/^hpx-sec-/);
    }

    // The device's own namespace: made under the lab's name for it, reached by every way of naming it.
    expect(existsSync(`/run/netns/${PREFIX}pc.${NSNAME}`)).toBe(true);
    // Up (its peer v0 is not: no carrier), with the address set through ip netns exec.
    expect(spawnSync('ip', ['-n', `${PREFIX}pc.${NSNAME}`, '-br', 'addr', 'show', 'eth0'], { encoding: 'utf8' }).stdout).toMatch(/^eth0@\S+ +DOWN +10\.9\.0\.2\/24 \n$/);
    expect(spawnSync('ip', ['-n', `${PREFIX}pc.${NSNAME}`, 'link', 'show', 'eth0'], { encoding: 'utf8' }).stdout).toContain('<NO-CARRIER,BROADCAST,MULTICAST,UP>');
    const flow = spawnSync('bash', [lab, 'exec', 'pc', `ip netns list; ip netns exec '${NSNAME}' ip -br link show lo`], { cwd: work, encoding: 'utf8' });
    expect(flow.status).toBe(0);
    // Only the device's own namespace, by its scenario name (with the id the kernel gave it).
    expect(flow.stdout.replace(/ \(id: \d+\)/, '')).toBe(`${NSNAME}\nlo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n`);

    // Outside: as it was.
    expect(hostState()).toEqual(before);
    expect(readdirSync(work)).toEqual([]);
    expect(readFileSync(lab, 'utf8')).toContain(`# Hairpin lab: Hostile ${touch(13)} #\n`);

    const down = spawnSync('bash', [lab, 'down'], { encoding: 'utf8', timeout: 60_000 });
    expect(down.status).toBe(0);
    expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toContain(PREFIX);
    expect(existsSync(`/etc/netns/${PREFIX}pc`)).toBe(false);
    expect(existsSync(`/run/netns/${PREFIX}pc.${NSNAME}`)).toBe(false);
    expect(hostState()).toEqual(before);
    expect(readdirSync(work)).toEqual([]);
    expect(statSync(work).isDirectory()).toBe(true);
  });
});
