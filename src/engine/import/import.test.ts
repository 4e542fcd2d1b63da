import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anyString, mutated, params, TEST_TIMEOUT } from '../../fuzz-support';
import { parseScenario } from '../scenario';
import type { ScenarioDoc } from '../scenario/types';
import { runCommand } from '../sim/run';
import { promptCommand } from './detect';
import { importPasted, type ImportResult } from './index';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** The outputs of a capture: command (from its prompt line) -> what it printed. */
function outputs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let command: string | undefined;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const c = promptCommand(line);
    if (c !== undefined) {
      command = c;
      out.set(c, '');
    } else if (command !== undefined) out.set(command, out.get(command)! + line + '\n');
  }
  return out;
}

function labOf(result: ImportResult, extra: ScenarioDoc['devices'] = {}, links: [string, string][] = []) {
  const doc: ScenarioDoc = { hairpin: 2, title: 'imported', devices: { srv: { kind: 'host', ports: result.ports as ScenarioDoc['devices'][string]['ports'], config: result.config }, ...extra }, links, flows: [] };
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

/**
 * Hairpin runs with IPv6 off and numbers its own interfaces: the real output less its inet6
 * lines (and their lifetimes), with ifindexes, veth peer indexes and the peer's namespace name
 * taken out, is what the simulator must print.
 */
function comparable(ipAddr: string): string {
  const lines = ipAddr.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^\s+inet6 /.test(lines[i]!)) {
      i++;
      continue;
    }
    out.push(lines[i]!.replace(/^\d+: /, 'N: ').replace(/@if\d+/, '').replace(/ link-netns \S+/, ''));
  }
  return out.join('\n');
}

