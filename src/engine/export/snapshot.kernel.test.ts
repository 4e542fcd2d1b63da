import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import type { ScenarioDoc } from '../scenario/types';
import { runCommand } from '../sim/run';
import { snapshotScript } from './snapshot';
import { whyNoKernelLab } from '../testing/kernel-lab';

/*
 * The done-when test of `hairpin snapshot`: a namespace set up like a real server (a /32 with an
 * on-link default route from DHCP, a second port, a fwmark rule into a named table, a permanent
 * neighbour, forwarding on, an iptables ruleset with DNAT and MASQUERADE, an nft table of its
 * own) runs the script; the scenario it prints loads, and its device prints what the namespace
 * prints for ip addr, ip route show table all, ip rule, iptables-save and nft list ruleset.
 * Root only; the namespaces (hps-*) and /etc/netns/hps-srv go afterwards, failed or not.
 */

const SRV = 'hps-srv';
const PEER = 'hps-peer';
const NETNS_ETC = `/etc/netns/${SRV}`;

const reason = whyNoKernelLab(['ip', 'iptables-restore', 'iptables-save'], 'hps-probe');
if (reason) console.log(`snapshot kernel test skipped: ${reason}`);

const sh = (script: string, input?: string) => execFileSync('sh', ['-ec', script], { input, encoding: 'utf8' });

const RULESET = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A FORWARD -i eth1 -o eth0 -j ACCEPT
-A FORWARD -d 10.0.0.5/32 -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.5:80
-A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE
COMMIT
`;

/** A table of nft's own, beside the ones iptables-nft keeps (which come back through iptables-save). */
const NFT_RULESET = `table inet hps_mine {
\tchain input {
\t\ttype filter hook input priority filter + 10; policy accept;
\t\tiifname "eth0" tcp dport 443 counter packets 0 bytes 0 accept
\t}
}
`;
const HAS_NFT = spawnSync('sh', ['-c', 'command -v nft']).status === 0;

function cleanUp(): void {
  spawnSync('ip', ['netns', 'del', SRV]);
  spawnSync('ip', ['netns', 'del', PEER]);
  rmSync(NETNS_ETC, { recursive: true, force: true });
  try {
    rmdirSync('/etc/netns');
  } catch {
    // Not there, or holding another namespace's files: left as it is.
  }
}

/**
 * What cannot match: ifindexes (and the veth peer's index and namespace), and iptables-save's
 * comment lines (version, date). IPv6 is off in the namespace as in Hairpin.
 */
function comparable(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/^\d+: /, 'N: ').replace(/@if\d+/, '').replace(/ link-netns \S+/, ''))
    .join('\n');
}

describe.skipIf(reason !== undefined)('hairpin snapshot on a real namespace', () => {
  let json = '';
  beforeAll(() => {
    try {
      build();
    } catch (e) {
      cleanUp();
      throw e;
    }
  });
  afterAll(cleanUp);

  function build(): void {
    cleanUp();
    // ip netns exec bind-mounts /etc/netns/NS/* over /etc: the table name stays out of the host's /etc.
    mkdirSync(`${NETNS_ETC}/iproute2`, { recursive: true });
    writeFileSync(`${NETNS_ETC}/iproute2/rt_tables`, '255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n100\tvpn\n');
    writeFileSync(`${NETNS_ETC}/hosts`, '127.0.0.1\tlocalhost\n10.0.0.5\tweb web.lan\n');
    writeFileSync(`${NETNS_ETC}/resolv.conf`, 'nameserver 10.0.0.254\nsearch lan\n');
    sh(`
      ip netns add ${SRV}; ip netns add ${PEER}
      for ns in ${SRV} ${PEER}; do
        ip netns exec $ns sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
        ip -n $ns link set lo up
      done
      ip link add eth0 netns ${SRV} address 96:00:03:a1:b2:c3 type veth peer name p0 netns ${PEER}
      ip link add eth1 netns ${SRV} address 02:00:00:00:01:01 type veth peer name p1 netns ${PEER}
      for p in eth0 eth1; do ip -n ${SRV} link set $p up; done
      for p in p0 p1; do ip -n ${PEER} link set $p up; done
      ip -n ${SRV} addr add 91.99.148.215/32 dev eth0
      ip -n ${SRV} route add default via 172.31.1.1 dev eth0 proto dhcp src 91.99.148.215 metric 100 onlink
      ip -n ${SRV} addr add 10.0.0.1/24 dev eth1
      ip netns exec ${SRV} ip rule add pref 1000 fwmark 0x1 lookup vpn
      ip netns exec ${SRV} ip route add default via 10.0.0.254 dev eth1 table vpn
      ip netns exec ${SRV} ip route add 192.168.50.0/24 dev eth1 table vpn
      ip -n ${SRV} neigh add 10.0.0.254 lladdr 02:00:00:00:00:fe dev eth1 nud permanent
      ip netns exec ${SRV} sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/ipv4/conf/all/rp_filter'
      ip netns exec ${SRV} iptables-restore
    `, RULESET);
    if (HAS_NFT) sh(`ip netns exec ${SRV} nft -f -`, NFT_RULESET);
    const run = spawnSync('ip', ['netns', 'exec', SRV, 'sh', '-s'], { input: snapshotScript(), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the script failed (${run.status}): ${run.stderr}`);
    json = run.stdout;
  }

  function scenario() {
    const doc = JSON.parse(json) as ScenarioDoc;
    const id = Object.keys(doc.devices)[0]!;
    // The namespace's ports are veths whose peers are up: link them to a peer device, as they are.
    const withPeer: ScenarioDoc = { ...doc, devices: { ...doc.devices, peer: { kind: 'host', ports: { p0: null, p1: null }, config: [] } }, links: [[`${id}:eth0`, 'peer:p0'], [`${id}:eth1`, 'peer:p1']] };
    const parsed = parseScenario(JSON.stringify(withPeer));
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    return { id, scenario: parsed.scenario };
  }

  it('prints a scenario that loads with no errors: one host, its two ports with their MACs', () => {
    const parsed = parseScenario(json);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const doc = JSON.parse(json) as ScenarioDoc;
    const [device] = Object.values(doc.devices);
    expect(device!.ports).toEqual({ eth0: '96:00:03:a1:b2:c3', eth1: '02:00:00:00:01:01' });
  });

  it.each([...(HAS_NFT ? ['nft list table inet hps_mine', 'nft list ruleset'] : []), 'ip addr', 'ip route show table all', 'ip rule', 'iptables-save', 'ip neigh show nud permanent', 'sysctl net.ipv4.ip_forward net.ipv4.conf.all.rp_filter net.ipv4.conf.all.accept_redirects net.ipv4.conf.eth0.forwarding'])('the device prints what the namespace prints for `%s`', (command) => {
    const { id, scenario: s } = scenario();
    const sim = runCommand(s, id, command, { traceLimit: 0, capture: false });
    expect(sim.configIssues).toEqual([]);
    const real = spawnSync('ip', ['netns', 'exec', SRV, 'sh', '-c', command], { encoding: 'utf8' });
    expect(real.status).toBe(0);
    expect(sim.exit).toBe(0);
    expect(sim.stderr).toBe(real.stderr);
    expect(comparable(sim.stdout)).toBe(comparable(real.stdout));
  });
});
