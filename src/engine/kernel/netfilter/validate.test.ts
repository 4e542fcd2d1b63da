import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { run, scenarioOf } from '../../sim/testing';
import { why } from '../../trace/why';

/*
 * nf_tables checks a target's hooks where a base chain reaches it, not where the rule sits
 * (nft_chain_validate): Docker, kube-proxy, CNI portmap and OpenWrt all put DNAT, SNAT and
 * MASQUERADE in user chains of the nat table. Messages and statuses are iptables-nft 1.8.9's,
 * observed in a network namespace (docs/kernel-facts.md).
 */

/** What Docker's iptables-save shows after `docker run -p 8080:80` (one container, 172.17.0.2). */
const DOCKER_SAVE = [
  "*nat",
  ":PREROUTING ACCEPT [0:0]",
  ":INPUT ACCEPT [0:0]",
  ":OUTPUT ACCEPT [0:0]",
  ":POSTROUTING ACCEPT [0:0]",
  ":DOCKER - [0:0]",
  "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
  "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
  "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
  "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
  "-A DOCKER -i docker0 -j RETURN",
  "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
  "COMMIT",
  "*filter",
  ":INPUT ACCEPT [0:0]",
  ":FORWARD DROP [0:0]",
  ":OUTPUT ACCEPT [0:0]",
  ":DOCKER - [0:0]",
  ":DOCKER-ISOLATION-STAGE-1 - [0:0]",
  ":DOCKER-ISOLATION-STAGE-2 - [0:0]",
  ":DOCKER-USER - [0:0]",
  "-A FORWARD -j DOCKER-USER",
  "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
  "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "-A FORWARD -o docker0 -j DOCKER",
  "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
  "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
  "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
  "-A DOCKER-ISOLATION-STAGE-1 -j RETURN",
  "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
  "-A DOCKER-ISOLATION-STAGE-2 -j RETURN",
  "-A DOCKER-USER -j RETURN",
  "COMMIT",
];

/** kube-proxy (iptables mode) for one ClusterIP service 10.96.0.10:80 with one endpoint. */
const KUBE_SAVE = [
  "*nat",
  ":PREROUTING ACCEPT [0:0]",
  ":INPUT ACCEPT [0:0]",
  ":OUTPUT ACCEPT [0:0]",
  ":POSTROUTING ACCEPT [0:0]",
  ":KUBE-MARK-MASQ - [0:0]",
  ":KUBE-POSTROUTING - [0:0]",
  ":KUBE-SEP-WEB1 - [0:0]",
  ":KUBE-SERVICES - [0:0]",
  ":KUBE-SVC-WEB - [0:0]",
  "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
  "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
  "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
  "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
  "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
  "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
  "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
  "-A KUBE-SEP-WEB1 -s 10.244.1.5/32 -m comment --comment \"default/web\" -j KUBE-MARK-MASQ",
  "-A KUBE-SEP-WEB1 -p tcp -m comment --comment \"default/web\" -m tcp -j DNAT --to-destination 10.244.1.5:8080",
  "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment \"default/web cluster IP\" -m tcp --dport 80 -j KUBE-SVC-WEB",
  "-A KUBE-SVC-WEB ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment \"default/web cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ",
  "-A KUBE-SVC-WEB -m comment --comment \"default/web -> 10.244.1.5:8080\" -j KUBE-SEP-WEB1",
  "COMMIT",
];

/** The rule lines of a save, as the commands Docker itself runs (`iptables -t nat -N DOCKER` …). */
function asCommands(save: readonly string[]): string[] {
  const out: string[] = [];
  let table = '';
  for (const l of save) {
    if (l.startsWith('*')) table = l.slice(1);
    else if (l.startsWith(':') && l.includes(' - ')) out.push(`iptables -t ${table} -N ${l.slice(1, l.indexOf(' '))}`);
    else if (l.startsWith(':') && !l.includes(' ACCEPT ')) out.push(`iptables -t ${table} -P ${l.slice(1, l.indexOf(' '))} ${l.split(' ')[1]}`);
    else if (l.startsWith('-A ')) out.push(`iptables -t ${table} ${l.replace(/"([^"]*)"/g, "'$1'")}`);
  }
  return out;
}