describe('cloud server: a /32 address whose gateway is reached on-link (proto dhcp)', () => {
  const real = outputs(fixture('cloud-server.txt'));

  it('imports `ip addr` + `ip route` into the lines that made the machine, kernel-made routes left to the kernel', () => {
    const r = importPasted([{ name: '', text: `root@srv:~# ip addr\n${real.get('ip addr')}root@srv:~# ip route show table all\n${real.get('ip route show table all')}` }]);
    expect(r.problems).toEqual([]);
    expect(r.ports).toEqual({ eth0: '96:00:03:a1:b2:c3' });
    expect(r.config).toEqual([
      'ip addr add 91.99.148.215/32 dev eth0',
      'ip route add 172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100',
      'ip route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100',
    ]);
    const reason = r.notImported.map((n) => n.reason);
    expect(reason).toContain('local table: made by the kernel with the address');
    expect(reason).toContain('ipv6: off in Hairpin');
    expect(reason).toContain('lo: every device has it; it is never a port');
  });

  it('imports the whole capture (text and -j forms) with nothing broken, each fact once', () => {
    const r = importPasted([{ name: 'cloud-server.txt', text: fixture('cloud-server.txt') }]);
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual([
      'ip addr add 91.99.148.215/32 dev eth0',
      'ip route add 172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100',
      'ip route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100',
      'ip neigh replace 172.31.1.1 lladdr d2:74:7f:6e:37:e3 dev eth0 nud reachable',
    ]);
    // `ip route get` is an answer, not configuration: reported, not imported.
    expect(r.notImported.find((n) => n.text === 'ip route get 8.8.8.8')?.reason).toMatch(/an answer, not configuration/);
    // The -j forms say the same again: each repeat is reported against the line that imported it.
    expect(r.notImported.filter((n) => /^already imported/.test(n.reason)).length).toBeGreaterThan(0);
  });

  it('the -j forms alone, and `ip -br a` with `ip route`, import the same lines as the text forms', () => {
    const only = (...commands: string[]) => importPasted([{ name: '', text: commands.map((c) => `root@srv:~# ${c}\n${real.get(c)}`).join('') }]);
    const text = only('ip addr', 'ip route', 'ip neigh');
    const json = only('ip -j addr', 'ip -j route show table all', 'ip -j rule', 'ip -j neigh', 'ip -j link');
    expect(json.problems).toEqual([]);
    expect(json.config).toEqual(text.config);
    expect(json.ports).toEqual(text.ports);
    const brief = only('ip -br a', 'ip route');
    expect(brief.config).toEqual(text.config.slice(0, 3));
    // -br shows no MAC: the port is named, its MAC left to the default.
    expect(brief.ports).toEqual({ eth0: null });
  });

  it("the issue's two lines, pasted verbatim: the address their src names is added, and `ip route get 8.8.8.8` answers as on the server", () => {
    const r = importPasted([{ name: '', text: real.get('ip route')! }]);
    expect(r.config).toEqual([
      'ip addr add 91.99.148.215/32 dev eth0',
      'ip route add 172.31.1.1 dev eth0 proto dhcp scope link src 91.99.148.215 metric 100',
      'ip route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100',
    ]);
    expect(r.notImported.map((n) => n.reason)).toContain('91.99.148.215/32 on eth0: inferred from this route; paste `ip addr` to import the address as it is');
    const res = runCommand(labOf(r), 'srv', 'ip route get 8.8.8.8', { traceLimit: 0, capture: false });
    expect(res.stdout).toBe(real.get('ip route get 8.8.8.8'));
  });

  it('`ip route show table all` alone: the kernel subnet route gives the prefix; `table 100` under its prompt goes on its lines', () => {
    const text = '# ip route show table all\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.9\nlocal 10.0.0.9 dev eth0 table local proto kernel scope host src 10.0.0.9\n# ip route show table 100\ndefault via 10.0.0.1 dev eth0\n';
    expect(importPasted([{ name: '', text }]).config).toEqual(['ip addr add 10.0.0.9/24 dev eth0', 'ip route add default via 10.0.0.1 dev eth0 table 100']);
  });

  it('a subnet route the kernel made gives the address with its prefix when `ip addr` is not pasted', () => {
    const r = importPasted([{ name: '', text: 'default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.9 metric 100\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.9\n' }]);
    expect(r.config).toEqual(['ip addr add 10.0.0.9/24 dev eth0', 'ip route add default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.9 metric 100']);
    // Linked, so eth0 has carrier as on the real machine (an unlinked port's routes show linkdown).
    const peer = { kind: 'host' as const, ports: { eth0: '02:00:00:00:aa:01' }, config: [] };
    const res = runCommand(labOf(r, { peer }, [['srv:eth0', 'peer:eth0']]), 'srv', 'ip route', { traceLimit: 0, capture: false });
    expect(res.configIssues).toEqual([]);
    expect(res.stdout).toBe('default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.9 metric 100 \n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.9 \n');
  });

  it('the imported device prints what the real one printed: ip route get 8.8.8.8, ip route, ip rule, ip addr', () => {
    const r = importPasted([{ name: '', text: fixture('cloud-server.txt') }]);
    // The gateway as in the capture: 172.31.1.1/32 on the far end of eth0, with its route back.
    const gw = { kind: 'host' as const, ports: { eth0: 'd2:74:7f:6e:37:e3' }, config: ['ip addr add 172.31.1.1/32 dev eth0', 'ip route add 91.99.148.215 dev eth0'] };
    const lab = labOf(r, { gw }, [['srv:eth0', 'gw:eth0']]);
    const run = (c: string) => {
      const res = runCommand(lab, 'srv', c, { traceLimit: 0, capture: false });
      expect(res.configIssues).toEqual([]);
      return res.stdout;
    };
    expect(run('ip route get 8.8.8.8')).toBe(real.get('ip route get 8.8.8.8'));
    expect(run('ip route')).toBe(real.get('ip route'));
    expect(run('ip rule')).toBe(real.get('ip rule'));
    expect(comparable(run('ip addr'))).toBe(comparable(real.get('ip addr')!));
    expect(comparable(run('ip link'))).toBe(comparable(real.get('ip link')!));
    expect(run('ip neigh')).toBe(real.get('ip neigh'));
    expect(run('ip -br a').replace(/@if\d+ /, '      ').replace(/ \S+:\S+\/\d+/g, '')).toBe(real.get('ip -br a')!.replace(/@if\d+ /, '      ').replace(/ \S+:\S+\/\d+/g, ''));
  });
});

