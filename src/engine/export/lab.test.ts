import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioDoc } from '../scenario/types';
import { LabError, labPlan, labScript, shellQuote } from './lab';
import { LAB_RUNTIME } from './lab-runtime';

const doc: ScenarioDoc = {
  hairpin: 2,
  title: "Bob's \"lab\"",
  devices: {
    pc1: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 192.168.1.2/24 dev eth0', 'nc -lk 80 &'] },
    pc2: { kind: 'host', ports: { eth0: '02:AA:BB:CC:DD:EE', eth1: null }, config: [`echo 'nameserver 1.1.1.1' > /etc/resolv.conf`] },
    lan: { kind: 'switch', ports: { br0: null, p2: null, p3: null } },
    router: {
      kind: 'router',
      ports: { eth0: null },
      config: ['# a comment', 'sysctl -w net.ipv4.ip_forward=1', `iptables -A INPUT -m comment --comment "it's \\"quoted\\" \\$HOME \\\`x\\\`" -j ACCEPT`],
    },
  },
  links: [
    ['pc1:eth0', 'lan:br0'],
    ['pc2:eth0', 'lan:p2'],
    ['router:eth0', 'lan:p3'],
  ],
  flows: [{ on: 'pc2', run: "ping -c 1 -W 1 192.168.1.2 && nc -z -w 1 192.168.1.2 80", expect: { exit: 0 } }],
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

  it("notes every port's ifindex before the first config line, which may rename a port (dev_change_name keeps the ifindex)", () => {
    const at = script.indexOf('  port_indexes pc1:eth0 pc2:eth0 pc2:eth1 lan:br0 lan:p2 lan:p3 router:eth0\n');
    expect(at).toBeGreaterThan(script.indexOf('  wait_links '));
    expect(at).toBeLessThan(script.search(/^ {2}cfg /m));
    expect(script).toMatch(/port_indexes\(\) \{\n(.*\n){3}.*ip -n "\$PREFIX\$d" -o link show dev "\$p"\) \|\| fail .*\n.*>> "\$STATE\/ports"/);
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

  it('rebuilds each config line from its words, each single-quoted: bash reads back the words the simulator read', () => {
    const m = /^ {2}cfg router 3 (.*)$/m.exec(script);
    expect(m).not.toBeNull();
    expect(bashWord(m![1]!)).toBe(`iptables -A INPUT -m comment --comment 'it'\\''s "quoted" $HOME \`x\`' -j ACCEPT`);
    for (const s of ['', 'a b', "it's", '"$x"', '`id`', 'a\nb', "'''", '\\']) expect(bashWord(shellQuote(s))).toBe(s);
  });

  it("writes echo's output to the namespace's own /etc files, under /etc/netns/NS only", () => {
    expect(script).toContain("  etcw pc2 1 resolv.conf write 'nameserver 1.1.1.1\n'\n");
    expect(script).toMatch(/etcw\(\) \{\n {2}local f="\/etc\/netns\/\$PREFIX\$1\/\$3"/);
  });

  it('runs lines in order per device, skips comments, starts & lines as recorded background services', () => {
    expect(script).toContain("  cfg pc1 1 'ip addr add 192.168.1.2/24 dev eth0'\n  service pc1 2 'nc -lk 80'\n");
    expect(script).not.toContain('a comment');
    expect(script).toContain("  cfg router 2 'sysctl -w net.ipv4.ip_forward=1'\n");
    expect(script).toMatch(/service\(\) \{[^}]*echo "\$pid \$1 \$2" >> "\$STATE\/pids"/);
    expect(script.indexOf('  wait_services\n')).toBeGreaterThan(script.indexOf('  service pc1 2'));
  });

  it('feeds an iptables-restore here-document its lines, quoted', () => {
    const restore = labScript({ ...doc, devices: { r: { kind: 'router', ports: {}, config: ["iptables-restore --noflush <<'EOF'", '*filter', '-A INPUT -m comment --comment "$(touch x)" -j ACCEPT', 'COMMIT', 'EOF', 'sysctl -w net.ipv4.ip_forward=1'] } }, links: [], flows: [] });
    expect(restore).toContain(`  restore r 1 --noflush '*filter' '-A INPUT -m comment --comment "$(touch x)" -j ACCEPT' COMMIT\n  cfg r 6 `);
  });

  it("feeds nft -f - its here-document's lines, and gives nft -f the namespace's own copy of the file", () => {
    const config = ["nft -f - <<'EOF'", 'add table inet f', 'add chain inet f in { type filter hook input priority 0; policy drop; }', 'EOF', "cat > /etc/nftables.conf <<'EOF'", 'flush ruleset', 'EOF', 'nft -c -f /etc/nftables.conf', 'nft add rule inet f in tcp dport 22 accept'];
    const lab = labScript({ ...doc, devices: { r: { kind: 'router', ports: {}, config } }, links: [], flows: [] });
    expect(lab).toContain(`  nftin r 1 - 'add table inet f' 'add chain inet f in { type filter hook input priority 0; policy drop; }'\n`);
    expect(lab).toContain(`  etcf r 5 nftables.conf write 'flush ruleset\n'\n`);
    expect(lab).toContain(`  cfg r 8 'nft -c -f /etc/netns/hp-r/nftables.conf'\n`);
    expect(lab).toContain(`  cfg r 9 'nft add rule inet f in tcp dport 22 accept'\n`);
    expect(lab).toMatch(/nftin\(\) \{[^}]*nsx "\$d" "\$\{args\[@\]\}" -f -/);
  });

  it("runs a write to the namespace's /proc/net/xt_recent/NAME as a config line", () => {
    const lab = labScript({ ...doc, devices: { r: { kind: 'router', ports: {}, config: ['iptables -A INPUT -m recent --name seen --rcheck', 'echo +10.0.0.1 > /proc/net/xt_recent/seen'] } }, links: [], flows: [] });
    expect(lab).toContain("  cfg r 2 'echo +10.0.0.1 > /proc/net/xt_recent/seen'\n");
  });

  it('feeds an ip6tables-restore here-document to ip6tables-restore, and quotes ip6tables lines as iptables lines', () => {
    const config = [
      "ip6tables-restore <<'EOF'", '*filter', ':ufw6-before-input - [0:0]', '-A ufw6-before-input -p icmpv6 --icmpv6-type echo-request -j ACCEPT', 'COMMIT', 'EOF',
      `ip6tables -A INPUT -s fe80::/10 -m comment --comment 'link "local"' -j ACCEPT`,
    ];
    const lab = labScript({ ...doc, devices: { r: { kind: 'router', ports: {}, config } }, links: [], flows: [] });
    expect(lab).toContain(`  restore6 r 1 - '*filter' ':ufw6-before-input - [0:0]' '-A ufw6-before-input -p icmpv6 --icmpv6-type echo-request -j ACCEPT' COMMIT\n`);
    expect(lab).toContain(`  cfg r 7 'ip6tables -A INPUT -s fe80::/10 -m comment --comment '\\''link "local"'\\'' -j ACCEPT'\n`);
    expect(lab).toMatch(/restore6\(\) \{ RESTORE_PROGRAM=ip6tables-restore restore "\$@"; \}/);
  });

  it('down removes what up made: its processes, namespaces (the devices\' own ones first), /etc/netns dirs and state', () => {
    const teardown = script.slice(script.indexOf('rmns() {'), script.indexOf('\nup() {'));
    expect(teardown).toMatch(/for ns in "\$\{NAMESPACES\[@\]\}"; do\n {4}while IFS= read -r inner; do rmns "\$inner"; done < <\(inner_namespaces "\$ns"\)/);
    expect(teardown).toContain('for f in "/run/netns/$ns".*; do');
    expect(teardown).toContain('kill "$pid"');
    expect(teardown).toContain('ip netns pids "$ns"');
    expect(teardown).toContain('ip netns del "$ns"');
    expect(teardown).toContain('rm -rf -- "/etc/netns/$ns"');
    expect(teardown).toContain('rm -rf -- "$STATE"');
    expect(teardown).toContain('for ns in "${NAMESPACES[@]}"');
    expect(script).toContain('STATE=/run/hairpin-lab/hq-');
    // up refuses to run over an existing lab, and cleans up when a step fails
    expect(script).toMatch(/ns_exists "\$ns" && die "namespace \$ns already exists/);
    expect(script).toContain('line_failed "$1" "$2" "failed (exit $rc): $3"');
    expect(script).toContain('fail "$1: config line $2 $3"');
  });

  it('checks for root and the tools it needs', () => {
    expect(script).toContain('must run as root');
    expect(script).toContain('tools=(ip iptables tcpdump nc ss)');
  });

  it('rejects what cannot be a namespace or interface name', () => {
    expect(() => labScript(doc, { prefix: 'a b' })).toThrow(/prefix/);
    expect(() => labScript({ ...doc, devices: { 'Bad-Id': { kind: 'host', ports: {} } }, links: [] })).toThrow(/device id/);
    expect(() => labScript({ ...doc, links: [['pc1:eth9', 'lan:p2']] })).toThrow(/link end/);
    for (const prefix of ['.', '..', '../x', 'a/b']) expect(() => labScript(doc, { prefix })).toThrow(/prefix/);
  });
});

describe('labScript and untrusted scenario text', () => {
  const one = (config: string[], extra: Partial<ScenarioDoc> = {}): ScenarioDoc => ({ hairpin: 2, title: 't', devices: { pc: { kind: 'host', ports: { eth0: null }, config } }, links: [], flows: [], ...extra });
  const refusal = (d: ScenarioDoc) => {
    try {
      labScript(d);
    } catch (e) {
      if (e instanceof LabError) return { device: e.device, line: e.line, column: e.column, reason: e.reason };
      throw e;
    }
    throw new Error('expected the lab to be refused');
  };

  it('is not produced from a config line the simulator refuses, and says where', () => {
    expect(refusal(one(['ip link set eth0 up', 'iptables -A INPUT -m comment --comment "$(touch /tmp/x)" -j ACCEPT']))).toMatchObject({ device: 'pc', line: 2, column: 41, reason: expect.stringContaining('command substitution') });
    expect(refusal(one(['echo "10.0.0.2 web$(id -u > /tmp/y)" >> /etc/hosts']))).toMatchObject({ line: 1, column: 19 });
    expect(refusal(one(['iptables -F; touch /tmp/x']))).toMatchObject({ line: 1, column: 14, reason: "hairpin: unsupported command 'touch'" });
    expect(refusal(one(['dnsmasq -d --pid-file=/etc/passwd &']))).toMatchObject({ line: 1, reason: expect.stringContaining('--pid-file') });
    expect(refusal(one([], { flows: [{ on: 'pc', run: 'ping -c 1 `id`' }] }))).toMatchObject({ device: 'pc', line: 0, column: 11 });
    expect(() => labScript(one(['ip link set eth0 up &&']))).toThrow(/^lab: pc: config line 1, column \d+: bash: syntax error/);
  });

  it("builds a device's own namespaces: its lines and flows name them as the scenario does, through ip and nsenter functions that map the names", () => {
    const s = labScript(one(['ip netns add ns1', 'ip link add v0 type veth peer name eth0 netns ns1', '{ ip -n ns1 addr add 10.9.0.2/24 dev eth0; }', 'ip netns exec ns1 nc -lk 80 &'], { flows: [{ on: 'pc', run: 'ip netns exec ns1 ping -c 1 10.0.0.2' }] }));
    expect(s).toContain("  cfg pc 1 'ip netns add ns1'\n");
    expect(s).toContain("  cfg pc 2 'ip link add v0 type veth peer name eth0 netns ns1'\n");
    expect(s).toContain("  service pc 4 'ip netns exec ns1 nc -lk 80'\n");
    expect(s).toContain("#   0. sudo bash lab.sh exec pc 'ip netns exec ns1 ping -c 1 10.0.0.2'\n");
    // Config lines and flows run with HP_NETNS, the device's own prefix: "<prefix><device>.".
    expect(s).toMatch(/nsx\(\) \{ local d=\$1; shift; command ip netns exec "\$PREFIX\$d" env HP_NETNS="\$PREFIX\$d\." "\$@"; \}/);
    expect(s).toContain('export -f __hp_real __hp_anchored __hp_inner __hp_named __hp_own __hp_netns ip nsenter nsdefaults');
    // Each one made gets the defaults a device's namespace gets (IPv6 off, sysctls explicit, br_netfilter's calls off).
    expect(s).toMatch(/netns add "\$real" \|\| return\n {6}nsdefaults "\$real"/);
    expect(s).toMatch(/nsdefaults\(\) \{[\s\S]*net\.ipv6\.conf\.default\.disable_ipv6=1[\s\S]*net\.bridge\.bridge-nf-call-iptables=0/);
    // A line run inside one of them is checked as it would be anywhere.
    expect(refusal(one(['ip netns add ns1', 'ip netns exec ns1 sysctl -w kernel.sysrq=1']))).toMatchObject({ line: 2, reason: expect.stringContaining('kernel.sysrq') });
  });

  it("turns a config's modprobe into the lab's: br_netfilter's defaults in the device's namespace (loading the host's module only if missing), never an unload", () => {
    const script = labScript(one(['modprobe br_netfilter', 'modprobe -a br-netfilter overlay']));
    expect(script).toContain("  modprobe_lab pc 1 br_netfilter\n");
    expect(script).toContain("  modprobe_lab pc 2 br_netfilter overlay\n");
    expect(script).toMatch(/brnf_defaults\(\) \{\n  command ip netns exec "\$1" sysctl -qw net\.bridge\.bridge-nf-call-iptables=1 /);
    expect(refusal(one(['modprobe -r br_netfilter']))).toMatchObject({ line: 1, reason: expect.stringContaining('modprobe -r') });
    expect(refusal(one(['modprobe br_netfilter && true']))).toMatchObject({ line: 1, reason: expect.stringContaining('line of its own') });
  });

  it("runs bash -c / sh -c strings in bash, whose inherited functions map the device's namespace names; what is refused on a line is refused inside one", () => {
    const s = labScript(one(["sudo bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'", "sh -c 'ip netns add ns1'"]));
    expect(s).toMatch(/\nsh\(\) \{ bash "\$@"; \}\nexport -f [^\n]* sudo sh\n/);
    expect(refusal(one(["sudo bash -c 'sysctl -w kernel.sysrq=1'"]))).toMatchObject({ line: 1, reason: expect.stringContaining('kernel.sysrq') });
    expect(refusal(one(["sh -c 'dnsmasq'"]))).toMatchObject({ line: 1, reason: "dnsmasq in sh -c '…' is not part of a lab: put it on a line of its own" });
  });

  it('refuses a sysctl outside the namespace\'s net.* settings', () => {
    expect(refusal(one(['sysctl -w kernel.sysrq=1']))).toMatchObject({ line: 1, column: 11, reason: expect.stringContaining('kernel.sysrq') });
    expect(refusal(one(['echo 1 > /proc/sys/net/ipv4/../../kernel/sysrq']))).toMatchObject({ line: 1 });
    expect(labScript(one(['echo 2 > /proc/sys/net/ipv4/conf/eth0/rp_filter']))).toContain(`cfg pc 1 'echo 2 > /proc/sys/net/ipv4/conf/eth0/rp_filter'`);
  });

  it('keeps text that is literal in bash literal, and comments on one line', () => {
    const d = one(["iptables -A INPUT -m comment --comment '$(touch /tmp/x); `id`' -j ACCEPT", "echo '10.0.0.2 web' \"'\"'$(id)' >> /etc/hosts"], { title: 'a\ntouch /tmp/t\r\u2028x' });
    const s = labScript(d);
    expect(s).toContain('# Hairpin lab: a touch /tmp/t x\n');
    expect(bashWord(/^ {2}cfg pc 1 (.*)$/m.exec(s)![1]!)).toBe(`iptables -A INPUT -m comment --comment '$(touch /tmp/x); \`id\`' -j ACCEPT`);
    expect(s).toContain(`  etcw pc 2 hosts append '10.0.0.2 web '\\''$(id)\n'\n`);
    const r = spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const flows = labScript(one([], { flows: [{ on: 'pc\ntouch /tmp/t', run: "ping -c 1 '10.0.0.1\ntouch /tmp/u'" }] }));
    expect(flows).not.toMatch(/^touch/m);
  });

  it("carries a flow's pipeline and $(…) to bash -c as one quoted word, and refuses one that would run more", () => {
    const runs = ["printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc web 80", 'ip route get $(dig +short web)', `echo "$(grep -c "'" /etc/hosts)"`];
    const s = labScript(one([], { flows: runs.map((run) => ({ on: 'pc', run })) }));
    const shown = [...s.matchAll(/^# {3}\d\. sudo bash lab.sh exec pc (.*)$/gm)].map((m) => bashWord(m[1]!));
    expect(shown).toEqual(runs);
    expect(spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' }).status).toBe(0);
    // bash would run `touch` inside this substitution (the ")" in quotes does not close it).
    expect(refusal(one([], { flows: [{ on: 'pc', run: 'echo "$(echo ")" ; touch /tmp/x ; echo "(")"' }] }))).toMatchObject({ reason: "hairpin: unsupported command 'touch'" });
    expect(refusal(one([], { flows: [{ on: 'pc', run: 'ip route get $(ip route flush table main)' }] }))).toMatchObject({ column: 16, reason: expect.stringContaining('would change state') });
    expect(refusal(one([], { flows: [{ on: 'pc', run: 'echo $(echo a #) ; touch /tmp/x )' }] }))).toMatchObject({ column: 15 });
    expect(refusal(one([], { flows: [{ on: 'pc', run: 'ip route | sh' }] }))).toMatchObject({ column: 12, reason: "hairpin: sh reading commands from its input (a terminal, a pipe) is not simulated: write them as lines, or sh -c '…'" });
  });

  it('rebuilds a list of simulated commands with its operators, each word quoted', () => {
    const s = labScript(one(["iptables -F && iptables -X; echo '10.0.0.1 a$(b)' >> /etc/hosts || dnsmasq -d >/dev/null 2>&1 &"]));
    expect(s).toContain(`  service pc 1 'iptables -F && iptables -X ; echo '\\''10.0.0.1 a$(b)'\\'' >> /etc/hosts || dnsmasq -d > /dev/null 2>&1 --pid-file='\n`);
  });

  /** What bash runs for `cfg pc N '…'`: each command a function printing its words, then its input, so nothing runs. */
  const bashRuns = (s: string, n: number): string => {
    const m = new RegExp(`^ {2}cfg pc ${n} ('(?:[^']|'\\\\'')*')$`, 'm').exec(s);
    if (!m) throw new Error(`no cfg line ${n} in:\n${s.slice(s.indexOf('build() {'))}`);
    const line = bashWord(m[1]!);
    // Only lines with no redirection are run: a `>` would write on this machine.
    if (/[<>]/.test(line)) throw new Error(`not running a line with a redirection: ${line}`);
    const fake = 'for c in ip iptables iptables-restore sysctl cat; do eval "$c() { printf \'[%s]\' $c \\"\\$@\\"; [ -t 0 ] || command cat; echo; }"; done';
    return spawnSync('bash', ['-c', `${fake}\n${line}`], { encoding: 'utf8', input: '' }).stdout;
  };

  it('carries continued lines, groups, variables and here-documents to bash as the simulator read them', () => {
    const s = labScript(one([
      'WAN=eth0 # the uplink',
      'iptables -A INPUT -i $WAN \\',
      "  -m comment --comment \"$WAN's; \\$(x)\" -j ACCEPT",
      '{ ip link set $WAN up; } || ( ip link set eth0 down )',
      'iptables-restore <<-EOF',
      '\t*filter',
      '\t-A INPUT -i $WAN -j DROP',
      '\tCOMMIT',
      '\tEOF',
      'cat > /etc/sysctl.d/99-fwd.conf <<EOF',
      'net.ipv4.ip_forward = 1',
      'EOF',
      "true && cat <<'EOF' > /etc/hosts",
      '10.0.0.2 web $WAN',
      'HAIRPIN_EOF',
      'EOF',
    ]));
    expect(spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' }).status).toBe(0);
    expect(s).not.toMatch(/^ {2}cfg pc 1 /m);
    expect(bashRuns(s, 2)).toBe("[iptables][-A][INPUT][-i][eth0][-m][comment][--comment][eth0's; $(x)][-j][ACCEPT]\n");
    expect(s).toContain("  cfg pc 4 '{ ip link set eth0 up ; } || ( ip link set eth0 down )'\n");
    expect(bashRuns(s, 4)).toBe('[ip][link][set][eth0][up]\n');
    expect(s).toContain("  restore pc 5 - '*filter' '-A INPUT -i eth0 -j DROP' COMMIT\n");
    expect(s).toContain("  etcf pc 10 sysctl.d/99-fwd.conf write 'net.ipv4.ip_forward = 1\n'\n");
    expect(s).toContain("<<'\\''HAIRPIN_EOF1'\\'' > /etc/hosts\n10.0.0.2 web $WAN\nHAIRPIN_EOF\nHAIRPIN_EOF1'\n");
    expect(s).toMatch(/etcf\(\) \{\n {2}local f="\/etc\/netns\/\$PREFIX\$1\/\$3"/);
  });

  it('leaves out set -e on a line of its own (the lab stops at any line that fails)', () => {
    const s = labScript(one(['set -eu', 'ip link set eth0 up']));
    expect(s).not.toMatch(/^ {2}cfg pc 1 /m);
    expect(s).toContain("  cfg pc 2 'ip link set eth0 up'\n");
  });

  it('carries a group written over several lines as one command list', () => {
    const s = labScript(one(['{', '  ip link set eth0 up  # up first', '  ip link set eth0 mtu 1400', '} || true']));
    expect(s).toContain("  cfg pc 1 '{ ip link set eth0 up ; ip link set eth0 mtu 1400 ; } || true'\n");
  });

  it('refuses a file write or a file read by iptables-restore inside a list, where it could land outside the namespace', () => {
    expect(refusal(one(['true && cat > /etc/sysctl.d/a.conf <<EOF', 'x = 1', 'EOF']))).toMatchObject({ line: 1, reason: expect.stringContaining('writing /etc/sysctl.d/a.conf in a list or group') });
    expect(refusal(one(['{ iptables-restore /etc/iptables/rules.v4; }']))).toMatchObject({ line: 1, reason: expect.stringContaining('iptables-restore FILE in a list or group') });
    expect(labScript(one(['iptables-restore -n /etc/iptables/rules.v4']))).toContain(`  cfg pc 1 'iptables-restore --noflush /etc/netns/hp-pc/iptables/rules.v4'\n`);
  });

  it('loads sysctl files from the namespace\'s own copies, and refuses one that would set a key of the host', () => {
    const conf = ['cat > /etc/sysctl.d/50-b.conf <<EOF', 'net.ipv4.ip_forward = 1', 'EOF', 'cat > /etc/sysctl.d/10-a.conf <<EOF', 'net.ipv4.ip_default_ttl = 70', 'EOF'];
    const s = labScript(one([...conf, 'sysctl --system', 'sysctl -q -p /etc/sysctl.d/10-a.conf']));
    expect(s).toContain("  cfg pc 7 'sysctl -p /etc/netns/hp-pc/sysctl.d/10-a.conf /etc/netns/hp-pc/sysctl.d/50-b.conf'\n");
    expect(s).toContain("  cfg pc 8 'sysctl -q -p /etc/netns/hp-pc/sysctl.d/10-a.conf'\n");
    expect(refusal(one(['cat > /etc/sysctl.conf <<EOF', 'kernel.sysrq = 1', 'EOF', 'sysctl -p']))).toMatchObject({ line: 4, reason: expect.stringContaining('sets kernel.sysrq') });
    expect(refusal(one(['true && sysctl --system']))).toMatchObject({ line: 1, reason: expect.stringContaining('sysctl -p or --system in a list') });
  });

  it('runs dnsmasq without a pid file on the host', () => {
    expect(labScript(one(['dnsmasq --no-daemon --conf-file=/dev/null &']))).toContain(`service pc 1 'dnsmasq --no-daemon --conf-file=/dev/null --pid-file='`);
  });
});

describe("the lab's names for a device's own namespaces (ip and nsenter as shell functions)", () => {
  // The functions, with ip and nsenter on PATH replaced by stand-ins that print what they were
  // given: what the real tools would be asked to do. `ip netns list` stands for the host's list.
  const functions = /\n(__hp_real\(\) \{[\s\S]*?\nexport CONF_DEFAULTS\n)/.exec(labScript(doc))![1]!;
  const bin = mkdtempSync(join(tmpdir(), 'hairpin-lab-names-'));
  writeFileSync(join(bin, 'ip'), `#!/bin/sh\nif [ "$*" = "netns list" ]; then printf 'hp-pc.ns2 (id: 1)\\nhp-pc.ns1\\nhp-pcb.ns1\\nhp-pc\\nhp-pc.\\n'; exit 0; fi\nprintf '<%s>' ip "$@"; echo\n`, { mode: 0o755 });
  writeFileSync(join(bin, 'nsenter'), `#!/bin/sh\nprintf '<%s>' nsenter "$@" >&2; echo >&2; exit 1\n`, { mode: 0o755 });
  const sh = (line: string, netns: string | null = 'hp-pc.') => {
    const r = spawnSync('bash', ['--norc', '-c', `nsdefaults() { :; }\n${functions}\n${line}`], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HP_ANCHOR: '/proc/1/ns/mnt', ...(netns === null ? {} : { HP_NETNS: netns }) } });
    return { out: r.stdout, err: r.stderr, status: r.status };
  };

  it('ip -n NS, -netns NS, ip link set DEV netns NS, ip link add … netns NS and peer … netns NS reach "<device namespace>.NS"', () => {
    expect(sh('ip -n ns1 addr show').out).toBe('<ip><-n><hp-pc.ns1><addr><show>\n');
    expect(sh('ip -4 --netns ns1 route').out).toBe('<ip><-4><-n><hp-pc.ns1><route>\n');
    expect(sh('ip link set dev eth0 netns ns2').out).toBe('<ip><link><set><dev><eth0><netns><hp-pc.ns2>\n');
    expect(sh('ip -n ns1 link add v0 netns ns2 type veth peer name p0 netns ns3').out).toBe('<ip><-n><hp-pc.ns1><link><add><v0><netns><hp-pc.ns2><type><veth><peer><name><p0><netns><hp-pc.ns3>\n');
    // A pid is a name too: no line can move a device into a process's namespace on the host.
    expect(sh('ip link set eth0 netns 1').out).toBe('<ip><link><set><eth0><netns><hp-pc.1>\n');
    // Other commands, and every command of the script itself (no HP_NETNS), go to ip as they are.
    expect(sh('ip route add default via 10.0.0.1').out).toBe('<ip><route><add><default><via><10.0.0.1>\n');
    expect(sh('ip -n ns1 addr', null).out).toBe('<ip><-n><ns1><addr>\n');
  });

  it('sudo, as tutorials write every line, runs its command with the names mapped (no sudo package needed)', () => {
    expect(sh('sudo -E -u root -- ip -n ns1 addr show').out).toBe('<ip><-n><hp-pc.ns1><addr><show>\n');
    expect(sh('sudo ip link set eth0 netns ns2').out).toBe('<ip><link><set><eth0><netns><hp-pc.ns2>\n');
  });

  it("ip netns list shows only this device's namespaces, under their scenario names", () => {
    expect(sh('ip netns list').out).toBe('ns2 (id: 1)\nns1\n');
    expect(sh('ip netns').out).toBe('ns2 (id: 1)\nns1\n');
  });

  it('ip netns del NAME runs in the lab\'s mount namespace and names NAME in its messages; an unknown NAME gets the tools\' messages', () => {
    const del = sh('ip netns del ns1');
    expect([del.status, del.err]).toEqual([1, '<nsenter><--mount=/proc/1/ns/mnt><--><ip><netns><del><ns1>\n']);
    const exec = sh('ip netns exec nope ping -c 1 10.0.0.1');
    expect([exec.status, exec.err]).toEqual([255, 'Cannot open network namespace "nope": No such file or directory\n']);
    const enter = sh('nsenter --net=/var/run/netns/nope true');
    expect([enter.status, enter.err]).toEqual([1, 'nsenter: cannot open /var/run/netns/nope: No such file or directory\n']);
  });

  it('refuses what would reach namespaces outside the device: ip -all, ip -batch, ip netns attach, nsenter by pid', () => {
    for (const line of ['ip -all netns exec true', 'ip -batch /tmp/x', 'ip netns attach ns1 1', 'nsenter -t 1 -n true', 'nsenter --net=/proc/1/ns/net true']) {
      const r = sh(line);
      expect(r.status, line).toBe(2);
      expect(r.out, line).toBe('');
      expect(r.err, line).toMatch(/^lab\.sh: .* is not part of a lab\n$/);
    }
  });

  it('a hostile name stays one word: the tools get it quoted, nothing runs', () => {
    const mark = join(bin, 'touched');
    const hostile = `x'; touch ${mark}; echo '$(touch ${mark})\``;
    expect(sh(`ip -n ${shellQuote(hostile)} addr`).out).toBe(`<ip><-n><hp-pc.${hostile}><addr>\n`);
    expect(sh(`ip netns exec ${shellQuote(hostile)} true`).err).toBe(`Cannot open network namespace "${hostile}": No such file or directory\n`);
    expect(existsSync(mark)).toBe(false);
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

describe('labScript: a device modelled, not recorded (its config needs ip_vs, dummy, 8021q or ipip)', () => {
  const mixed = JSON.parse(readFileSync(new URL('../../../fixtures/scenarios/kernel-ipvs-mixed.json', import.meta.url), 'utf8')) as ScenarioDoc;
  const s = labScript(mixed, { prefix: 'hq-' });

  it('still emits its config exactly, for a kernel that has the modules, and names the device in the header', () => {
    expect(s).toContain("  cfg director 5 'ip link add kube-ipvs0 type dummy'\n");
    expect(s).toContain("  cfg director 7 'ipvsadm -A -t 10.0.3.100:80 -s rr'\n");
    expect(s).toContain('# Modelled devices (their config needs what a kernel may lack): director (IPVS, dummy).\n');
    expect(s).toContain('#   sudo HAIRPIN_LAB_MODELLED=director bash lab.sh up\n');
    expect(labScript(doc)).not.toContain('HAIRPIN_LAB_MODELLED=');
  });

  /** Runs config steps with the lab's runtime, each line in a plain bash instead of a namespace. */
  const steps = (lines: string, modelled?: string) =>
    spawnSync('bash', ['-c', `${LAB_RUNTIME}\nnsx() { shift; "$@"; }\nteardown() { :; }\nBUILDING=1\n${lines}\necho built`], {
      encoding: 'utf8',
      env: { ...process.env, ...(modelled === undefined ? {} : { HAIRPIN_LAB_MODELLED: modelled }) },
    });

  it('stops at a failing line, as before, on a device not named in HAIRPIN_LAB_MODELLED', () => {
    const r = steps("cfg director 5 'echo Error: Unknown device type. >&2; exit 2'", 'backend other');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: Unknown device type.\nlab.sh: director: config line 5 failed (exit 2): echo Error: Unknown device type. >&2; exit 2\nlab.sh: removing what was built\n');
  });

  it('logs and skips each failing line of a device named there, and goes on with the next', () => {
    const r = steps("cfg director 5 'exit 2'\ncfg director 6 'true'\nrestore director 7 - '*bogus'", 'backend director');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('built\n');
    expect(r.stderr).toContain('lab.sh: director: config line 5 failed (exit 2): exit 2; skipped: director is modelled, not recorded (HAIRPIN_LAB_MODELLED)\n');
    expect(r.stderr).not.toContain('config line 6');
    expect(r.stderr).toMatch(/lab\.sh: director: config line 7 failed \(exit \d+\): iptables-restore; skipped/);
  });
});
