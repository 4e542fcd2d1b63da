import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runCommand } from '../sim/run';
import { collector, converter, snapshotScript } from './snapshot';

/*
 * The snapshot script runs on someone's real machine: it must parse in dash and busybox sh,
 * write nothing, reach no network, and turn what the tools print into a scenario that loads.
 */

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** The awk program alone, fed a stream as the shell part makes it (sections after `@@hairpin NAME`). */
function convert(stream: string): { stdout: string; stderr: string } {
  const r = spawnSync('awk', [converter()], { input: stream, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('the snapshot script is POSIX sh that only reads', () => {
  const script = snapshotScript();

  it('parses in sh -n (and dash -n where dash is installed): no bashisms that stop it before it starts', () => {
    expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    if (has('dash')) expect(spawnSync('dash', ['-n'], { input: script }).status).toBe(0);
    if (has('busybox')) expect(spawnSync('busybox', ['sh', '-n'], { input: script }).status).toBe(0);
  });

  it('redirects output only to /dev/null or stderr, and runs no command that changes the machine or uses the network', () => {
    // Comment lines run nothing.
    const shell = collector()
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .join('\n');
    // Every `>` in the shell part: 2>/dev/null, >/dev/null, >&2, 2>&1.
    const redirects = shell.match(/\d?>+\s*\S*/g) ?? [];
    for (const r of redirects) expect(r).toMatch(/^\d?>(\/dev\/null|&[12])/);
    const words = shell.replace(/"[^"]*"/g, '""').replace(/\bsection \w+/g, '').split(/[\s;|&(){}]+/);
    for (const bad of ['rm', 'mv', 'cp', 'tee', 'dd', 'mkdir', 'touch', 'ln', 'chmod', 'chown', 'truncate', 'sysctl', 'modprobe', 'curl', 'wget', 'nc', 'ping', 'ssh', 'iptables', 'iptables-restore', 'eval', 'exec']) expect(words).not.toContain(bad);
    // ip only shows; nft only lists.
    for (const line of shell.split('\n')) {
      for (const m of line.matchAll(/\bip (.*?)(?:\|\||2>|;|$)/g)) expect(m[1]).toMatch(/^(-V $|(-\S+ )*(link|addr|rule|route|neigh) show\b)/);
      for (const m of line.matchAll(/\bnft (?!list ruleset)(\S+)/g)) expect(m[1]).toBe('');
      // ipset only saves, nfacct only lists.
      for (const m of line.matchAll(/\bipset (\S+)/g)) expect(m[1]).toBe('save');
      for (const m of line.matchAll(/\bnfacct (\S+)/g)) expect(m[1]).toBe('list');
    }
    // The awk part: no commands, no pipes, no files but /dev/stderr; `>` in a print only to it.
    const awk = converter();
    expect(awk).not.toMatch(/\bsystem\s*\(|\bgetline\b|\bclose\s*\(|\bfflush\s*\(/);
    const code = awk.replace(/"(\\.|[^"\\])*"/g, (s) => (s === '"/dev/stderr"' ? s : '""'));
    expect(code).not.toMatch(/\|\s*""/);
    for (const line of code.split('\n')) {
      let flat = line;
      while (/\([^()]*\)/.test(flat)) flat = flat.replace(/\([^()]*\)/g, '');
      for (const m of flat.matchAll(/\bprintf?\b([^;}]*)/g)) if (m[1]!.includes('>')) expect(m[1]).toMatch(/>\s*"\/dev\/stderr"\s*$/);
    }
  });
});

describe('what the awk part makes of the tools output', () => {
  const stream = [
    '@@hairpin host',
    'Web-01.example.com',
    '@@hairpin link',
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0',
    '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 96:00:03:A1:B2:C3 brd ff:ff:ff:ff:ff:ff link-netns x promiscuity 0 \\    veth addrgenmode eui64',
    '3: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/none  promiscuity 0 \\    wireguard',
    '4: br-1f2e: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default\\    link/ether 02:42:0a:0b:0c:0d brd ff:ff:ff:ff:ff:ff promiscuity 0',
    '5: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 96:00:03:a1:b2:c3 brd ff:ff:ff:ff:ff:ff',
    '@@hairpin addr',
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
    '2: eth0    inet 91.99.148.215/32 scope global dynamic eth0\\       valid_lft 80000sec preferred_lft 80000sec',
    '3: wg0    inet 10.8.0.1/24 scope global wg0\\       valid_lft forever preferred_lft forever',
    '@@hairpin sysctl',
    'net.ipv4.ip_forward 1',
    'net.ipv4.ip_default_ttl 64',
    'net.ipv4.conf.all.forwarding 1',
    'net.ipv4.conf.all.rp_filter 2',
    'net.ipv4.conf.all.accept_redirects 0',
    'net.ipv4.conf.default.accept_source_route 1',
    'net.ipv4.conf.eth0.forwarding 1',
    'net.ipv4.conf.eth0.accept_source_route 1',
    'net.ipv4.conf.wg0.rp_filter 1',
    'net.ipv4.neigh.eth0.base_reachable_time_ms 30000',
    '@@hairpin tables',
    '255\tlocal',
    '254\tmain',
    '# comment',
    '100\tvpn',
    '@@hairpin rule',
    '0:\tfrom all lookup local',
    '1000:\tfrom all fwmark 0x1 lookup vpn',
    '32766:\tfrom all lookup main',
    '32767:\tfrom all lookup default',
    '@@hairpin route',
    'default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100 ',
    '10.8.0.0/24 dev wg0 proto kernel scope link src 10.8.0.1',
    '172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100 linkdown',
    'local 91.99.148.215 dev eth0 table local proto kernel scope host src 91.99.148.215',
    'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1',
    '@@hairpin neigh',
    '172.31.1.9 dev eth0 lladdr D2:74:7F:6E:37:E3 PERMANENT',
    '@@hairpin iptables',
    '# Generated by iptables-save v1.8.10 (nf_tables) on Sun Dec  6 18:00:00 2026',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    '-A INPUT -m comment --comment "say \\"hi\\"" -j ACCEPT',
    'COMMIT',
    '@@hairpin nft',
    '# Warning: table ip filter is managed by iptables-nft, do not touch!',
    'table ip filter {',
    '\tchain INPUT {',
    '\t\ttype filter hook input priority filter; policy accept;',
    '\t}',
    '}',
    'table inet mine {',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy accept;',
    '\t\tiifname "eth0" tcp dport 22 accept',
    '\t}',
    '}',
    '@@hairpin hosts',
    '127.0.0.1\tlocalhost',
    '',
    'EOF',
    '10.0.0.1 odd\\name \x01',
    '@@hairpin resolv',
    'nameserver 9.9.9.9',
  ].join('\n') + '\n';

  it('prints JSON whose config rebuilds the machine: kernel-made routes, default rules and lo left to the kernel', () => {
    const { stdout, stderr } = convert(stream);
    const doc = JSON.parse(stdout);
    expect(doc.title).toBe('Snapshot of Web-01.example.com');
    expect(Object.keys(doc.devices)).toEqual(['web_01']);
    const dev = doc.devices.web_01;
    // eth1 shares eth0's MAC: it gets a default one; br-1f2e is no port name; wg0 is link/none.
    expect(dev.ports).toEqual({ eth0: '96:00:03:a1:b2:c3', eth1: null });
    expect(stderr).toMatch(/wg0: device type none not modelled/);
    expect(stderr).toMatch(/br-1f2e: not a port name/);
    expect(stderr).toMatch(/address 10\.8\.0\.1\/24 on wg0: left out with its interface/);
    expect(stderr).toMatch(/nft table ip filter: made by iptables-nft/);
    expect(dev.config).toEqual([
      'ip link set dev eth0 mtu 1450',
      'ip link set dev eth1 down',
      'ip addr add 91.99.148.215/32 dev eth0',
      'sysctl -w net.ipv4.ip_forward=1',
      'sysctl -w net.ipv4.conf.all.rp_filter=2',
      "cat >> /etc/iproute2/rt_tables <<'EOF'",
      '100\tvpn',
      'EOF',
      'ip rule add pref 1000 fwmark 0x1 lookup vpn',
      'ip route add 172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100',
      'ip route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100',
      'ip neigh replace 172.31.1.9 lladdr d2:74:7f:6e:37:e3 dev eth0 nud permanent',
      "iptables-restore <<'EOF'",
      '# Generated by iptables-save v1.8.10 (nf_tables) on Sun Dec  6 18:00:00 2026',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -m comment --comment "say \\"hi\\"" -j ACCEPT',
      'COMMIT',
      'EOF',
      "nft -f - <<'EOF'",
      'table inet mine {',
      '\tchain input {',
      '\t\ttype filter hook input priority filter; policy accept;',
      '\t\tiifname "eth0" tcp dport 22 accept',
      '\t}',
      '}',
      'EOF',
      // A line "EOF" in the file: another delimiter.
      "cat > /etc/hosts <<'EOF1'",
      '127.0.0.1\tlocalhost',
      'EOF',
      '10.0.0.1 odd\\name \x01',
      'EOF1',
      "cat > /etc/resolv.conf <<'EOF'",
      'nameserver 9.9.9.9',
      'EOF',
    ]);
    const parsed = parseScenario(stdout);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('makes a device id of any hostname: lowercase, [a-z0-9_], a letter first, at most 12 characters', () => {
    const id = (host: string) => Object.keys(JSON.parse(convert(`@@hairpin host\n${host}\n`).stdout).devices)[0];
    expect(id('42-Storage-Node-Primary.lan')).toBe('h42_storage_');
    expect(id('')).toBe('h');
    const empty = convert('@@hairpin host\n"quote\\\n').stdout;
    expect(parseScenario(empty).ok).toBe(true);
  });

  it('with busybox ip, which prints no "proto kernel", leaves the subnet routes of addresses and the local table to the kernel by their shape', () => {
    const doc = JSON.parse(
      convert(
        [
          '@@hairpin host',
          'router',
          '@@hairpin link',
          '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue qlen 1000\\    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
          '@@hairpin addr',
          '2: eth0    inet 192.168.1.77/23 brd 192.168.1.255 scope global eth0\\       valid_lft forever preferred_lft forever',
          '@@hairpin route-noproto',
          'default via 192.168.0.1 dev eth0 ',
          '192.168.0.0/23 dev eth0 scope link  src 192.168.1.77 ',
          '10.9.0.0/16 dev eth0 scope link ',
          'local 192.168.1.77 dev eth0 table local scope host  src 192.168.1.77 ',
          'broadcast 192.168.1.255 dev eth0 table local scope link  src 192.168.1.77 ',
        ].join('\n') + '\n',
      ).stdout,
    );
    expect(doc.devices.router.config).toEqual(['ip addr add 192.168.1.77/23 brd 192.168.1.255 dev eth0', 'ip route add 10.9.0.0/16 dev eth0 scope link', 'ip route add default via 192.168.0.1 dev eth0']);
  });

  it('makes bridges and VLANs that `ip -d` shows with config lines, their members joined, and leaves out what it cannot make', () => {
    const { stdout, stderr } = convert(
      [
        '@@hairpin host',
        'gw',
        '@@hairpin link',
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel master br0 state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 1 \\    bridge_slave state forwarding',
        '3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:b0 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    bridge forward_delay 1500 hello_time 200',
        '4: br0.10@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:b0 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    vlan protocol 802.1Q id 10 <REORDER_HDR>',
        '5: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:00:c0 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    bond mode active-backup',
        '@@hairpin addr',
        '3: br0    inet 10.0.0.1/24 brd 10.0.0.255 scope global br0\\       valid_lft forever preferred_lft forever',
        '5: bond0    inet 10.1.0.1/24 brd 10.1.0.255 scope global bond0\\       valid_lft forever preferred_lft forever',
      ].join('\n') + '\n',
    );
    const doc = JSON.parse(stdout);
    expect(doc.devices.gw.ports).toEqual({ eth0: '02:00:00:00:00:01' });
    expect(stderr).toMatch(/bond0: device type bond not modelled/);
    expect(doc.devices.gw.config).toEqual([
      'ip link add br0 type bridge',
      'ip link set dev br0 address 02:00:00:00:00:b0',
      'ip link set dev br0 up',
      'ip link add link br0 name br0.10 type vlan id 10',
      'ip link set dev br0.10 up',
      'ip link set dev eth0 master br0',
      'ip addr add 10.0.0.1/24 brd 10.0.0.255 dev br0',
    ]);
    const parsed = parseScenario(stdout);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    const run = runCommand(parsed.scenario, 'gw', 'ip -br link', { traceLimit: 0, capture: false });
    expect(run.configIssues).toEqual([]);
    expect(run.stdout).toMatch(/^br0\.10@br0 +UP/m);
  });

  it('without `ip -d` (busybox), tells a bridge from a port by the DEVTYPE the kernel gives it; a wlan stays a port', () => {
    const { stdout } = convert(
      [
        '@@hairpin host',
        'ap',
        '@@hairpin kinds',
        'br-lan bridge',
        'br_lan bridge',
        'wlan0 wlan',
        '@@hairpin link',
        '2: wlan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br_lan qlen 1000\\    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
        '3: br_lan: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue qlen 1000\\    link/ether 02:00:00:00:00:b0 brd ff:ff:ff:ff:ff:ff',
      ].join('\n') + '\n',
    );
    const doc = JSON.parse(stdout);
    expect(doc.devices.ap.ports).toEqual({ wlan0: '02:00:00:00:00:01' });
    expect(doc.devices.ap.config).toEqual(['ip link add br_lan type bridge', 'ip link set dev br_lan address 02:00:00:00:00:b0', 'ip link set dev br_lan up', 'ip link set dev wlan0 master br_lan']);
  });
});