/** client — docker host (eth0, docker0) — container, the host's nat table given by `rules`. */
function dockerHost(rules: string[]) {
  return scenarioOf(
    {
      client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0'] },
      host: { kind: 'router', ports: ['eth0', 'docker0'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 172.17.0.1/16 dev docker0', ...rules] },
      web: { ports: ['eth0'], config: ['ip addr add 172.17.0.2/16 dev eth0', 'ip route add default via 172.17.0.1', 'nc -lk 80 &'] },
    },
    [
      ['client:eth0', 'host:eth0'],
      ['host:docker0', 'web:eth0'],
    ],
  );
}

const restore = (save: readonly string[]) => ['iptables-restore <<EOF', ...save, 'EOF'];

function issues(config: string[]) {
  return runCommand(scenarioOf({ fw: { kind: 'router', ports: ['eth0'], config } }, []), 'fw', 'true').configIssues;
}

describe('NAT targets in user chains (nft_chain_validate: hooks are checked where a base chain reaches the target)', () => {
  for (const [how, lines] of [['as the iptables commands Docker runs', asCommands(DOCKER_SAVE)], ['through iptables-restore', restore(DOCKER_SAVE)]] as const) {
    it(`Docker's DOCKER chain loads ${how}, and a published port is DNATed through it`, () => {
      const r = run(dockerHost([...lines]), 'client', 'nc -z -w 2 10.0.1.1 8080');
      expect(r.exit).toBe(0);
      const nat = r.events.find((e) => e.device === 'host' && e.kind === 'nat');
      expect((nat && why(nat))).toBe('DNAT: destination 10.0.1.1:8080 → 172.17.0.2:80');
      const hook = r.events.find((e) => e.device === 'host' && e.kind === 'hook' && e.facts?.chain === 'DOCKER');
      expect(hook?.facts?.rule).toBe('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
    });
  }

  it('kube-proxy chains (KUBE-SERVICES → KUBE-SVC → KUBE-SEP with DNAT, KUBE-POSTROUTING with MASQUERADE) load both ways', () => {
    expect(issues(asCommands(KUBE_SAVE))).toEqual([]);
    expect(issues(restore(KUBE_SAVE))).toEqual([]);
  });

  it('CNI portmap and OpenWrt zone chains load', () => {
    expect(
      issues([
        'iptables -t nat -N CNI-HOSTPORT-DNAT',
        'iptables -t nat -N CNI-DN-1a2b3c',
        'iptables -t nat -A CNI-DN-1a2b3c -p tcp --dport 8080 -j DNAT --to-destination 10.88.0.5:80',
        'iptables -t nat -A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 8080 -j CNI-DN-1a2b3c',
        'iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
        'iptables -t nat -N zone_lan_postrouting',
        'iptables -t nat -A zone_lan_postrouting -j SNAT --to-source 192.168.1.1',
        'iptables -t nat -A POSTROUTING -o eth0 -j zone_lan_postrouting',
      ]),
    ).toEqual([]);
  });

  it('the jump that would reach a DNAT from POSTROUTING is refused, not the DNAT', () => {
    const got = issues([
      'iptables -t nat -N DOCKER',
      'iptables -t nat -A DOCKER -p tcp --dport 80 -j DNAT --to-destination 1.2.3.4',
      'iptables -t nat -A POSTROUTING -j DOCKER',
      'iptables -t nat -A PREROUTING -j DOCKER',
    ]);
    expect(got).toEqual([{ device: 'fw', line: 3, column: 20, kind: 'refused', message: 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING' }]);
  });

  it('a rule added to a chain already reached from a wrong hook is refused, also two jumps down, and -I / -R say so', () => {
    const got = issues([
      'iptables -t nat -N M',
      'iptables -t nat -A POSTROUTING -j M',
      'iptables -t nat -A M -j DNAT --to-destination 1.1.1.1',
      'iptables -t nat -A M -j MASQUERADE',
      'iptables -t nat -N A',
      'iptables -t nat -N B',
      'iptables -t nat -A A -j B',
      'iptables -t nat -A B -j SNAT --to-source 1.1.1.1',
      'iptables -t nat -I PREROUTING 1 -j A',
      'iptables -t nat -R M 1 -j REDIRECT',
    ]);
    expect(got.map((i) => [i.line, i.message])).toEqual([
      [3, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain M'],
      [9, 'iptables v1.8.9 (nf_tables):  RULE_INSERT failed (Invalid argument): rule in chain PREROUTING'],
      [10, 'iptables v1.8.9 (nf_tables):  RULE_REPLACE failed (Invalid argument): rule in chain M'],
    ]);
  });

  it('a target is refused at once outside its table (xt_target.table) and outside its hooks in a base chain', () => {
    const got = issues([
      'iptables -t mangle -N X',
      'iptables -t mangle -A X -j REJECT',
      'iptables -t mangle -A INPUT -j REJECT',
      'iptables -N Z',
      'iptables -A Z -j DNAT --to-destination 1.1.1.1',
      'iptables -t nat -A INPUT -j MASQUERADE',
      'iptables -t nat -A INPUT -j SNAT --to-source 1.1.1.1',
    ]);
    expect(got.map((i) => [i.line, i.message])).toEqual([
      [2, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain X'],
      [3, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT'],
      [5, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain Z'],
      [6, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT'],
    ]);
  });

  it('a loop of jumps is refused once a base chain reaches it (EMLINK), not before', () => {
    const got = issues(['iptables -t nat -N L1', 'iptables -t nat -A L1 -j L1', 'iptables -t nat -A PREROUTING -j L1', 'iptables -t nat -F L1', 'iptables -t nat -A PREROUTING -j L1', 'iptables -t nat -A L1 -j L1']);
    expect(got.map((i) => [i.line, i.message])).toEqual([
      [3, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain PREROUTING'],
      [6, 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain L1'],
    ]);
  });

  it('iptables-restore refuses the whole input at the line that makes a target reachable from a wrong hook, and keeps the old rules', () => {
    const r = runCommand(
      scenarioOf({ fw: { kind: 'router', ports: ['eth0'], config: [
        'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
        'iptables-restore <<EOF',
        '*nat',
        ':PREROUTING ACCEPT [0:0]',
        ':POSTROUTING ACCEPT [0:0]',
        ':DOCKER - [0:0]',
        '-A POSTROUTING -j DOCKER',
        '-A DOCKER -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
        'COMMIT',
        'EOF',
      ] } }, []),
      'fw',
      'iptables -t nat -S',
    );
    expect(r.configIssues).toEqual([{ device: 'fw', line: 8, column: 4, kind: 'refused', message: 'iptables-restore v1.8.9 (nf_tables): \nline 6: RULE_APPEND failed (Invalid argument): rule in chain DOCKER' }]);
    expect(r.stdout).toBe('-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-A POSTROUTING -o eth0 -j MASQUERADE\n');
  });
});
