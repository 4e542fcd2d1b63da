import { describe, expect, it } from 'vitest';
import { viewOn } from '../../export/print/fixture';
import { formatIp4 } from '../../addr/ipv4';
import { ip } from '../../command/testing';
import { ipv4Length } from '../../wire/ipv4';
import { runOn } from '../../sim/run';
import { run, scenarioOf, tcpdumpIp, tcpdump } from '../../sim/testing';
import { verdict } from '../../trace/verdict';
import { why } from '../../trace/why';
import { IP_VS_CONN_F_MASQ, IPPROTO_TCP } from './ip_vs';
import { ipVsSetCtl } from './ip_vs_ctl';

/*
 * IPVS on a director (ip_vs_core.c, ip_vs_xmit.c), modelled from the kernel's source: this
 * machine's kernel has no ip_vs module, so these frames are derived from the source, not recorded.
 * The client 10.0.1.2 asks for the virtual service 10.0.1.100:80 on the director, whose real
 * servers rs1 (10.0.2.2) and rs2 (10.0.3.2) each sit on a port of their own.
 */

const VIP = '10.0.1.100';

function lab(director: string[], rs: (n: number) => string[] = () => []) {
  const realServer = (n: number) => ({
    ports: ['eth0'],
    config: [`ip addr add 10.0.${n + 1}.2/24 dev eth0`, `ip route add default via 10.0.${n + 1}.1`, 'nc -lk 80 &', ...rs(n)],
  });
  return scenarioOf(
    {
      client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1'] },
      director: {
        kind: 'router', ports: ['eth0', 'eth1', 'eth2'],
        config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', `ip addr add ${VIP}/24 dev eth0`, 'ip addr add 10.0.2.1/24 dev eth1', 'ip addr add 10.0.3.1/24 dev eth2', ...director],
      },
      rs1: realServer(1),
      rs2: realServer(2),
    },
    [['client:eth0', 'director:eth0'], ['director:eth1', 'rs1:eth0'], ['director:eth2', 'rs2:eth0']],
  );
}

const NAT_RR = [`ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2:80 -m`, `ipvsadm -a -t ${VIP}:80 -r 10.0.3.2:80 -m`];
const TWICE = `nc -z -w 1 ${VIP} 80; nc -z -w 1 ${VIP} 80`;
const syns = (lines: string[]) => lines.filter((l) => / Flags \[S\],/.test(l));
const ipOnly = (lines: string[]) => lines.filter((l) => l.startsWith('IP '));

