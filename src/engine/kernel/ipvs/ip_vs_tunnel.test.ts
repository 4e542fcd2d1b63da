import { describe, expect, it } from 'vitest';
import { viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { run, scenarioOf, tcpdumpIp } from '../../sim/testing';

/*
 * IPVS tunnelling (ip_vs_tunnel_xmit) to a classic LVS-TUN real server (net/ipv4/ipip.c): the
 * director puts the client's packet inside IPIP to the real server, which holds the VIP on its
 * tunl0 and answers the client itself. Modelled from the kernel's source: the test kernel has
 * neither ip_vs nor ipip, so nothing here is recorded.
 */

const VIP = '10.0.1.100';
const TUN = [`ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -i`];
/** The LVS-TUN how-to's real server: tunl0 up with the VIP, and no reverse-path filter on it. */
const REAL_SERVER = ['modprobe ipip', 'ip link set tunl0 up', `ip addr add ${VIP}/32 dev tunl0`, 'sysctl -w net.ipv4.conf.tunl0.rp_filter=0'];

function lab(director: string[], rs: string[]) {
  return scenarioOf(
    {
      client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
      director: { kind: 'router', ports: ['eth0', 'eth1'], config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', `ip addr add ${VIP}/24 dev eth0`, 'ip addr add 10.0.2.1/24 dev eth1', ...director] },
      rs1: { ports: ['eth0'], config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', 'nc -lk 80 &', ...rs] },
    },
    [['client:eth0', 'director:eth0'], ['director:eth1', 'rs1:eth0']],
  );
}

const ipLines = (r: ReturnType<typeof run>, port: string) => tcpdumpIp(r, port).filter((l) => l.startsWith('IP '));

describe('ip_vs_tunnel_xmit: the client\'s packet inside IPIP to the real server', () => {
  it('tcpdump on the real server\'s wire shows IP director > real server: IP client > VIP (print-ip.c prints the inner packet after the outer addresses)', () => {
    const r = run(lab(TUN, REAL_SERVER), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(ipLines(r, 'rs1:eth0')[0]).toMatch(/^IP 10\.0\.2\.1 > 10\.0\.2\.2: IP 10\.0\.1\.2\.\d+ > 10\.0\.1\.100\.80: Flags \[S\]/);
  });

  it('outer header: source from the route to the real server, protocol 4, TTL and DF of the inner packet (ID 0 with DF), inner TTL one less', () => {
    const r = run(lab(TUN, REAL_SERVER), 'client', `nc -z -w 1 ${VIP} 80`);
    const outer = r.captures.get('rs1:eth0')!.map((c) => c.frame.payload).find((p) => p.kind === 'ipv4' && p.payload.kind === 'ipip')!;
    if (outer.kind !== 'ipv4' || outer.payload.kind !== 'ipip') throw new Error('no IPIP packet');
    const inner = outer.payload.inner;
    expect([outer.df, outer.id, outer.ttl, outer.tos]).toEqual([inner.df, 0, inner.ttl, inner.tos]);
    expect(inner.ttl).toBe(63);
  });

  it('outer TOS: the inner packet\'s, but ECN CE becomes ECT(0) (ip_vs_prepare_tunneled_skb: INET_ECN_encapsulate)', () => {
    const ce = ['iptables -t mangle -A PREROUTING -p tcp -j TOS --set-tos 0x13/0xff'];
    const r = run(lab([...ce, ...TUN], REAL_SERVER), 'client', `nc -z -w 1 ${VIP} 80`);
    const outer = r.captures.get('rs1:eth0')!.map((c) => c.frame.payload).find((p) => p.kind === 'ipv4' && p.payload.kind === 'ipip')!;
    if (outer.kind !== 'ipv4' || outer.payload.kind !== 'ipip') throw new Error('no IPIP packet');
    expect([outer.payload.inner.tos, outer.tos]).toEqual([0x13, 0x12]);
  });

  it('the real server takes it on tunl0 (ipip_rcv, the fallback tunnel) and answers the client from the VIP itself', () => {
    const r = run(lab(TUN, REAL_SERVER), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(ipLines(r, 'rs1:eth0')[1]).toMatch(/^IP 10\.0\.1\.100\.80 > 10\.0\.1\.2\.\d+: Flags \[S\.\]/);
    const codes = r.events.map((e) => e.reason.code);
    expect(codes).toContain('ipvs_tunnel');
    expect(r.events.find((e) => e.reason.code === 'ipip_decap')).toMatchObject({ device: 'rs1', port: 'tunl0' });
  });

  it('ipvsadm lists the server as Tunnel, -S writes --tun-type ipip, --tun-info shows its TunnelInfo column', () => {
    const r = run(lab(TUN, REAL_SERVER), 'client', 'true');
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n').stdout.split('\n')[4]).toBe('  -> 10.0.2.2:80                  Tunnel  1      0          0         ');
    expect(viewOn(r.network, 'director', 'ipvsadm -S -n').stdout).toBe(`-A -t ${VIP}:80 -s rr\n-a -t ${VIP}:80 -r 10.0.2.2:80 -i -w 1 --tun-type ipip\n`);
    const info = viewOn(r.network, 'director', 'ipvsadm -L -n --tun-info').stdout.split('\n');
    expect(info[2]).toBe('  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn');
    expect(info[4]).toBe('  -> 10.0.2.2:80                  Tunnel  ipip          1      0          0         ');
  });

  it('a DF datagram that no longer fits once 20 bytes of header are added gets ICMP fragmentation needed with the room left (ensure_mtu_is_adequate)', () => {
    const udp = [`ipvsadm -A -u ${VIP}:53 -s rr`, `ipvsadm -a -u ${VIP}:53 -r 10.0.2.2 -i`, 'ip link set eth1 mtu 1000'];
    const r = run(lab(udp, REAL_SERVER), 'client', `printf '%990s' x | nc -u -w 1 ${VIP} 53`);
    expect(ipLines(r, 'rs1:eth0')).toEqual([]);
    expect(ipLines(r, 'client:eth0').find((l) => l.includes('ICMP'))).toMatch(/^IP 10\.0\.1\.100 > 10\.0\.1\.2: ICMP 10\.0\.1\.100 unreachable - need to frag \(mtu 980\)/);
    // A datagram that fits goes through.
    const small = run(lab(udp, REAL_SERVER), 'client', `printf '%900s' x | nc -u -w 1 ${VIP} 53`);
    expect(ipLines(small, 'rs1:eth0')[0]).toMatch(/^IP 10\.0\.2\.1 > 10\.0\.2\.2: IP 10\.0\.1\.2\.\d+ > 10\.0\.1\.100\.53: /);
  });

  it('conntrack tracks the outer packet afresh (nf_reset_ct) as a generic protocol-4 entry, without ports, for 600 s', () => {
    const r = run(lab([...TUN, 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'], REAL_SERVER), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(viewOn(r.network, 'director', 'conntrack -L').stdout).toMatch(/^unknown  4 59\d src=10\.0\.2\.1 dst=10\.0\.2\.2 \[UNREPLIED\] src=10\.0\.2\.2 dst=10\.0\.2\.1 mark=0 use=1$/m);
  });

  it('gue and gre are accepted as ipvsadm accepts them, and the trace says they are not simulated', () => {
    const gue = [`ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -i --tun-type gue --tun-port 6080 --tun-csum`];
    const r = run(lab(gue, REAL_SERVER), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.events.find((e) => e.reason.code === 'ipvs_tun_not_modelled')?.reason).toMatchObject({ tunType: 'gue' });
    expect(viewOn(r.network, 'director', 'ipvsadm -S -n').stdout.split('\n')[1]).toBe(`-a -t ${VIP}:80 -r 10.0.2.2:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum`);
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n --tun-info').stdout.split('\n')[4]).toBe('  -> 10.0.2.2:80                  Tunnel  gue:6080:+c   1      1          0         ');
  });
});

describe('classic LVS-TUN on one LAN: the whole connection works', () => {
  // The how-to's real server: the VIP on tunl0 (no reverse-path filter there), and no ARP answers or announcements for it on eth0.
  const rs = ['modprobe ipip', 'ip link set tunl0 up', `ip addr add ${VIP}/32 dev tunl0`, 'sysctl -w net.ipv4.conf.tunl0.rp_filter=0',
    'sysctl -w net.ipv4.conf.all.arp_ignore=1', 'sysctl -w net.ipv4.conf.all.arp_announce=2', 'nc -lk 80 &'];
  const lan = scenarioOf(
    {
      sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
      client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0'] },
      director: { ports: ['eth0'], config: ['ip addr add 10.0.1.1/24 dev eth0', `ip addr add ${VIP}/32 dev eth0`, ...TUN.map((l) => l.replace('10.0.2.2', '10.0.1.3'))] },
      rs1: { ports: ['eth0'], config: ['ip addr add 10.0.1.3/24 dev eth0', ...rs] },
    },
    [['sw:p1', 'client:eth0'], ['sw:p2', 'director:eth0'], ['sw:p3', 'rs1:eth0']],
  );

  it('requests reach the real server through the director inside IPIP; its replies go straight to the client from the VIP', () => {
    const r = run(lan, 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(0);
    const atRs = ipLines(r, 'rs1:eth0');
    expect(atRs.filter((l) => l.startsWith('IP 10.0.1.1 > 10.0.1.3: IP 10.0.1.2.')).length).toBeGreaterThanOrEqual(2);
    expect(atRs.some((l) => /^IP 10\.0\.1\.100\.80 > 10\.0\.1\.2\.\d+: Flags \[S\.\]/.test(l))).toBe(true);
    // The client only ever talks to the VIP, and the director's MAC is the one it learnt for it.
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout).toMatch(/10\.0\.1\.2:\d+ +10\.0\.1\.100:80 +10\.0\.1\.3:80/);
  });
});

describe('the LVS-TUN real server (ipip.c, ip_tunnel.c)', () => {
  it('without the ipip module protocol 4 has no handler: ICMP protocol unreachable goes back to the director', () => {
    const r = run(lab(TUN, []), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(ipLines(r, 'rs1:eth0')[1]).toMatch(/^IP 10\.0\.2\.2 > 10\.0\.2\.1: ICMP 10\.0\.2\.2 protocol 4 unreachable/);
  });

  it('with the module but tunl0 down no tunnel takes it: tunnel4_rcv answers ICMP port unreachable', () => {
    const r = run(lab(TUN, ['modprobe ipip', `ip addr add ${VIP}/32 dev tunl0`]), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(ipLines(r, 'rs1:eth0')[1]).toMatch(/^IP 10\.0\.2\.2 > 10\.0\.2\.1: ICMP 10\.0\.2\.2 unreachable|port \d+ unreachable/);
    expect(r.events.some((e) => e.reason.code === 'ipip_no_tunnel')).toBe(true);
  });

  it('rp_filter: the inner packet arrives on tunl0, but the route back to the client is via eth0, so strict mode drops it; the larger of all and tunl0 counts', () => {
    const strictAll = [...REAL_SERVER, 'sysctl -w net.ipv4.conf.all.rp_filter=1'];
    const r = run(lab(TUN, strictAll), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(ipLines(r, 'rs1:eth0').filter((l) => /Flags \[S\.\]/.test(l))).toEqual([]);
    expect(r.events.find((e) => e.reason.code === 'input_route' && e.device === 'rs1')).toMatchObject({ port: 'tunl0' });
  });

  it('ip -d link show: tunl0@NONE with link/ipip 0.0.0.0 brd 0.0.0.0 and ipip ipip remote any local any ttl inherit nopmtudisc (iptunnel_print_opt)', () => {
    const r = run(lab([], REAL_SERVER), 'client', 'true');
    const out = viewOn(r.network, 'rs1', 'ip -d link show tunl0').stdout.split('\n');
    expect(out[0]).toMatch(/^\d+: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000$/);
    expect(out[1]).toBe('    link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0  allmulti 0 minmtu 68 maxmtu 65515 ');
    expect(out[2]).toMatch(/^    ipip ipip remote any local any ttl inherit nopmtudisc addrgenmode/);
  });

  it('ip link add NAME type ipip remote A local B: POINTOPOINT, link/ipip B peer A, ipip any remote A local B ttl inherit pmtudisc', () => {
    const r = run(lab([], ['ip link add t1 type ipip remote 10.0.2.1 local 10.0.2.2 ttl 64']), 'client', 'true');
    const out = viewOn(r.network, 'rs1', 'ip -d link show t1').stdout.split('\n');
    expect(out[0]).toMatch(/^\d+: t1@NONE: <POINTOPOINT,NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT group default qlen 1000$/);
    expect(out[1]).toMatch(/^    link\/ipip 10\.0\.2\.2 peer 10\.0\.2\.1 /);
    expect(out[2]).toMatch(/^    ipip any remote 10\.0\.2\.1 local 10\.0\.2\.2 ttl 64 pmtudisc addrgenmode/);
    // Creating it loaded the module: tunl0 is there too.
    expect(viewOn(r.network, 'rs1', 'ip link show tunl0').stdout).toMatch(/tunl0@NONE: <NOARP>/);
  });

  it('a tunnel with the endpoints of one already there is EEXIST (ip_tunnel_newlink): tunl0 has none, so a bare `type ipip` clashes with it', () => {
    const issues = runCommand(lab([], ['modprobe ipip', 'ip link add t2 type ipip']), 'client', 'true').configIssues;
    expect(issues.map((i) => i.message)).toEqual(['RTNETLINK answers: File exists']);
  });

  it('a packet routed out through a tunnel goes inside IPIP to its remote (ip_tunnel_xmit); a host without the module answers protocol unreachable', () => {
    const rs = ['ip link add t1 type ipip remote 10.0.2.1 local 10.0.2.2', 'ip link set t1 up', 'ip route add 10.9.9.0/24 dev t1'];
    const r = run(lab([], rs), 'rs1', 'ping -c 1 -W 1 10.9.9.9');
    expect(ipLines(r, 'rs1:eth0')).toEqual([
      expect.stringMatching(/^IP 10\.0\.2\.2 > 10\.0\.2\.1: IP 10\.0\.2\.2 > 10\.9\.9\.9: ICMP echo request/),
      expect.stringMatching(/^IP 10\.0\.2\.1 > 10\.0\.2\.2: ICMP 10\.0\.2\.1 protocol 4 unreachable/),
    ]);
  });

  it('tunl0 stays when deleted (ip_tunnel_dellink) and comes with every namespace while the module is loaded; modprobe -r takes the tunnels away', () => {
    const r = run(lab([], ['modprobe ipip', 'ip link del tunl0', 'ip netns add ns1']), 'rs1', 'ip netns exec ns1 ip link show tunl0');
    expect(viewOn(r.network, 'rs1', 'ip link show tunl0').stdout).toMatch(/tunl0@NONE/);
    expect(r.stdout).toMatch(/tunl0@NONE/);
    const moved = runCommand(lab([], ['modprobe ipip', 'ip netns add ns2', 'ip link set tunl0 netns ns2']), 'client', 'true').configIssues;
    expect(moved.map((i) => i.message)).toEqual(['Error: The interface netns is immutable.']);
    const gone = runCommand(lab([], ['modprobe ipip', 'ip link add t1 type ipip remote 10.0.2.1', 'modprobe -r ipip', 'ip link show t1']), 'client', 'true').configIssues;
    expect(gone.map((i) => i.message)).toEqual(['Device "t1" does not exist.']);
  });

  it('a tunnel with a remote takes the packets from that remote before tunl0 does (ip_tunnel_lookup)', () => {
    const rs = ['ip link add t1 type ipip remote 10.0.2.1 local 10.0.2.2', 'ip link set t1 up', 'ip link set tunl0 up', `ip addr add ${VIP}/32 dev t1`, 'sysctl -w net.ipv4.conf.t1.rp_filter=0'];
    const r = run(lab(TUN, rs), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.events.find((e) => e.reason.code === 'ipip_decap')).toMatchObject({ port: 't1' });
  });
});
