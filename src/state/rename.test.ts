import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/api';
import type { ScenarioDoc } from '../engine/scenario/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { renameDevice, renamedDevice, renameInLine, renameLabel, renamePort } from './rename';

function lab(): ScenarioDoc {
  return {
    hairpin: 2,
    title: 'Lab',
    devices: {
      pc: { kind: 'host', ports: { eth0: null }, config: ['ip addr add 10.0.0.2/24 dev eth0'] },
      r1: {
        kind: 'router',
        ports: { eth0: null, eth1: '02:00:00:00:09:09', eth10: null },
        config: [
          'sysctl -w net.ipv4.ip_forward=1',
          'ip addr add 10.0.0.1/24 dev eth1',
          'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE',
          'ip route add 10.9.0.0/16 dev eth10',
        ],
      },
      sw: { kind: 'switch', ports: { p1: null, p2: null } },
    },
    links: [
      ['pc:eth0', 'sw:p1'],
      ['sw:p2', 'r1:eth1'],
    ],
    flows: [
      { on: 'pc', run: 'ping -c 1 10.0.0.1', title: 'gateway' },
      { on: 'r1', run: 'ping -c 1 -I eth1 10.0.0.2' },
    ],
  };
}

describe('renaming a device (device ids name devices, links and flows)', () => {
  it('renames the key where it stands, so the default MACs (by document index) stay', () => {
    const doc = lab();
    const r = renameDevice(doc, 'r1', 'edge');
    if (!r.ok) throw new Error(r.problem);
    expect(Object.keys(r.doc.devices)).toEqual(['pc', 'edge', 'sw']);
    expect(r.doc.devices.edge).toBe(doc.devices.r1);
  });

  it('follows in the links and the flows, and lists each change', () => {
    const r = renameDevice(lab(), 'r1', 'edge');
    if (!r.ok) throw new Error(r.problem);
    expect(r.doc.links).toEqual([
      ['pc:eth0', 'sw:p1'],
      ['sw:p2', 'edge:eth1'],
    ]);
    expect(r.doc.flows.map((f) => f.on)).toEqual(['pc', 'edge']);
    expect(r.changes).toEqual([
      { section: 'Devices', where: 'device id', before: 'r1', after: 'edge' },
      { section: 'Links', where: 'link 2', before: 'sw:p2 — r1:eth1', after: 'sw:p2 — edge:eth1' },
      { section: 'Flows', where: 'flow 2', before: 'on r1: ping -c 1 -I eth1 10.0.0.2', after: 'on edge: ping -c 1 -I eth1 10.0.0.2' },
    ]);
  });

  it('touches only the device whose id is the whole end: r1 is not r10', () => {
    const doc = lab();
    doc.devices.r10 = { kind: 'router', ports: { eth0: null } };
    doc.links.push(['r10:eth0', 'r1:eth0']);
    const r = renameDevice(doc, 'r1', 'edge');
    if (!r.ok) throw new Error(r.problem);
    expect(r.doc.links[2]).toEqual(['r10:eth0', 'edge:eth0']);
    expect(Object.keys(r.doc.devices)).toEqual(['pc', 'edge', 'sw', 'r10']);
  });

  it('accepts ids with digits and underscores', () => {
    const r = renameDevice(lab(), 'r1', 'edge_2');
    expect(r.ok && Object.keys(r.doc.devices)).toEqual(['pc', 'edge_2', 'sw']);
  });

  it('refuses what the format refuses, saying why, and leaves the document alone', () => {
    const doc = lab();
    expect(renameDevice(doc, 'r1', 'edge-1')).toEqual({ ok: false, problem: '"edge-1" is not a device id: use a lowercase letter, then lowercase letters, digits or _' });
    expect(renameDevice(doc, 'r1', 'Edge')).toMatchObject({ ok: false });
    expect(renameDevice(doc, 'r1', '1r')).toMatchObject({ ok: false });
    expect(renameDevice(doc, 'r1', 'abcdefghijklm')).toEqual({ ok: false, problem: 'device id "abcdefghijklm" is 13 characters long; the limit is 12' });
    expect(renameDevice(doc, 'r1', 'pc')).toEqual({ ok: false, problem: 'there is already a device "pc": device ids are unique' });
    expect(renameDevice(doc, 'nope', 'x')).toEqual({ ok: false, problem: 'there is no device "nope"' });
    expect(doc).toEqual(lab());
  });

  it('the same name is no change', () => {
    const doc = lab();
    expect(renameDevice(doc, 'r1', 'r1')).toEqual({ ok: true, doc, changes: [], notes: [] });
  });

  it('a namespace label (box/ns1) follows its device; another device with the same prefix does not', () => {
    expect(renameLabel('r1', 'r1', 'edge')).toBe('edge');
    expect(renameLabel('r1/ns1', 'r1', 'edge')).toBe('edge/ns1');
    expect(renameLabel('r10/ns1', 'r1', 'edge')).toBe('r10/ns1');
    expect(renameLabel('pc', 'r1', 'edge')).toBe('pc');
  });
});