describe('IPVS NAT (ip_vs_nat_xmit, ip_vs_out)', () => {
  it('rr: two connections from the client go one to each real server, the one added last (rs2) first', () => {
    const r = run(lab(NAT_RR), 'client', TWICE);
    expect(r.exit).toBe(0);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(1);
    expect(syns(tcpdumpIp(r, 'rs1:eth0'))).toHaveLength(1);
    expect(ipOnly(tcpdumpIp(r, 'rs2:eth0'))[0]).toMatch(/^IP 10\.0\.1\.2\.\d+ > 10\.0\.3\.2\.80: Flags \[S\]/);
    const rs1First = r.captures.get('rs1:eth0')!.find((c) => c.frame.payload.kind === 'ipv4')!;
    const rs2First = r.captures.get('rs2:eth0')!.find((c) => c.frame.payload.kind === 'ipv4')!;
    expect(rs2First.t).toBeLessThan(rs1First.t);
  });

  it('the SYN reaches the real server with only its destination rewritten (TTL one less); the reply leaves the director from the VIP', () => {
    const r = run(lab(NAT_RR), 'client', `nc -z -w 1 ${VIP} 80`);
    const atRs = ipOnly(tcpdumpIp(r, 'rs2:eth0'));
    expect(atRs[0]).toMatch(/^IP 10\.0\.1\.2\.(\d+) > 10\.0\.3\.2\.80: Flags \[S\]/);
    expect(atRs[1]).toMatch(/^IP 10\.0\.3\.2\.80 > 10\.0\.1\.2\.\d+: Flags \[S\.\]/);
    const atClient = tcpdumpIp(r, 'client:eth0');
    expect(atClient.find((l) => /Flags \[S\.\]/.test(l))).toMatch(/^IP 10\.0\.1\.100\.80 > 10\.0\.1\.2\.\d+: Flags \[S\.\]/);
    const syn = r.captures.get('rs2:eth0')!.map((c) => c.frame.payload).find((p) => p.kind === 'ipv4');
    expect(syn?.kind === 'ipv4' && syn.ttl).toBe(63);
  });

  it('ipvsadm -L -n counts the finished connections as inactive, and -c lists them in TIME_WAIT (2 minutes, tcp_timeouts), one per server', () => {
    const r = run(lab(NAT_RR), 'client', TWICE);
    const listing = viewOn(r.network, 'director', 'ipvsadm -L -n').stdout.split('\n');
    expect(listing[4]).toBe('  -> 10.0.2.2:80                  Masq    1      0          1         ');
    expect(listing[5]).toBe('  -> 10.0.3.2:80                  Masq    1      0          1         ');
    const conns = viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n').slice(2, -1);
    expect(conns.map((l) => l.split(/\s+/)[5]).sort()).toEqual(['10.0.2.2:80', '10.0.3.2:80']);
    // Two minutes from the last segment, less the virtual time the run went on.
    for (const l of conns) expect(l.split(/\s+/).slice(0, 3).join(' ')).toMatch(/^TCP 01:5\d TIME_WAIT$/);
  });

  it('--stats (ip_vs_in_stats, ip_vs_out_stats): one connection, the packets and IP bytes the client sent in, the real server\'s replies out', () => {
    const r = run(lab(NAT_RR), 'client', `nc -z -w 1 ${VIP} 80`);
    const toRs = ipOnly(tcpdumpIp(r, 'rs2:eth0')).filter((l) => l.startsWith('IP 10.0.1.2.'));
    const fromRs = ipOnly(tcpdumpIp(r, 'rs2:eth0')).filter((l) => l.startsWith('IP 10.0.3.2.'));
    const row = viewOn(r.network, 'director', 'ipvsadm -L -n --stats --exact').stdout.split('\n')[3]!.trim().split(/\s+/);
    expect(row.slice(0, 5)).toEqual(['TCP', '10.0.1.100:80', '1', String(toRs.length), String(fromRs.length)]);
    const ipBytes = (from: string) => r.captures.get('rs2:eth0')!.map((c) => c.frame.payload).filter((p) => p.kind === 'ipv4' && formatIp4(p.src) === from).reduce((n, p) => n + ipv4Length(p as never), 0);
    expect(row.slice(5)).toEqual([String(ipBytes('10.0.1.2')), String(ipBytes('10.0.3.2'))]);
  });

  it('wrr with weights 3 and 1: four connections go 3 to rs1 and 1 to rs2', () => {
    const r = run(lab([`ipvsadm -A -t ${VIP}:80 -s wrr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -m -w 3`, `ipvsadm -a -t ${VIP}:80 -r 10.0.3.2 -m -w 1`]), 'client', `${TWICE}; ${TWICE}`);
    expect(syns(tcpdumpIp(r, 'rs1:eth0'))).toHaveLength(3);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(1);
  });

  it('persistence (-p): the client stays on one real server for every connection, whatever rr would choose', () => {
    const r = run(lab([`ipvsadm -A -t ${VIP}:80 -s rr -p 300`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -m`, `ipvsadm -a -t ${VIP}:80 -r 10.0.3.2 -m`]), 'client', `${TWICE}; nc -z -w 1 ${VIP} 80`);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(3);
    expect(syns(tcpdumpIp(r, 'rs1:eth0'))).toHaveLength(0);
  });

  it('the trace says which service, scheduler and real server each connection got (ipvs_schedule) and the NAT it did', () => {
    const r = run(lab(NAT_RR), 'client', TWICE);
    const sentences = r.events.filter((e) => e.device === 'director' && e.reason.code.startsWith('ipvs_')).map((e) => why(e));
    expect(sentences.filter((t) => t.startsWith('IPVS: a new connection'))).toEqual([
      'IPVS: a new connection to TCP 10.0.1.100:80; the rr scheduler chose real server 10.0.3.2:80 (Masq)',
      'IPVS: a new connection to TCP 10.0.1.100:80; the rr scheduler chose real server 10.0.2.2:80 (Masq)',
    ]);
    expect(sentences).toContain('IPVS NAT: destination 10.0.1.100:80 → 10.0.3.2:80, routed on to the real server');
  });

  it('no real server (all weights 0): the SYN is dropped and the client gets ICMP port unreachable (ip_vs_leave)', () => {
    const r = run(lab([`ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -m -w 0`]), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(1);
    expect(tcpdumpIp(r, 'rs1:eth0')).toEqual([]);
    expect(tcpdumpIp(r, 'client:eth0').some((l) => /^IP 10\.0\.1\.100 > 10\.0\.1\.2: ICMP 10\.0\.1\.100 tcp port 80 unreachable/.test(l))).toBe(true);
    expect(r.events.some((e) => e.reason.code === 'ipvs_no_dest' && e.kind === 'drop')).toBe(true);
    expect(verdict(r).text).toContain('unreachable');
  });

  it('a real server without its route back through the director never answers: the SYN arrives (and again, retransmitted), no SYN-ACK leaves', () => {
    // -w 2: the retransmit leaves just after 1 s (the timer wheel rounds its expiry up), after nc -w 1 has given up.
    const r = run(lab(NAT_RR, () => ['ip route del default']), 'client', `nc -z -w 2 ${VIP} 80`);
    expect(r.exit).toBe(1);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(2);
    expect(tcpdumpIp(r, 'rs2:eth0').filter((l) => /Flags \[S\.\]/.test(l))).toEqual([]);
  });

  it('a connection whose SYN got no answer stays SYN_RECV, which counts in ActiveConn (tcp_state_active_table)', () => {
    const r = run(lab(NAT_RR, () => ['ip route del default']), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n').stdout.split('\n')[5]).toBe('  -> 10.0.3.2:80                  Masq    1      1          0         ');
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n')[2]).toMatch(/^TCP 00:5\d  SYN_RECV    10\.0\.1\.2:\d+ +10\.0\.1\.100:80 +10\.0\.3\.2:80$/);
  });
});

describe('services by firewall mark and port zero (ip_vs_service_find)', () => {
  it("-f MARK: a packet the mangle table marked finds the service by its mark; a real server without a port takes the packet's", () => {
    const fwm = [`iptables -t mangle -A PREROUTING -d ${VIP} -p tcp -j MARK --set-mark 7`, 'ipvsadm -A -f 7 -s rr', 'ipvsadm -a -f 7 -r 10.0.2.2 -m'];
    const r = run(lab(fwm, () => ['nc -lk 8080 &']), 'client', `nc -z -w 1 ${VIP} 80; nc -z -w 1 ${VIP} 8080`);
    expect(r.exit).toBe(0);
    expect(syns(tcpdumpIp(r, 'rs1:eth0')).map((l) => l.split(' ')[3])).toEqual(['10.0.2.2.80:', '10.0.2.2.8080:']);
  });

  it('a persistent -f MARK service: its template is protocol IP with the mark as virtual address in -c (ip_vs_sched_persist, ip_vs_conn_seq_show)', () => {
    const fwm = [`iptables -t mangle -A PREROUTING -d ${VIP} -p tcp -j MARK --set-mark 7`, 'ipvsadm -A -f 7 -s rr -p 60', 'ipvsadm -a -f 7 -r 10.0.2.2 -m'];
    const r = run(lab(fwm), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(0);
    const conns = viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n');
    expect(conns.filter((l) => l.startsWith('IP '))).toEqual([expect.stringMatching(/^IP  00:5\d  NONE        10\.0\.1\.2:0 {9}0\.0\.0\.7:0 {10}10\.0\.2\.2:0$/)]);
  });

  it('a persistent port-zero service (-t VIP:0 -p) takes every port of the VIP, and its template (client port 0) shows in -c', () => {
    const any = [`ipvsadm -A -t ${VIP}:0 -s rr -p 60`, `ipvsadm -a -t ${VIP}:0 -r 10.0.2.2 -m`];
    const r = run(lab(any, () => ['nc -lk 8080 &']), 'client', `nc -z -w 1 ${VIP} 80; nc -z -w 1 ${VIP} 8080`);
    expect(r.exit).toBe(0);
    const conns = viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n');
    expect(conns.some((l) => /^TCP 00:5\d  NONE        10\.0\.1\.2:0 +10\.0\.1\.100:0 +10\.0\.2\.2:0$/.test(l))).toBe(true);
  });
});

describe('IPVS and conntrack (net.ipv4.vs.conntrack, ip_vs_nfct.c)', () => {
  const MASQ_TO_RS = [...NAT_RR, 'iptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE'];
  const noRouteBack = () => ['ip route del default'];

  it("0 (the default): IPVS's packets are untracked, so MASQUERADE never sees them and the real server must route back through the director", () => {
    const r = run(lab(MASQ_TO_RS, noRouteBack), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(1);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))[0]).toMatch(/^IP 10\.0\.1\.2\.\d+ > 10\.0\.3\.2\.80:/);
  });

  it("1 (as kube-proxy sets it): the entry's reply becomes the real server's, MASQUERADE gives the SYN the director's source, and no route back is needed", () => {
    const r = run(lab([...MASQ_TO_RS, 'sysctl -w net.ipv4.vs.conntrack=1'], noRouteBack), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(0);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))[0]).toMatch(/^IP 10\.0\.3\.1\.\d+ > 10\.0\.3\.2\.80:/);
    const entry = viewOn(r.network, 'director', 'conntrack -L').stdout;
    expect(entry).toMatch(/src=10\.0\.1\.2 dst=10\.0\.1\.100 sport=\d+ dport=80 src=10\.0\.3\.2 dst=10\.0\.3\.1 sport=80 dport=\d+/);
  });
});

describe("the director's own connections (ip_vs_in_hook at LOCAL_OUT)", () => {
  it('nc on the director to its VIP is scheduled at OUTPUT and NATed to a real server; the reply gets the VIP back at LOCAL_IN', () => {
    const r = run(lab(NAT_RR), 'director', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(0);
    // The local route's source: the VIP is a secondary address, so its prefsrc is the primary 10.0.1.1
    // (ip route get 10.0.1.100 on a kernel says "local 10.0.1.100 dev lo src 10.0.1.1").
    expect(ipOnly(tcpdumpIp(r, 'rs2:eth0'))[0]).toMatch(/^IP 10\.0\.1\.1\.\d+ > 10\.0\.3\.2\.80: Flags \[S\]/);
    expect(ipOnly(tcpdumpIp(r, 'rs2:eth0'))[1]).toMatch(/^IP 10\.0\.3\.2\.80 > 10\.0\.1\.1\.\d+: Flags \[S\.\]/);
  });
});

describe('ipvsadm -Z (ip_vs_zero_service)', () => {
  it('zeroes the counters of every service, or of one; a flow may run it, as a reset between steps', () => {
    const stats = (r: ReturnType<typeof run>) => viewOn(r.network, 'director', 'ipvsadm -L -n --stats').stdout.split('\n')[3]!.trim().split(/\s+/).slice(2, 4);
    const r = run(lab(NAT_RR), 'director', `nc -z -w 1 ${VIP} 80`);
    expect(stats(r)[0]).toBe('1');
    const zeroed = runOn(r.network, 'director', `ipvsadm -Z -t ${VIP}:80`, []);
    expect(zeroed.exit).toBe(0);
    expect(stats(zeroed)).toEqual(['0', '0']);
  });
});

describe('IPVS UDP services (ip_vs_proto_udp.c)', () => {
  const UDP_RR = [`ipvsadm -A -u ${VIP}:53 -s rr`, `ipvsadm -a -u ${VIP}:53 -r 10.0.2.2 -m`, `ipvsadm -a -u ${VIP}:53 -r 10.0.3.2 -m`];
  it('any datagram opens a connection (no handshake): two senders from two ports go one to each server, rewritten to it', () => {
    const r = run(lab(UDP_RR), 'client', `echo a | nc -u -w 1 ${VIP} 53; echo b | nc -u -w 1 ${VIP} 53`);
    expect(ipOnly(tcpdumpIp(r, 'rs2:eth0'))[0]).toMatch(/^IP 10\.0\.1\.2\.\d+ > 10\.0\.3\.2\.53: UDP, length 2$/);
    expect(ipOnly(tcpdumpIp(r, 'rs1:eth0'))[0]).toMatch(/^IP 10\.0\.1\.2\.\d+ > 10\.0\.2\.2\.53: UDP, length 2$/);
  });

  it('ipvsadm --set 0 0 60 gives new UDP entries a minute instead of five', () => {
    const r = run(lab([...UDP_RR, 'ipvsadm --set 0 0 60']), 'client', `echo a | nc -u -w 1 ${VIP} 53`);
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n')[2]).toMatch(/^UDP 00:5\d  UDP /);
  });

  it("a real server's ICMP port unreachable reaches the client from the VIP, quoting the datagram as the client sent it (ip_vs_out_icmp)", () => {
    const r = run(lab(UDP_RR), 'client', `echo a | nc -u -w 1 ${VIP} 53; echo b | nc -u -w 1 ${VIP} 53`);
    const icmp = tcpdumpIp(r, 'client:eth0').filter((l) => l.includes('ICMP'));
    expect(icmp[0]).toMatch(/^IP 10\.0\.1\.100 > 10\.0\.1\.2: ICMP 10\.0\.1\.100 udp port 53 unreachable, length \d+$/);
  });

  it('its connections count as inactive (IP_VS_CONN_F_INACTIVE, no TCP state to make them active) and live 5 minutes in state UDP', () => {
    const r = run(lab(UDP_RR), 'client', `echo a | nc -u -w 1 ${VIP} 53`);
    const listing = viewOn(r.network, 'director', 'ipvsadm -L -n').stdout.split('\n');
    expect(listing[3]).toBe('UDP  10.0.1.100:53 rr');
    expect(listing[5]).toBe('  -> 10.0.3.2:53                  Masq    1      0          1         ');
    expect(viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n')[2]).toMatch(/^UDP 04:5\d  UDP         10\.0\.1\.2:\d+ +10\.0\.1\.100:53 +10\.0\.3\.2:53$/);
  });
});

describe('IPVS direct routing (ip_vs_dr_xmit)', () => {
  it("the SYN goes to the real server's MAC with the VIP still its destination; the real server holding the VIP answers from the VIP", () => {
    const dr = [`ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -g`];
    const r = run(lab(dr, () => [`ip addr add ${VIP}/32 dev lo`]), 'client', `nc -z -w 1 ${VIP} 80`);
    const lines = tcpdump(r, 'rs1:eth0').filter((l) => l.includes('IPv4'));
    expect(lines[0]).toMatch(/^02:00:00:00:02:02 > 02:00:00:00:03:01, ethertype IPv4 \(0x0800\), length 74: 10\.0\.1\.2\.\d+ > 10\.0\.1\.100\.80: Flags \[S\]/);
    expect(lines[1]).toMatch(/^02:00:00:00:03:01 > 02:00:00:00:02:02, ethertype IPv4 \(0x0800\), length 74: 10\.0\.1\.100\.80 > 10\.0\.1\.2\.\d+: Flags \[S\.\]/);
  });

  it("a reply sent back through the director is dropped there (its source, the VIP, is the director's own address): DR replies must take another way", () => {
    const dr = [`ipvsadm -A -t ${VIP}:80 -s rr`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -g`];
    const r = run(lab(dr, () => [`ip addr add ${VIP}/32 dev lo`]), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(r.exit).toBe(1);
    expect(tcpdumpIp(r, 'client:eth0').filter((l) => /Flags \[S\.\]/.test(l))).toEqual([]);
  });
});

describe('a deleted real server and its connections (net.ipv4.vs.expire_nodest_conn)', () => {
  // The same client port again: its SYN meets the old entry (TIME_WAIT) whose server is gone.
  const AGAIN = `nc -z -w 1 -p 40000 ${VIP} 80`;
  // Once the client's own TIME_WAIT is over (60 s: nc cannot bind the port before) and while
  // IPVS's entry still is in TIME_WAIT (120 s, ip_vs_proto_tcp.c).
  const LATER = `sleep 61; ${AGAIN}`;
  const deleteRs2 = (r: ReturnType<typeof run>) => {
    const svc = { fwmark: 0, protocol: IPPROTO_TCP, addr: ip(VIP), port: 80, schedName: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff };
    expect(ipVsSetCtl(r.network.stacks.get('director')!, 'del-dest', svc, { addr: ip('10.0.3.2'), port: 80, connFlags: IP_VS_CONN_F_MASQ, weight: 1, uThreshold: 0, lThreshold: 0 })).toBeUndefined();
  };

  it('0 (the default): the packets of its connections are dropped silently (with net.ipv4.vs.conn_reuse_mode 0, which keeps a SYN on its TIME_WAIT entry)', () => {
    const r = run(lab([...NAT_RR, 'sysctl -w net.ipv4.vs.conn_reuse_mode=0']), 'client', AGAIN);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(1);
    deleteRs2(r);
    const again = runOn(r.network, 'client', LATER, []);
    expect(again.exit).toBe(1);
    expect(again.stderr).toBe('');
    expect(syns(tcpdumpIp(again, 'rs1:eth0'))).toHaveLength(0);
    expect(tcpdumpIp(again, 'client:eth0').filter((l) => /ICMP|Flags \[R/.test(l))).toEqual([]);
  });

  it("persistence: a template whose server was deleted is invalidated (ip_vs_check_template) and the client's next connection goes to a server still there", () => {
    const persistent = [`ipvsadm -A -t ${VIP}:80 -s rr -p 300`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -m`, `ipvsadm -a -t ${VIP}:80 -r 10.0.3.2 -m`];
    const r = run(lab(persistent), 'client', `nc -z -w 1 ${VIP} 80`);
    expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(1);
    const svc = { fwmark: 0, protocol: IPPROTO_TCP, addr: ip(VIP), port: 80, schedName: 'rr', flags: 1, timeout: 300, netmask: 0xffffffff };
    ipVsSetCtl(r.network.stacks.get('director')!, 'del-dest', svc, { addr: ip('10.0.3.2'), port: 80, connFlags: IP_VS_CONN_F_MASQ, weight: 1, uThreshold: 0, lThreshold: 0 });
    const again = runOn(r.network, 'client', `nc -z -w 1 ${VIP} 80`, []);
    expect(again.exit).toBe(0);
    expect(syns(tcpdumpIp(again, 'rs1:eth0'))).toHaveLength(1);
  });

  it('persistence and a real server quiesced to weight 0: its template holds the client unless net.ipv4.vs.expire_quiescent_template is 1 (ip_vs_check_template)', () => {
    const persistent = (extra: string[]) => [...extra, `ipvsadm -A -t ${VIP}:80 -s rr -p 300`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2 -m`, `ipvsadm -a -t ${VIP}:80 -r 10.0.3.2 -m`];
    const secondTo = (extra: string[]) => {
      const r = run(lab(persistent(extra)), 'client', `nc -z -w 1 ${VIP} 80`);
      expect(syns(tcpdumpIp(r, 'rs2:eth0'))).toHaveLength(1);
      const svc = { fwmark: 0, protocol: IPPROTO_TCP, addr: ip(VIP), port: 80, schedName: 'rr', flags: 1, timeout: 300, netmask: 0xffffffff };
      expect(ipVsSetCtl(r.network.stacks.get('director')!, 'edit-dest', svc, { addr: ip('10.0.3.2'), port: 80, connFlags: IP_VS_CONN_F_MASQ, weight: 0, uThreshold: 0, lThreshold: 0 })).toBeUndefined();
      const again = runOn(r.network, 'client', `nc -z -w 1 ${VIP} 80`, []);
      expect(again.exit).toBe(0);
      return syns(tcpdumpIp(again, 'rs1:eth0')).length ? 'rs1' : 'rs2';
    };
    expect(secondTo([])).toBe('rs2');
    expect(secondTo(['sysctl -w net.ipv4.vs.expire_quiescent_template=1'])).toBe('rs1');
  });

  it('1: deleting the server ends its entries without waiting for a packet (ip_vs_expire_nodest_conn_flush); 0 leaves them in -c', () => {
    const entriesAfterDelete = (extra: string[]) => {
      const r = run(lab([...NAT_RR, ...extra]), 'client', AGAIN);
      deleteRs2(r);
      return viewOn(r.network, 'director', 'ipvsadm -L -n -c').stdout.split('\n').filter((l) => l.includes('10.0.3.2:80')).length;
    };
    expect(entriesAfterDelete([])).toBe(1);
    expect(entriesAfterDelete(['sysctl -w net.ipv4.vs.expire_nodest_conn=1'])).toBe(0);
  });

  it('1: the entry ends at once and the SYN is scheduled again, to a server still there', () => {
    const r = run(lab([...NAT_RR, 'sysctl -w net.ipv4.vs.expire_nodest_conn=1']), 'client', AGAIN);
    deleteRs2(r);
    const again = runOn(r.network, 'client', LATER, []);
    expect(again.exit).toBe(0);
    expect(syns(tcpdumpIp(again, 'rs1:eth0'))).toHaveLength(1);
  });
});

describe('a SYN meeting an old entry (net.ipv4.vs.conn_reuse_mode, ip_vs_in_hook)', () => {
  const AGAIN = `nc -z -w 1 -p 40000 ${VIP} 80`;
  // Once the client's own TIME_WAIT is over (60 s: nc cannot bind the port before) and while
  // IPVS's entry still is in TIME_WAIT (120 s, ip_vs_proto_tcp.c).
  const LATER = `sleep 61; ${AGAIN}`;
  const rsOf = (r: ReturnType<typeof run>) => (syns(tcpdumpIp(r, 'rs1:eth0')).length ? 'rs1' : 'rs2');

  it('1 (the default): the entry in TIME_WAIT ends (is_new_conn_expected) and the SYN is scheduled afresh: rr moves on to rs1', () => {
    const r = run(lab(NAT_RR), 'client', AGAIN);
    expect(rsOf(r)).toBe('rs2');
    const again = runOn(r.network, 'client', LATER, []);
    expect(again.exit).toBe(0);
    expect(rsOf(again)).toBe('rs1');
    expect(again.events.filter((e) => e.reason.code === 'ipvs_conn_reuse').map((e) => [e.kind, why(e)])).toEqual([
      ['hook', 'IPVS: a SYN met an old entry (it is in TIME_WAIT (net.ipv4.vs.conn_reuse_mode)); the entry ends and the SYN is scheduled afresh'],
    ]);
  });

  it('0: the SYN takes the old entry (TIME_WAIT + SYN is SYN_RECV) and reaches the same real server without scheduling', () => {
    const r = run(lab([...NAT_RR, 'sysctl -w net.ipv4.vs.conn_reuse_mode=0']), 'client', AGAIN);
    const again = runOn(r.network, 'client', LATER, []);
    expect(again.exit).toBe(0);
    expect(rsOf(again)).toBe('rs2');
  });

  it('a real server quiesced to weight 0: with expire_nodest_conn 1 a new SYN ends its entry and goes elsewhere, even with conn_reuse_mode 0 ("ipvs: Fix reuse connection if RS weight is 0"); with 0 it stays', () => {
    const secondTo = (extra: string[]) => {
      const r = run(lab([...NAT_RR, 'sysctl -w net.ipv4.vs.conn_reuse_mode=0', ...extra]), 'client', AGAIN);
      const svc = { fwmark: 0, protocol: IPPROTO_TCP, addr: ip(VIP), port: 80, schedName: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff };
      expect(ipVsSetCtl(r.network.stacks.get('director')!, 'edit-dest', svc, { addr: ip('10.0.3.2'), port: 80, connFlags: IP_VS_CONN_F_MASQ, weight: 0, uThreshold: 0, lThreshold: 0 })).toBeUndefined();
      return rsOf(runOn(r.network, 'client', LATER, []));
    };
    expect(secondTo([])).toBe('rs2');
    expect(secondTo(['sysctl -w net.ipv4.vs.expire_nodest_conn=1'])).toBe('rs1');
  });
});

describe('mh on the wire (ip_vs_mh.c)', () => {
  const mh = (flags: string) => [`ipvsadm -A -t ${VIP}:80 -s mh${flags}`, `ipvsadm -a -t ${VIP}:80 -r 10.0.2.2:80 -m`, `ipvsadm -a -t ${VIP}:80 -r 10.0.3.2:80 -m`];
  const PORTS = [40000, 40001, 40002, 40003, 40004, 40005].map((p) => `nc -z -w 1 -p ${p} ${VIP} 80`).join('; ');
  const servers = (r: ReturnType<typeof run>) => [syns(tcpdumpIp(r, 'rs1:eth0')).length, syns(tcpdumpIp(r, 'rs2:eth0')).length];

  it('without mh-port every connection of one client goes to the same real server', () => {
    const counts = servers(run(lab(mh('')), 'client', PORTS));
    expect(counts.sort()).toEqual([0, 6]);
  });

  it('with -b mh-port the source port is hashed too, and the same client\'s connections spread over both', () => {
    const counts = servers(run(lab(mh(' -b mh-port')), 'client', PORTS));
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(viewOn(run(lab(mh(' -b mh-port')), 'client', 'true').network, 'director', 'ipvsadm -L -n').stdout.split('\n')[3]).toBe(`TCP  ${VIP}:80 mh (mh-port)`);
  });
});
