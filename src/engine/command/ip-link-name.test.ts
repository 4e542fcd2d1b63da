import { describe, expect, it } from 'vitest';
import { runScenario } from '../api';
import { runCommand } from '../sim/run';
import { routed } from '../sim/testing';

/*
 * `ip link set DEV name NEW` on a topology port, as iproute2 6.1 and kernel 6.18 did it in a
 * namespace (docs/kernel-facts.md, "Renaming an interface"): iplink_parse's check_ifname, then
 * RTM_SETLINK's IFLA_IFNAME through dev_change_name (dev_valid_name, dev_alloc_name, EEXIST;
 * since 6.2 an up device may be renamed), before IFF_UP is applied.
 */

const RENAMED = ['ip link set eth1 name wan0', 'ip route add 10.9.0.0/16 via 10.0.2.2 dev wan0'];
const issues = (lines: string[]) => runCommand(routed(lines), 'router', 'true').configIssues.map((i) => `${i.line}:${i.column} ${i.message}`);
const onRouter = (lines: string[], command: string) => runCommand(routed(lines), 'router', command);

describe('ip link set DEV name NEW: what the tool refuses (iplink_parse, check_ifname)', () => {
  it('an empty name, one of 16 characters or more, or one with a slash or whitespace: invarg, exit 255, at the name', () => {
    expect(issues(['ip link set eth1 name abcdefghijklmnop'])).toEqual(['4:23 Error: argument "abcdefghijklmnop" is wrong: "name" not a valid ifname']);
    expect(issues(['ip link set eth1 name a/b'])).toEqual(['4:23 Error: argument "a/b" is wrong: "name" not a valid ifname']);
    expect(issues(["ip link set eth1 name 'lan 0'"])).toEqual(['4:23 Error: argument "lan 0" is wrong: "name" not a valid ifname']);
    expect(issues(["ip link set eth1 name ''"])).toEqual(['4:23 Error: argument "" is wrong: "name" not a valid ifname']);
    expect(issues(['ip link set eth1 name a name b'])).toEqual(['4:30 Error: duplicate "name": "b" is the second value.']);
    expect(issues(['ip link set eth1 name'])).toEqual(['4:22 Command line is not complete. Try option "help"']);
  });
});

describe('dev_change_name: what the kernel refuses', () => {
  it('"." and "..", a colon (dev_valid_name) and a pattern with two %d are EINVAL; a name in use is EEXIST', () => {
    for (const name of ['.', '..', 'a:b', 'x%d%d']) expect(issues([`ip link set eth1 name ${name}`])).toEqual(['4:1 RTNETLINK answers: Invalid argument']);
    expect(issues(['ip link set eth1 name eth0'])).toEqual(['4:1 RTNETLINK answers: File exists']);
    expect(issues(['ip link set eth1 name lo'])).toEqual(['4:1 RTNETLINK answers: File exists']);
    // A later line naming the old name finds no device.
    expect(issues(['ip link set eth1 name wan0', 'ip link set eth1 up'])).toEqual(['5:13 Cannot find device "eth1"']);
  });

  it('its own name is no change; 15 characters are allowed; NAME%d takes the lowest free number', () => {
    expect(issues(['ip link set eth1 name eth1'])).toEqual([]);
    expect(onRouter(['ip link set eth1 name abcdefghijklmno'], 'ip -br link show abcdefghijklmno').stdout).toMatch(/^abcdefghijklmno +UP/);
    expect(onRouter(['ip link set eth1 name eth%d'], 'ip -br link').stdout).toMatch(/^lo .*\neth0 .*\neth2 /);
  });

  it('an up device is renamed too (no EBUSY since 6.2) and the kernel logs it; in one command the name comes before up', () => {
    const r = onRouter(['ip link set eth0 down', 'ip link set eth0 name lan0', 'ip link set eth1 name wan0', 'ip link set dev lan0 name lan1 up'], 'dmesg');
    expect(r.stdout.replace(/^\[[ .\d]+\] /gm, '')).toBe('lan0: renamed from eth0\nwan0: renamed from eth1 (while UP)\nlan1: renamed from lan0\n');
  });
});