describe('home router: two ports, policy routing, a table, a blackhole, sysctls, iptables', () => {
  const text = fixture('home-router.txt');

  it('keeps static/blackhole/table routes and non-default rules; drops the three default rules and kernel routes', () => {
    const r = importPasted([{ name: '', text }]);
    expect(r.problems).toEqual([]);
    expect(r.ports).toEqual({ lan0: '02:00:00:00:01:01', wan0: '02:00:00:00:02:02' });
    expect(r.config).toEqual([
      'ip addr add 192.168.1.1/24 dev lan0',
      'ip addr add 203.0.113.7/24 brd 203.0.113.255 dev wan0',
      'ip rule add pref 1000 from 192.168.1.128/25 lookup 100',
      'ip rule add pref 1001 fwmark 0x1 lookup 100',
      // Routes without a gateway first: a gateway must be reachable when its route is added.
      'ip route add blackhole 10.99.0.0/16',
      'ip route add 198.51.100.0/24 via 203.0.113.1 dev wan0 table 100',
      'ip route add default via 203.0.113.1 dev wan0 proto static metric 50',
      'ip route add 10.8.0.0/16 via 192.168.1.50 dev lan0',
      'ip neigh replace 203.0.113.1 lladdr 02:00:00:00:09:09 dev wan0 nud permanent',
      'ip neigh replace 192.168.1.50 lladdr b2:21:84:4a:a3:8f dev lan0 nud reachable',
    ]);
    const rules = r.notImported.filter((n) => /one of the three rules the kernel starts with/.test(n.reason));
    expect(rules.map((n) => n.line)).toEqual([40, 43, 44]);
  });

  it('the imported router prints the real `ip rule` and `ip route show table all` (IPv4 lines)', () => {
    const real = outputs(text);
    const r = importPasted([{ name: '', text }]);
    const peer = { kind: 'host' as const, ports: { a: '02:00:00:00:aa:01', b: '02:00:00:00:aa:02' }, config: [] };
    const lab = labOf(r, { peer }, [['srv:lan0', 'peer:a'], ['srv:wan0', 'peer:b']]);
    const run = (c: string) => runCommand(lab, 'srv', c, { traceLimit: 0, capture: false });
    expect(run('ip rule').stdout).toBe(real.get('ip rule'));
    const v4 = (s: string) => s.split('\n').filter((l) => !/:/.test(l.split(' ')[0]!) && !/^(local|multicast) ([0-9a-f]*:|::)/.test(l) && !/^(fe80|ff00)/.test(l)).join('\n');
    expect(v4(run('ip route show table all').stdout)).toBe(v4(real.get('ip route show table all')!));
  });

  it('the whole router (addresses, routes, rules, sysctl -a, iptables-save) answers `ip route get` as the real one did', () => {
    const r = importPasted(['home-router.txt', 'home-router.sysctl-a.txt', 'home-router.iptables-save.txt'].map((f) => ({ name: f, text: fixture(f) })));
    expect(r.problems).toEqual([]);
    const lab = labOf(r, { peer: { kind: 'host', ports: { a: '02:00:00:00:aa:01', b: '02:00:00:00:aa:02' }, config: [] } }, [['srv:lan0', 'peer:a'], ['srv:wan0', 'peer:b']]);
    for (const [command, printed] of outputs(fixture('home-router.route-get.txt'))) {
      const res = runCommand(lab, 'srv', command, { traceLimit: 0, capture: false });
      expect(res.configIssues).toEqual([]);
      expect(res.stdout + res.stderr, command).toBe(printed);
    }
  });

  it('multipath and onlink routes (text or -j) come back as the kernel printed them', () => {
    const real = outputs(fixture('home-router.multipath.txt'));
    const addrs = `# ip a\n${outputs(fixture('home-router.txt')).get('ip a')}`;
    const text = importPasted([{ name: '', text: `${addrs}# ip route\n${real.get('ip route')}` }]);
    const json = importPasted([{ name: '', text: `${addrs}# ip -j route\n${real.get('ip -j route')}` }]);
    expect(text.problems).toEqual([]);
    expect(json.config).toEqual(text.config);
    expect(text.config).toContain('ip route add 10.50.0.0/16 proto static nexthop via 192.168.1.50 dev lan0 weight 1 nexthop via 203.0.113.1 dev wan0 weight 2');
    const lab = labOf(text, { peer: { kind: 'host', ports: { a: '02:00:00:00:aa:01', b: '02:00:00:00:aa:02' }, config: [] } }, [['srv:lan0', 'peer:a'], ['srv:wan0', 'peer:b']]);
    const res = runCommand(lab, 'srv', 'ip route', { traceLimit: 0, capture: false });
    expect(res.configIssues).toEqual([]);
    expect(res.stdout).toBe(real.get('ip route'));
  });

  it('sysctl -a: only the modelled net.ipv4 keys that differ from the default, ip_forward before per-port keys; the rest counted', () => {
    const r = importPasted([{ name: '', text: fixture('home-router.txt') + fixture('home-router.sysctl-a.txt') }]);
    const sysctls = r.config.filter((l) => l.startsWith('sysctl'));
    expect(sysctls[0]).toBe('sysctl -w net.ipv4.ip_forward=1');
    expect(sysctls).toContain('sysctl -w net.ipv4.conf.all.rp_filter=2');
    expect(sysctls).toContain('sysctl -w net.ipv4.conf.lan0.proxy_arp=1');
    expect(r.notImported.find((n) => /^unmodelled sysctl/.test(n.reason))?.text).toMatch(/^\d+ keys \(/);
    const lab = labOf(r, { peer: { kind: 'host', ports: { a: '02:00:00:00:aa:01', b: '02:00:00:00:aa:02' }, config: [] } }, [['srv:lan0', 'peer:a'], ['srv:wan0', 'peer:b']]);
    const res = runCommand(lab, 'srv', 'sysctl net.ipv4.ip_forward net.ipv4.conf.all.rp_filter net.ipv4.conf.lan0.proxy_arp', { traceLimit: 0, capture: false });
    expect(res.configIssues).toEqual([]);
    expect(res.stdout).toBe('net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2\nnet.ipv4.conf.lan0.proxy_arp = 1\n');
  });

  it('sysctl -a: no line for what the kernel derives (forwarding and all.accept_redirects follow ip_forward, accept_source_route of conf/default); every modelled key reads back as pasted', () => {
    const r = importPasted([{ name: '', text: fixture('home-router.txt') + fixture('home-router.sysctl-a.txt') }]);
    expect(r.config.filter((l) => l.startsWith('sysctl')).sort()).toEqual(['sysctl -w net.ipv4.conf.all.rp_filter=2', 'sysctl -w net.ipv4.conf.lan0.proxy_arp=1', 'sysctl -w net.ipv4.ip_forward=1']);
    const lab = labOf(r, { peer: { kind: 'host', ports: { a: '02:00:00:00:aa:01', b: '02:00:00:00:aa:02' }, config: [] } }, [['srv:lan0', 'peer:a'], ['srv:wan0', 'peer:b']]);
    const values = (text: string) => new Map(text.split('\n').map((l) => /^(\S+) = (.*)$/.exec(l)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
    const real = values(fixture('home-router.sysctl-a.txt'));
    const sim = values(runCommand(lab, 'srv', 'sysctl -a', { traceLimit: 0, capture: false }).stdout);
    const differing = [...sim].filter(([k, v]) => /^net\.ipv4\.(ip_forward|conf\.(all|default|lo|lan0|wan0)\.)/.test(k) && real.has(k) && real.get(k) !== v);
    expect(differing).toEqual([]);
    expect([...sim.keys()].filter((k) => k.startsWith('net.ipv4.conf.lo.')).length).toBeGreaterThan(10);
  });
});

describe('a bridge `ip -d link` shows: made by config, its veth port enslaved', () => {
  const text = fixture('bridge-host.txt');
  const real = outputs(text);
  const expected = [
    'ip link add br0 type bridge',
    'ip link set dev br0 address 02:00:00:00:0b:01',
    'ip link set dev br0 up',
    'ip link set dev veth0 master br0',
    'ip addr add 10.20.0.1/24 dev br0',
    'ip route add 10.30.0.0/16 via 10.20.0.2 dev br0',
  ];

  it('text and -d -j forms give the same lines; br0 is no port', () => {
    for (const part of [['ip -d link', 'ip addr', 'ip route'], ['ip addr', 'ip -d -j link', 'ip route']]) {
      const r = importPasted([{ name: '', text: part.map((c) => `# ${c}\n${real.get(c)}`).join('') }]);
      expect(r.problems).toEqual([]);
      expect(r.ports).toEqual({ veth0: '02:00:00:00:0c:01' });
      expect(r.config).toEqual(expected);
    }
  });

  it('without -d, the bridge membership is reported, not guessed', () => {
    const r = importPasted([{ name: '', text: `# ip addr\n${real.get('ip addr')}` }]);
    expect(r.config).not.toContain('ip link set dev veth0 master br0');
    expect(r.notImported.find((n) => n.text === 'master br0')?.reason).toMatch(/whose type this output does not show \(paste `ip -d link`\)/);
  });

  it('the imported host prints the real `ip route`, and veth0 is in br0', () => {
    const r = importPasted([{ name: '', text }]);
    const peer = { kind: 'host' as const, ports: { eth0: '02:00:00:00:aa:01' }, config: [] };
    const lab = labOf(r, { peer }, [['srv:veth0', 'peer:eth0']]);
    const run = (c: string) => runCommand(lab, 'srv', c, { traceLimit: 0, capture: false });
    expect(run('ip route').configIssues).toEqual([]);
    expect(run('ip route').stdout).toBe(real.get('ip route'));
    expect(run('ip -br link show master br0').stdout).toMatch(/^veth0(@\S+)?\s+UP\s+02:00:00:00:0c:01 /);
  });
});

describe('firewalls import whole: every rule accepted by the engine', () => {
  const boots = (r: ImportResult) => {
    const lab = labOf({ ...r, ports: { ...r.ports, eth0: null } });
    return runCommand(lab, 'srv', 'iptables-save', { traceLimit: 0, capture: false });
  };

  // The real-* ones are what iptables-save 1.8.9 printed in namespaces holding the suite's real
  // configs (fixtures/scenarios/real-*.json built by `hairpin lab`): OpenWrt's fw3 router,
  // a Docker 28 host, ufw with fail2ban, a kube-proxy node (see capture.sh).
  for (const file of ['home-router.iptables-save.txt', 'docker-host.iptables-save.txt', 'openwrt-fw3.iptables-save.txt', 'docker-28.iptables-save.txt', 'ufw.iptables-save.txt', 'kube-proxy-node.iptables-save.txt']) {
    it(`${file}: iptables-restore takes it, and iptables-save prints the same rules`, () => {
      const r = importPasted([{ name: file, text: fixture(file) }]);
      expect(r.problems).toEqual([]);
      expect(r.notImported).toEqual([]);
      expect(r.config.find((l) => l.startsWith('iptables-restore'))).toBe("iptables-restore <<'EOF'");
      const res = boots(r);
      expect(res.configIssues).toEqual([]);
      const rules = (s: string) => s.split('\n').filter((l) => /^(-A|\*|:)/.test(l)).sort();
      expect(rules(res.stdout)).toEqual(rules(fixture(file)));
    });
  }

  it('kube-proxy\'s rules name nfacct objects: each is made before the rules (iptables-restore refuses a rule whose object does not exist)', () => {
    const r = importPasted([{ name: '', text: fixture('kube-proxy-node.iptables-save.txt') }]);
    expect(r.config.slice(0, 3)).toEqual(["nfacct add ct_state_invalid_dropped_pkts", "nfacct add localhost_nps_accepted_pkts", "iptables-restore <<'EOF'"]);
  });

  it('`nfacct list` and `ipset save` come back before the rules that name them; a set nothing pasted defines is reported with its rule', () => {
    const text = [
      '# nfacct list',
      '{ pkts = 00000000000000000012, bytes = 00000000000000001234 } = http in;',
      '# ipset save',
      'create blocked hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x33f9c53b',
      'add blocked 198.51.100.0/24',
      '# iptables -S',
      '-P INPUT ACCEPT',
      '-A INPUT -m set --match-set blocked src -j DROP',
      '-A INPUT -m set --match-set other dst -j DROP',
      '-A INPUT -p tcp -m tcp --dport 80 -m nfacct --nfacct-name "http in" -j ACCEPT',
    ].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual([
      "nfacct add 'http in'",
      "ipset restore <<'EOF'",
      'create blocked hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x33f9c53b',
      'add blocked 198.51.100.0/24',
      'EOF',
      'iptables -P INPUT ACCEPT',
      'iptables -A INPUT -m set --match-set blocked src -j DROP',
      'iptables -A INPUT -m set --match-set other dst -j DROP',
      'iptables -A INPUT -p tcp -m tcp --dport 80 -m nfacct --nfacct-name "http in" -j ACCEPT',
    ]);
    expect(r.notImported).toEqual([{ source: '', line: 9, text: '--match-set other', reason: expect.stringContaining('paste `ipset save` too') }]);
    const lab = labOf(r);
    const saved = runCommand(lab, 'srv', 'ipset save blocked', { traceLimit: 0, capture: false });
    expect(saved.stdout).toBe('create blocked hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x33f9c53b\nadd blocked 198.51.100.0/24\n');
    // The one rule naming the missing set is refused as iptables refuses it; the rest load.
    expect(saved.configIssues.map((i) => i.message)).toEqual([expect.stringContaining("Set other doesn't exist")]);
  });

  it('`ipset list` is for reading: it asks for `ipset save` instead', () => {
    const r = importPasted([{ name: '', text: '# ipset list\nName: blocked\nType: hash:net\n' }]);
    expect(r.config).toEqual([]);
    expect(r.notImported[0]!.reason).toMatch(/paste `ipset save`/);
  });

  it('iptables -S lines become iptables commands', () => {
    const r = importPasted([{ name: '', text: `# iptables -S\n${fixture('home-router.iptables-S.txt')}` }]);
    expect(r.problems).toEqual([]);
    expect(r.config).toContain('iptables -A INPUT -i wan0 -j DROP');
    expect(boots(r).configIssues).toEqual([]);
  });

  it('iptables -t nat -S under its prompt: the table comes from the command line', () => {
    const r = importPasted([{ name: '', text: '# iptables -t nat -S\n-P PREROUTING ACCEPT\n-A POSTROUTING -o wan0 -j MASQUERADE\n' }]);
    expect(r.config).toEqual(['iptables -t nat -P PREROUTING ACCEPT', 'iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE']);
  });

  it('ip6tables-save goes back through ip6tables-restore: kept and printed, though no IPv6 packet reaches it', () => {
    const saved = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -s fe80::/10 -j ACCEPT\nCOMMIT\n';
    const r = importPasted([{ name: '', text: `# ip6tables-save\n${saved}` }]);
    expect(r.config[0]).toBe("ip6tables-restore <<'EOF'");
    const res = runCommand(labOf(r), 'srv', 'ip6tables -S INPUT', { traceLimit: 0, capture: false });
    expect(res.configIssues).toEqual([]);
    expect(res.stdout).toBe('-P INPUT ACCEPT\n-A INPUT -s fe80::/10 -j ACCEPT\n');
  });

  it('nft list ruleset goes back through nft -f', () => {
    const r = importPasted([{ name: '', text: fixture('server.nft.txt') }]);
    expect(r.config[0]).toBe("nft -f - <<'EOF'");
    const lab = labOf(r);
    const res = runCommand(lab, 'srv', 'nft list ruleset', { traceLimit: 0, capture: false });
    expect(res.configIssues).toEqual([]);
    expect(res.stdout).toBe(fixture('server.nft.txt'));
  });
});

describe('files and odd input', () => {
  it('/etc/hosts, /etc/resolv.conf and rt_tables are written back for the tools that read them', () => {
    const text = [
      '$ cat /etc/iproute2/rt_tables',
      '255\tlocal',
      '254\tmain',
      '253\tdefault',
      '0\tunspec',
      '100\tvpn',
      '$ cat /etc/hosts',
      '127.0.0.1\tlocalhost',
      '10.0.0.5\tdb.internal db',
      '::1\tlocalhost ip6-localhost',
      '$ cat /etc/resolv.conf',
      'nameserver 10.0.0.53',
      'search internal',
      '$ ip rule',
      '0:\tfrom all lookup local',
      '500:\tfrom 10.0.0.0/8 lookup vpn',
    ].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual([
      "cat >> /etc/iproute2/rt_tables <<'EOF'",
      '100\tvpn',
      'EOF',
      'ip rule add pref 500 from 10.0.0.0/8 lookup vpn',
      "cat > /etc/hosts <<'EOF'",
      '127.0.0.1\tlocalhost',
      '10.0.0.5\tdb.internal db',
      '::1\tlocalhost ip6-localhost',
      'EOF',
      "cat > /etc/resolv.conf <<'EOF'",
      'nameserver 10.0.0.53',
      'search internal',
      'EOF',
    ]);
    const lab = labOf(r);
    const res = runCommand(lab, 'srv', 'ip rule; cat /etc/hosts', { traceLimit: 0, capture: false });
    expect(res.configIssues).toEqual([]);
    // iproute2 prints the table by the name rt_tables gives it.
    expect(res.stdout).toContain('500:\tfrom 10.0.0.0/8 lookup vpn\n');
    expect(res.stdout).toMatch(/^10\.0\.0\.5\s+db\.internal db$/m);
  });

  it('without prompts each output is told by its shape; unknown device types and unknown lines are reported with their line', () => {
    const text = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '3: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
      '    link/none ',
      'default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.9 metric 100 ',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.9 ',
      '10.100.0.0/16 dev wg0 scope link ',
      'hello world',
    ].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.ports).toEqual({ eth0: '52:54:00:12:34:56' });
    // No `ip addr` here: the kernel's subnet route gives eth0's address.
    expect(r.config).toEqual(['ip addr add 10.0.0.9/24 dev eth0', 'ip route add default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.9 metric 100']);
    const at = (line: number) => r.notImported.filter((n) => n.line === line).map((n) => n.reason);
    expect(at(5)).toEqual(['device type none (wg0) not modelled']);
    expect(at(8)).toEqual(['proto kernel route: the kernel adds it with the address', '10.0.0.9/24 on eth0: inferred from this route; paste `ip addr` to import the address as it is']);
    expect(at(9)).toEqual(['device type none (wg0) not modelled']);
    expect(at(10)).toEqual(['not recognised as output of a command Hairpin imports']);
  });

  it('two ports with one MAC (bond members, say): the second gets a default MAC, said in the report', () => {
    const text = ['$ ip -br link', 'eth0             UP             52:54:00:12:34:56 <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> ', 'eth1             UP             52:54:00:12:34:56 <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> '].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.ports).toEqual({ eth0: '52:54:00:12:34:56', eth1: null });
    expect(r.notImported).toEqual([{ source: '', line: 3, text: 'eth1 52:54:00:12:34:56', reason: 'MAC already on eth0: eth1 gets a default MAC' }]);
    labOf(r);
  });

  it('state the kernel reports is not configuration: linkdown, cache entries, FAILED neighbours', () => {
    const text = ['$ ip route', '10.1.0.0/16 via 10.0.0.1 dev eth0 linkdown ', '$ ip neigh', '10.0.0.7 dev eth0 FAILED ', '10.0.0.1 dev eth0 lladdr 52:54:00:00:00:01 STALE '].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.config).toEqual(['ip route add 10.1.0.0/16 via 10.0.0.1 dev eth0', 'ip neigh replace 10.0.0.1 lladdr 52:54:00:00:00:01 dev eth0 nud stale']);
    expect(r.notImported.map((n) => [n.line, n.reason])).toEqual([
      [2, 'linkdown: state the kernel reports, not configuration'],
      [4, 'FAILED with no link-layer address: nothing to add'],
    ]);
  });

  it('a laptop: altname and lifetimes reported; a noprefixroute address keeps the subnet route its manager added', () => {
    const text = [
      'me@laptop:~$ ip a',
      '3: wlp2s0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
      '    link/ether 3c:6a:a7:11:22:33 brd ff:ff:ff:ff:ff:ff',
      '    altname wlx3c6aa7112233',
      '    inet 192.168.178.23/24 brd 192.168.178.255 scope global dynamic noprefixroute wlp2s0',
      '       valid_lft 863998sec preferred_lft 863998sec',
      'me@laptop:~$ ip r',
      'default via 192.168.178.1 dev wlp2s0 proto dhcp src 192.168.178.23 metric 600 ',
      '192.168.178.0/24 dev wlp2s0 proto kernel scope link src 192.168.178.23 metric 600 ',
      'me@laptop:~$ ',
    ].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.config).toEqual([
      'ip addr add 192.168.178.23/24 brd 192.168.178.255 noprefixroute dev wlp2s0',
      // With noprefixroute the kernel adds no subnet route: this one is the manager's, so it is kept.
      'ip route add 192.168.178.0/24 dev wlp2s0 proto kernel scope link src 192.168.178.23 metric 600',
      'ip route add default via 192.168.178.1 dev wlp2s0 proto dhcp src 192.168.178.23 metric 600',
    ]);
    expect(r.notImported.map((n) => [n.line, n.reason])).toEqual([
      [4, 'altname: alternative names are not modelled'],
      [5, '192.168.178.23: lifetimes are not kept; added as a permanent address'],
    ]);
    // (The engine still adds a prefix route for a noprefixroute address, which Linux does not:
    // its `ip route` would show the subnet twice; left to the engine's owners.)
    expect(runCommand(labOf(r), 'srv', 'true', { traceLimit: 0, capture: false }).configIssues).toEqual([]);
  });

  it('wg-quick: its rules and table import; `ip -br link` shows wg0 with no MAC, so it is no port and its route is reported', () => {
    const text = [
      '# ip rule',
      '32764:\tfrom all lookup main suppress_prefixlength 0',
      '32765:\tnot from all fwmark 0xca6c lookup 51820',
      '# ip route show table 51820',
      'default dev wg0 scope link ',
      '# ip -br link',
      'eth0             UP             52:54:00:ab:cd:ef <BROADCAST,MULTICAST,UP,LOWER_UP> ',
      'wg0              UNKNOWN        <POINTOPOINT,NOARP,UP,LOWER_UP> ',
    ].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.problems).toEqual([]);
    expect(r.ports).toEqual({ eth0: '52:54:00:ab:cd:ef' });
    expect(r.config).toEqual(['ip rule add pref 32764 lookup main suppress_prefixlength 0', 'ip rule add pref 32765 not fwmark 0xca6c lookup 51820']);
    expect(r.notImported.filter((n) => n.line === 5).map((n) => n.reason)).toEqual(['device type none (wg0) not modelled']);
    expect(runCommand(labOf(r), 'srv', 'true', { traceLimit: 0, capture: false }).configIssues).toEqual([]);
  });

  it("resolv.conf of systemd-resolved: its stub 127.0.0.53 is kept and said to answer nothing", () => {
    const r = importPasted([{ name: '', text: 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n' }]);
    expect(r.config).toEqual(["cat > /etc/resolv.conf <<'EOF'", 'nameserver 127.0.0.53', 'options edns0 trust-ad', 'search lan', 'EOF']);
    expect(r.notImported.map((n) => n.line)).toEqual([1]);
    expect(r.notImported[0]!.reason).toMatch(/^systemd-resolved's stub/);
  });

  it('a VLAN `ip addr` shows without -d: neither it nor its address is guessed, both say why', () => {
    const text = [
      '# ip addr',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '5: eth0.10@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.10.0.2/24 brd 10.10.0.255 scope global eth0.10',
      '       valid_lft forever preferred_lft forever',
    ].join('\n');
    const r = importPasted([{ name: '', text }]);
    expect(r.config).toEqual([]);
    const why = 'eth0.10@eth0: a device stacked on eth0 (vlan, macvlan …); its type is not in this output, so it is not recreated';
    expect(r.notImported.map((n) => [n.line, n.reason])).toEqual([
      [4, why],
      [6, why],
    ]);
  });

  it('sysctl -a alone makes no ports: keys of interfaces no other output shows are counted', () => {
    const r = importPasted([{ name: '', text: fixture('home-router.sysctl-a.txt') }]);
    expect(r.ports).toEqual({});
    expect(r.config).toContain('sysctl -w net.ipv4.ip_forward=1');
    expect(r.config.some((l) => /conf\.(lan0|wan0)\./.test(l))).toBe(false);
    expect(r.notImported.find((n) => /^for interfaces no other pasted output shows/.test(n.reason))?.text).toMatch(/^\d+ keys?$/);
    expect(runCommand(labOf(r), 'srv', 'true', { traceLimit: 0, capture: false }).configIssues).toEqual([]);
  });

  it('broken input names its line', () => {
    const r = importPasted([{ name: 'x.txt', text: '$ ip -j route\n[{"dst": "default",' }]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ source: 'x.txt', line: 2 });
    expect(r.problems[0]!.message).toMatch(/^not valid JSON/);
  });
});

describe('pasted text is untrusted', () => {
  const corpus = ['cloud-server.txt', 'home-router.txt', 'home-router.iptables-save.txt', 'home-router.iptables-S.txt', 'server.nft.txt'].map(fixture);

  it('any paste (the captures, mutated) imports without throwing; every report names a line of the text; the scenario it makes validates', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(corpus), anyString(200)), (text) => {
        const r = importPasted([{ name: '', text }]);
        const lines = text.split(/\r\n?|\n/).length;
        for (const item of [...r.notImported, ...r.problems]) expect(item.line >= 1 && item.line <= lines).toBe(true);
        if (!r.problems.length) labOf(r);
      }),
      params(200),
    );
  }, TEST_TIMEOUT);
});