describe('renaming a port (the device config, its flows and its link end follow)', () => {
  it('renames the port where it stands (its default MAC is by port index), its link end, config lines and flow commands', () => {
    const r = renamePort(lab(), 'r1', 'eth1', 'lan0');
    if (!r.ok) throw new Error(r.problem);
    expect(r.doc.devices.r1!.ports).toEqual({ eth0: null, lan0: '02:00:00:00:09:09', eth10: null });
    expect(Object.keys(r.doc.devices.r1!.ports)).toEqual(['eth0', 'lan0', 'eth10']);
    expect(r.doc.links[1]).toEqual(['sw:p2', 'r1:lan0']);
    expect(r.doc.devices.r1!.config).toEqual([
      'sysctl -w net.ipv4.ip_forward=1',
      'ip addr add 10.0.0.1/24 dev lan0',
      'iptables -t nat -A POSTROUTING -o lan0 -j MASQUERADE',
      'ip route add 10.9.0.0/16 dev eth10',
    ]);
    expect(r.doc.flows[1]!.run).toBe('ping -c 1 -I lan0 10.0.0.2');
    expect(r.changes.map((c) => `${c.section} / ${c.where}: ${c.before} → ${c.after}`)).toEqual([
      'Ports of r1 / port: eth1 → lan0',
      'Config of r1 / line 2: ip addr add 10.0.0.1/24 dev eth1 → ip addr add 10.0.0.1/24 dev lan0',
      'Config of r1 / line 3: iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE → iptables -t nat -A POSTROUTING -o lan0 -j MASQUERADE',
      'Links / link 2: sw:p2 — r1:eth1 → sw:p2 — r1:lan0',
      'Flows / flow 2: ping -c 1 -I eth1 10.0.0.2 → ping -c 1 -I lan0 10.0.0.2',
    ]);
    expect(r.notes).toEqual([]);
  });

  it("leaves other devices' ports of the same name alone", () => {
    const doc = lab();
    doc.devices.pc!.config = ['ip addr add 10.0.0.2/24 dev eth1'];
    const r = renamePort(doc, 'r1', 'eth0', 'wan');
    expect(r.ok && r.doc.devices.pc).toBe(doc.devices.pc);
    expect(r.ok && r.doc.links[0]).toEqual(['pc:eth0', 'sw:p1']);
  });

  it('a port name that is a prefix of another (eth1, eth10) renames only the one', () => {
    const r = renamePort(lab(), 'r1', 'eth1', 'lan0');
    expect(r.ok && r.doc.devices.r1!.config![3]).toBe('ip route add 10.9.0.0/16 dev eth10');
    const r10 = renamePort(lab(), 'r1', 'eth10', 'dmz');
    expect(r10.ok && r10.doc.devices.r1!.config!.slice(1)).toEqual(['ip addr add 10.0.0.1/24 dev eth1', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE', 'ip route add 10.9.0.0/16 dev dmz']);
  });

  it("refuses a name Linux or the format refuses, and a port the device already has", () => {
    expect(renamePort(lab(), 'r1', 'eth1', 'eth0')).toEqual({ ok: false, problem: 'r1 already has a port "eth0"' });
    expect(renamePort(lab(), 'r1', 'eth1', 'lo')).toEqual({ ok: false, problem: 'every device already has "lo", its loopback; pick another name' });
    expect(renamePort(lab(), 'r1', 'eth1', 'a_very_long_name')).toEqual({ ok: false, problem: 'port name "a_very_long_name" is 16 characters long; Linux allows 15' });
    expect(renamePort(lab(), 'r1', 'eth1', 'lan-0')).toMatchObject({ ok: false });
    expect(renamePort(lab(), 'r1', 'eth7', 'lan0')).toEqual({ ok: false, problem: 'r1 has no port "eth7"' });
  });

  it('notes a name the config already gives another interface (Linux would refuse the second: File exists)', () => {
    const doc = lab();
    doc.devices.r1!.config!.push('ip link add lan0 type dummy');
    const r = renamePort(doc, 'r1', 'eth1', 'lan0');
    expect(r.ok && r.notes.map((n) => n.reason)).toEqual(['lan0 is already named here: r1 would have two interfaces called lan0']);
  });

  it('follows a config made of the built-in scenario and still runs the same', () => {
    const doc = JSON.parse(BUILTIN_SCENARIOS['multi-wan']!) as ScenarioDoc;
    const renamed = renamePort(doc, 'gw', 'eth2', 'lan');
    if (!renamed.ok) throw new Error(renamed.problem);
    const moved = renameDevice(renamed.doc, 'gw', 'edge');
    if (!moved.ok) throw new Error(moved.problem);
    expect(JSON.stringify(moved.doc.devices.edge)).not.toMatch(/\beth2\b/);
    for (let flow = 0; flow < doc.flows.length; flow++) {
      const before = runScenario({ doc: JSON.stringify(doc), flow });
      const after = runScenario({ doc: JSON.stringify(moved.doc), flow });
      if (!before.ok || !after.ok) throw new Error('the scenario does not load');
      expect(after.configIssues).toEqual([]);
      expect([after.exit, after.stdout]).toEqual([before.exit, before.stdout]);
    }
  });
});

describe('a config line names the port (whole names only)', () => {
  const rn = (line: string) => renameInLine(line, 'eth1', 'lan0');

  it.each([
    ['ip addr add 10.0.0.1/24 dev eth1', 'ip addr add 10.0.0.1/24 dev lan0'],
    ['ip route add default via 10.0.0.254 dev eth1 src 10.0.0.1', 'ip route add default via 10.0.0.254 dev lan0 src 10.0.0.1'],
    ['iptables -A FORWARD -i eth1 -o eth0 -j ACCEPT', 'iptables -A FORWARD -i lan0 -o eth0 -j ACCEPT'],
    ['iptables -A FORWARD -i eth0 -o eth1 -j ACCEPT', 'iptables -A FORWARD -i eth0 -o lan0 -j ACCEPT'],
    ['iptables -A FORWARD ! -i eth1 -j DROP', 'iptables -A FORWARD ! -i lan0 -j DROP'],
    ['iptables -A INPUT --in-interface=eth1 -j DROP', 'iptables -A INPUT --in-interface=lan0 -j DROP'],
    ['ip link set eth1 up', 'ip link set lan0 up'],
    ['ip link set dev eth1 address 02:00:00:00:00:01', 'ip link set dev lan0 address 02:00:00:00:00:01'],
    ['ip link set eth1 name wan', 'ip link set lan0 name wan'],
    ['ip rule add iif eth1 table 100', 'ip rule add iif lan0 table 100'],
    ['ip route get 8.8.8.8 oif eth1', 'ip route get 8.8.8.8 oif lan0'],
    ['sysctl -w net.ipv4.conf.eth1.rp_filter=1', 'sysctl -w net.ipv4.conf.lan0.rp_filter=1'],
    ['sysctl -w net/ipv4/conf/eth1/rp_filter=2', 'sysctl -w net/ipv4/conf/lan0/rp_filter=2'],
    ['sysctl -w net.ipv4.neigh.eth1.gc_stale_time=10', 'sysctl -w net.ipv4.neigh.lan0.gc_stale_time=10'],
    ['echo 1 > /proc/sys/net/ipv4/conf/eth1/proxy_arp', 'echo 1 > /proc/sys/net/ipv4/conf/lan0/proxy_arp'],
    ['echo 1 >/proc/sys/net/ipv4/conf/eth1/proxy_arp', 'echo 1 >/proc/sys/net/ipv4/conf/lan0/proxy_arp'],
    ['cat /sys/class/net/eth1/address', 'cat /sys/class/net/lan0/address'],
    ['nft add rule inet filter forward iifname "eth1" accept', 'nft add rule inet filter forward iifname "lan0" accept'],
    ['nft add rule inet filter forward oifname eth1 accept', 'nft add rule inet filter forward oifname lan0 accept'],
    [`nft 'add rule inet filter input iifname "eth1" tcp dport 22 accept'`, `nft 'add rule inet filter input iifname "lan0" tcp dport 22 accept'`],
    [`nft add rule inet filter input iifname '{ "eth0", "eth1" }' accept`, `nft add rule inet filter input iifname '{ "eth0", "lan0" }' accept`],
    ['nft add rule inet filter input iifname { eth1, eth10 } accept', 'nft add rule inet filter input iifname { lan0, eth10 } accept'],
    ['-A FORWARD -i eth1 -j ACCEPT', '-A FORWARD -i lan0 -j ACCEPT'],
    ['    iifname "eth1" counter accept', '    iifname "lan0" counter accept'],
    ['ip netns exec ns1 ip addr add 10.1.0.1/24 dev eth1', 'ip netns exec ns1 ip addr add 10.1.0.1/24 dev lan0'],
    ['ip link set eth1 netns ns1', 'ip link set lan0 netns ns1'],
    ['ip addr add 10.0.0.9/24 dev eth1 label eth1:0', 'ip addr add 10.0.0.9/24 dev lan0 label lan0:0'],
    ['ip link add link eth1 name eth1.100 type vlan id 100', 'ip link add link lan0 name eth1.100 type vlan id 100'],
    ['tcpdump -ni eth1', 'tcpdump -ni lan0'],
    ['# eth1 faces the ISP', '# lan0 faces the ISP'],
    ['ip addr add 10.0.0.1/24 dev eth1 && ip link set eth1 up', 'ip addr add 10.0.0.1/24 dev lan0 && ip link set lan0 up'],
  ])('%s', (line, expected) => {
    expect(rn(line).line).toBe(expected);
  });

  it('never inside a longer name: eth10, veth1, eth1_b, xeth1', () => {
    for (const line of ['ip link set eth10 up', 'ip link set veth1 up', 'ip link set eth1_b up', 'ip link add xeth1 type dummy']) expect(rn(line)).toEqual({ line, left: [] });
  });

  it('leaves a name that holds it as part of another (a VLAN eth1.100, a wildcard eth1+, a variable) and says so', () => {
    expect(rn('ip addr add 10.1.0.1/24 dev eth1.100')).toEqual({ line: 'ip addr add 10.1.0.1/24 dev eth1.100', left: ['eth1.100'] });
    expect(rn('iptables -A FORWARD -i eth1+ -j ACCEPT')).toEqual({ line: 'iptables -A FORWARD -i eth1+ -j ACCEPT', left: ['eth1+'] });
    expect(rn('ip link add br-eth1 type bridge')).toEqual({ line: 'ip link add br-eth1 type bridge', left: ['br-eth1'] });
    expect(rn('ip link set $eth1 up')).toEqual({ line: 'ip link set $eth1 up', left: ['$eth1'] });
    expect(rn('eth1=wan')).toEqual({ line: 'eth1=wan', left: ['eth1=wan'] });
    expect(rn('cat /etc/eth1')).toEqual({ line: 'cat /etc/eth1', left: ['/etc/eth1'] });
  });

  it('renames a port named with digits and underscores, and to a longer name', () => {
    expect(renameInLine('ip addr add 10.0.0.1/24 dev up_link2', 'up_link2', 'uplink_wan_0').line).toBe('ip addr add 10.0.0.1/24 dev uplink_wan_0');
    expect(renameInLine('ip addr add 10.0.0.1/24 dev p1 # p1 p10', 'p1', 'lan').line).toBe('ip addr add 10.0.0.1/24 dev lan # lan p10');
  });
});

describe('telling a rename from other edits (so the selection follows it, and its undo)', () => {
  it('finds the device renamed, both ways', () => {
    const doc = lab();
    const r = renameDevice(doc, 'r1', 'edge');
    if (!r.ok) throw new Error(r.problem);
    expect(renamedDevice(doc, r.doc)).toEqual({ from: 'r1', to: 'edge' });
    expect(renamedDevice(r.doc, doc)).toEqual({ from: 'edge', to: 'r1' });
  });

  it('a port rename, a deleted device or an added one is no device rename', () => {
    const doc = lab();
    const port = renamePort(doc, 'r1', 'eth1', 'lan0');
    expect(port.ok && renamedDevice(doc, port.doc)).toBeUndefined();
    const { r1: _gone, ...rest } = doc.devices;
    expect(renamedDevice(doc, { ...doc, devices: rest })).toBeUndefined();
    expect(renamedDevice(doc, { ...doc, devices: { ...doc.devices, r2: { kind: 'router', ports: {} } } })).toBeUndefined();
    // Same place, another device: a replacement, not a rename.
    expect(renamedDevice(doc, { ...doc, devices: { pc: doc.devices.pc!, x: { ...doc.devices.r1! }, sw: doc.devices.sw! } })).toBeUndefined();
  });
});

describe('what the preview says is left', () => {
  it('a VLAN on the port is listed with its line, once per line', () => {
    const doc = lab();
    doc.devices.r1!.config!.push('ip link add link eth1 name eth1.100 type vlan id 100', 'ip addr add 10.1.0.1/24 dev eth1.100 && ip link set eth1.100 up');
    const r = renamePort(doc, 'r1', 'eth1', 'lan0');
    expect(r.ok && r.notes).toEqual([
      { section: 'Config of r1', where: 'line 5', line: 'ip link add link eth1 name eth1.100 type vlan id 100', word: 'eth1.100', reason: 'eth1.100 holds eth1 inside another name (a VLAN, a wildcard, a path, a variable): left as it is' },
      { section: 'Config of r1', where: 'line 6', line: 'ip addr add 10.1.0.1/24 dev eth1.100 && ip link set eth1.100 up', word: 'eth1.100', reason: 'eth1.100 holds eth1 inside another name (a VLAN, a wildcard, a path, a variable): left as it is' },
    ]);
    expect(r.ok && r.doc.devices.r1!.config!.slice(4)).toEqual(['ip link add link lan0 name eth1.100 type vlan id 100', 'ip addr add 10.1.0.1/24 dev eth1.100 && ip link set eth1.100 up']);
  });
});

describe('the lesson follows a rename (its steps, questions and answers name devices and ports)', () => {
  function taught(): ScenarioDoc {
    return {
      ...lab(),
      lesson: {
        steps: [
          { flow: 0, text: 'pc asks', event: { device: 'pc', port: 'eth0', kind: 'arp-request', reason: { code: 'arp_request' } } },
          { flow: 0, text: 'r1 forwards', event: { device: 'r1', port: 'eth1', kind: 'forward', reason: { code: 'forwarded', from: 'eth1', to: 'eth10' } } },
          { flow: 1, text: 'inside', event: { device: 'r1/ns1', port: 'eth1', kind: 'route', reason: { code: 'output_route' } } },
          { flow: 1, text: 'r10', event: { device: 'r10', kind: 'route' } },
        ],
        questions: [
          { kind: 'exit', text: 'q', on: 'r1', run: 'ping -c 1 -I eth1 10.0.0.2', answer: { edits: [{ device: 'r1', lines: ['ip route add 10.8.0.0/16 dev eth1'], before: 'ip addr add 10.0.0.1/24 dev eth1' }] } },
          { kind: 'drop', text: 'who?', flow: 0, device: 'r1' },
        ],
      },
    };
  }

  it('a device rename: step events (its namespaces too), the exit question’s device, the drop question’s answer, answer lines’ device', () => {
    const r = renameDevice(taught(), 'r1', 'edge');
    if (!r.ok) throw new Error(r.problem);
    const lesson = r.doc.lesson!;
    expect(lesson.steps!.map((s) => s.event.device)).toEqual(['pc', 'edge', 'edge/ns1', 'r10']);
    expect(lesson.questions![0]).toMatchObject({ on: 'edge', answer: { edits: [{ device: 'edge' }] } });
    expect(lesson.questions![1]).toMatchObject({ device: 'edge' });
    expect(r.changes.filter((c) => c.section === 'Lesson').map((c) => c.where)).toEqual(['step 2', 'step 3', 'question 1', 'question 1, answer', 'question 2']);
  });

  it('a port rename: events on that device by port and by the facts that name it, its commands and answer lines; a namespace’s eth1 is another interface', () => {
    const r = renamePort(taught(), 'r1', 'eth1', 'lan0');
    if (!r.ok) throw new Error(r.problem);
    const lesson = r.doc.lesson!;
    expect(lesson.steps![1]!.event).toEqual({ device: 'r1', port: 'lan0', kind: 'forward', reason: { code: 'forwarded', from: 'lan0', to: 'eth10' } });
    expect(lesson.steps![0]!.event.port).toBe('eth0');
    expect(lesson.steps![2]!.event.port).toBe('eth1');
    expect(lesson.questions![0]).toMatchObject({ run: 'ping -c 1 -I lan0 10.0.0.2', answer: { edits: [{ lines: ['ip route add 10.8.0.0/16 dev lan0'], before: 'ip addr add 10.0.0.1/24 dev lan0' }] } });
  });

  it('another device’s port of the same name leaves the lesson alone', () => {
    const doc = taught();
    const r = renamePort(doc, 'pc', 'eth0', 'lan0');
    if (!r.ok) throw new Error(r.problem);
    expect(r.doc.lesson!.steps![1]).toBe(doc.lesson!.steps![1]);
    expect(r.doc.lesson!.steps![0]!.event.port).toBe('lan0');
    expect(r.doc.lesson!.questions).toBe(doc.lesson!.questions);
  });
});