describe('what follows the device and what keeps the old name', () => {
  it('ip addr (labels too), ip route and the sysctl directory follow; ifindex stays', () => {
    const r = onRouter(['sysctl -w net.ipv4.conf.eth1.rp_filter=2', 'ip addr add 10.0.2.9/24 dev eth1 label eth1:x', ...RENAMED], 'ip addr show wan0; ip route; sysctl net.ipv4.conf.wan0.rp_filter');
    expect(r.stdout).toContain('3: wan0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n');
    expect(r.stdout).toContain('    inet 10.0.2.1/24 scope global wan0\n');
    expect(r.stdout).toContain('    inet 10.0.2.9/24 scope global secondary wan0:x\n');
    expect(r.stdout).toContain('10.0.2.0/24 dev wan0 proto kernel scope link src 10.0.2.1 \n10.9.0.0/16 via 10.0.2.2 dev wan0 \n');
    expect(r.stdout).toContain('net.ipv4.conf.wan0.rp_filter = 2\n');
    expect(onRouter(RENAMED, 'sysctl net.ipv4.conf.eth1.rp_filter').stderr).toBe('sysctl: cannot stat /proc/sys/net/ipv4/conf/eth1/rp_filter: No such file or directory\n');
  });

  it('an iptables rule keeps the name it was given: -o eth1 no longer matches after the rename, -o wan0 does', () => {
    const masquerade = (name: string, rename: boolean) => {
      const r = runCommand(routed([`iptables -t nat -A POSTROUTING -o ${name} -j MASQUERADE`, ...(rename ? ['ip link set eth1 name wan0'] : [])]), 'client', 'ping -c 1 10.0.2.2');
      const atServer = r.events.find((e) => e.device === 'server' && e.kind === 'frame-received' && e.frame?.payload.kind === 'ipv4');
      return atServer?.frame?.payload.kind === 'ipv4' ? atServer.frame.payload.src : undefined;
    };
    const router = 0x0a000201; // 10.0.2.1
    const client = 0x0a000102; // 10.0.1.2
    expect(masquerade('eth1', false)).toBe(router);
    expect(masquerade('eth1', true)).toBe(client);
    expect(masquerade('wan0', true)).toBe(router);
    expect(onRouter(['iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE', 'ip link set eth1 name wan0'], 'iptables -t nat -S POSTROUTING').stdout).toBe('-P POSTROUTING ACCEPT\n-A POSTROUTING -o eth1 -j MASQUERADE\n');
  });

  it('nft keeps oif as an ifindex: listed under the name the device has now; oifname keeps its text', () => {
    const lines = ['nft add table ip t', "nft add chain ip t c '{ type filter hook forward priority 0; }'", 'nft add rule ip t c oif eth1 oifname eth1 accept', 'ip link set eth1 name wan0'];
    expect(onRouter(lines, 'nft list chain ip t c').stdout).toContain('oif "wan0" oifname "eth1" accept');
  });

  it("the trace names the kernel's name and the scenario's port; the capture stays the scenario port's", () => {
    const r = runCommand(routed(RENAMED), 'client', 'ping -c 1 10.0.2.2');
    const sent = r.events.filter((e) => e.device === 'router' && e.kind === 'frame-sent');
    expect(sent.map((e) => [e.port, e.scenarioPort])).toContainEqual(['wan0', 'eth1']);
    // eth0 kept its name: no scenarioPort on its events (traces of unrenamed ports are unchanged).
    expect(sent.find((e) => e.port === 'eth0')).not.toHaveProperty('scenarioPort');
    expect(r.captures.get('router:eth1')!.length).toBeGreaterThan(0);
    expect(r.captures.has('router:wan0')).toBe(false);
  });

  it('the engine api gives the frames to the scenario port, with the name tcpdump -i takes', () => {
    const doc = {
      hairpin: 1,
      title: 'rename',
      devices: {
        a: { kind: 'host', ports: { eth0: null }, config: ['ip link set eth0 name lan0', 'ip addr add 10.0.0.1/24 dev lan0'] },
        b: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
      },
      links: [['a:eth0', 'b:eth0']],
      flows: [],
    };
    const r = runScenario({ doc: JSON.stringify(doc), on: 'a', command: 'ping -c 1 10.0.0.2' });
    if (!r.ok) throw new Error('the scenario does not load');
    const a = r.ports.find((p) => p.id === 'a:eth0')!;
    expect(a.ifname).toBe('lan0');
    expect(a.frames.length).toBe(r.ports.find((p) => p.id === 'b:eth0')!.frames.length);
    expect(r.ports.find((p) => p.id === 'b:eth0')).not.toHaveProperty('ifname');
    expect(r.ports.map((p) => p.id)).not.toContain('a:lan0');
  });
});
