import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { scenarioOf, twoHosts } from '../../sim/testing';

/*
 * `ip -d link show` for every kind, as iproute2 6.1 printed it in namespaces on this machine
 * (2 CPUs: a veth has two queues); the lab builds a topology port as a veth (the simulator
 * prints it without the @ifN and link-netns of the lab's pair). vlan from iproute2's source.
 */

const TAIL = (queues: number, tso: number) => `addrgenmode eui64 numtxqueues ${queues} numrxqueues ${queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size ${tso} tso_max_segs 65535 gro_max_size 65536 \n`;
const noMacs = (s: string) => s.replace(/link\/ether \S+/g, 'link/ether MAC');
const box = (config: string[]) =>
  scenarioOf({ box: { ports: ['eth0', 'eth1'], config }, a: { ports: ['eth0'] }, b: { ports: ['eth0'] } }, [
    ['box:eth0', 'a:eth0'],
    ['box:eth1', 'b:eth0'],
  ]);
const BRIDGED = ['ip link add br0 type bridge', 'ip link set eth0 master br0', 'ip link set eth1 master br0', 'ip link set br0 up', 'ip addr add 10.0.0.1/24 dev br0'];

describe('ip -d link show', () => {
  it('lo: no kind line, its generic details on the link line', () => {
    expect(runCommand(twoHosts([], []), 'a', 'ip -d link show lo').stdout).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n' +
        `    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 ${TAIL(1, 524280)}`,
    );
  });

  it('a topology port is a veth; an ip link add veth end likewise', () => {
    expect(runCommand(twoHosts([], []), 'a', 'ip -d link show eth0').stdout).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n' +
        `    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n    veth ${TAIL(2, 524280)}`,
    );
    expect(noMacs(runCommand(twoHosts(['ip link add v0 type veth peer name v1'], []), 'a', 'ip -d link show v1').stdout)).toBe(
      '3: v1@v0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether MAC brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n    veth ${TAIL(2, 524280)}`,
    );
  });

  it("a bridge's details, and its ports' bridge_slave line: forwarding, numbered from 1, the forward_delay timer left running from when each was enabled", () => {
    const r = runCommand(box(BRIDGED), 'box', 'sleep 3; ip -d link show eth1; ip -d link show br0');
    const id = '8000.2:0:0:0:1:1';
    expect(r.stdout).toBe(
      '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n' +
        '    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 1 minmtu 68 maxmtu 65535 \n' +
        '    veth \n' +
        `    bridge_slave state forwarding priority 32 cost 2 hairpin off guard off root_block off fastleave off learning on flood on port_id 0x8002 port_no 0x2 designated_port 32770 designated_cost 0 designated_bridge ${id} designated_root ${id} hold_timer    0.00 message_age_timer    0.00 forward_delay_timer   11.99 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ${TAIL(2, 524280)}` +
        '4: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n' +
        '    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n' +
        `    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 bridge_id ${id} designated_root ${id} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer  297.09 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ${TAIL(1, 65536)}`,
    );
  });

  it('a bridge that is down: ports disabled, timers stopped; one without ports has a zero bridge id', () => {
    const r = runCommand(box([...BRIDGED, 'ip link set br0 down', 'ip link add br9 type bridge mcast_snooping 0']), 'box', 'ip -d link show eth0; ip -d link show br9');
    expect(r.stdout).toContain('bridge_slave state disabled priority 32 cost 2 ');
    expect(r.stdout).toContain(' forward_delay_timer    0.00 ');
    expect(r.stdout).toContain(' bridge_id 8000.0:0:0:0:0:0 designated_root 8000.0:0:0:0:0:0 ');
    expect(r.stdout).toContain(' gc_timer    0.00 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 0 ');
    // A port number freed by a port that left is the next one's (find_portno).
    const renumbered = runCommand(box([...BRIDGED, 'ip link set eth0 nomaster', 'ip link set eth0 master br0']), 'box', 'ip -d link show eth0');
    expect(renumbered.stdout).toContain(' port_id 0x8001 port_no 0x1 designated_port 32769 ');
  });

  it("macvlan: its mode; its lower is promiscuous while both are up", () => {
    const r = runCommand(twoHosts(['ip link add mv0 link eth0 type macvlan mode private', 'ip link set mv0 up'], []), 'a', 'ip -d link show mv0; ip -d link show eth0');
    expect(noMacs(r.stdout)).toBe(
      '3: mv0@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n' +
        `    link/ether MAC brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n    macvlan mode private bcqueuelen 1000 usedbcqueuelen 1000 ${TAIL(1, 524280)}` +
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n' +
        `    link/ether MAC brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 0 minmtu 68 maxmtu 65535 \n    veth ${TAIL(2, 524280)}`,
    );
  });

  it('vlan (modelled, not recorded): protocol, id and flags (vlan_print_opt)', () => {
    const r = runCommand(twoHosts(['ip link add link eth0 name eth0.10 type vlan id 10', 'ip link add link eth0 name eth0.20 type vlan id 20 protocol 802.1ad reorder_hdr off'], []), 'a', 'ip -d link show type vlan');
    expect(r.stdout).toBe(
      '3: eth0.10@eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 0 maxmtu 65535 \n    vlan protocol 802.1Q id 10 <REORDER_HDR> ${TAIL(1, 524280)}` +
        '4: eth0.20@eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 0 maxmtu 65535 \n    vlan protocol 802.1ad id 20 <> ${TAIL(1, 524280)}`,
    );
  });

  it('vxlan: its id, remote or dev, ports, ttl, ageing and checksum words; no @LOWER, and TSO as its lower has it', () => {
    const r = runCommand(twoHosts(['ip link add vx0 type vxlan id 42 dstport 4789 remote 10.0.0.2', 'ip link add vx1 type vxlan id 43 dstport 4789 dev eth0'], []), 'a', 'ip -d link show vx0; ip -d link show vx1');
    expect(noMacs(r.stdout)).toBe(
      '3: vx0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether MAC brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n    vxlan id 42 remote 10.0.0.2 srcport 0 0 dstport 4789 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx ${TAIL(1, 65536)}` +
        '4: vx1: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
        `    link/ether MAC brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n    vxlan id 43 dev eth0 srcport 0 0 dstport 4789 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx ${TAIL(1, 524280)}`,
    );
  });

  it('a bridge port in hairpin mode says so in its bridge_slave line', () => {
    const r = runCommand(box([...BRIDGED, 'bridge link set dev eth1 hairpin on']), 'box', 'ip -d link show eth1');
    expect(r.stdout).toContain(' hairpin on guard off ');
    expect(runCommand(box(BRIDGED), 'box', 'ip -d link show eth1').stdout).toContain(' hairpin off guard off ');
  });

  it('ip link add … address A mtu N, and the same after `peer`, as iproute2 sends them (each end keeps its defaults otherwise); a bridge takes its ports\' smallest MTU', () => {
    const r = runCommand(twoHosts(['ip link add v0 address 02:00:00:00:00:01 mtu 1400 type veth peer name v1 address 02:00:00:00:00:02 mtu 1300', 'ip link add v2 mtu 1400 type veth peer name v3', 'ip link add br0 address 02:00:00:00:00:03 type bridge', 'ip link set v0 master br0'], []), 'a', 'ip link show v1; ip link show v0; ip link show br0; ip -br link show v3');
    expect(r.stdout.replace(/\S+ +DOWN +\S+ </, 'v3@v2 DOWN MAC <')).toBe(
      '3: v1@v0: <BROADCAST,MULTICAST,M-DOWN> mtu 1300 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n' +
        '4: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n' +
        '7: br0: <BROADCAST,MULTICAST> mtu 1400 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff\n' +
        'v3@v2 DOWN MAC <BROADCAST,MULTICAST,M-DOWN> \n',
    );
    expect(runCommand(twoHosts(['ip link add v0 mtu 70000 type veth peer name v1'], []), 'a', 'true').configIssues[0]?.message).toBe('RTNETLINK answers: Invalid argument');
    expect(runCommand(twoHosts(['ip link add v0 address 02:00:00:00:00:01:01 type veth'], []), 'a', 'true').configIssues[0]?.message).toBe('RTNETLINK answers: Invalid argument');
    expect(runCommand(twoHosts(['ip link add v0 address zz type veth'], []), 'a', 'true').configIssues[0]?.message).toBe('"zz" is invalid lladdr.');
  });

  it('ip -d -o link: the kind line joins the rest with a backslash; -br shows no details', () => {
    const r = runCommand(twoHosts([], []), 'a', 'ip -d -o link show eth0; ip -d -br link show eth0');
    expect(r.stdout).toBe(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \\    veth ' +
        TAIL(2, 524280) +
        'eth0             UP             02:00:00:00:01:01 <BROADCAST,MULTICAST,UP,LOWER_UP> \n',
    );
  });

  it('ip -d addr shows the same details before the addresses', () => {
    const r = runCommand(twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], []), 'a', 'ip -d addr show eth0');
    expect(r.stdout).toContain(`    veth ${TAIL(2, 524280)}    inet 10.0.0.1/24 scope global eth0\n`);
  });
});
