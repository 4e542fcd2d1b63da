import { describe, expect, it } from 'vitest';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';

/*
 * The LOG target's line in the kernel log, field by field as nf_log_syslog.c writes it
 * (nf_log_dump_packet_common, dump_mac_header, dump_ipv4_packet, nf_log_dump_tcp_header). The
 * kernel writes nothing for LOG in a namespace other than init_net unless the host's
 * net.netfilter.nf_log_all_netns is 1, so these are written from the source, not recorded.
 */

const dmesg = (rules: string[], flow: string, options = '-t') => viewOn(run(routed(rules, ['nc -lk 10.0.2.2 80 &']), 'client', flow).network, 'router', `dmesg ${options}`).stdout.split('\n').filter(Boolean);
const CLIENT_MAC = '02:00:00:00:01:01';
const ROUTER_ETH0_MAC = '02:00:00:00:02:01';

describe('nf_log_ip_packet (xt_LOG)', () => {
  it('a forwarded SYN: prefix, IN= OUT=, the Ethernet header it came with as MAC=dst:src:type, TTL after the forward, DF, flags, URGP', () => {
    const [syn] = dmesg(['iptables -A FORWARD -p tcp --syn -j LOG --log-prefix "fwd: "'], 'nc -z -w 2 10.0.2.2 80');
    expect(syn).toMatch(
      new RegExp(
        `^fwd: IN=eth0 OUT=eth1 MAC=${ROUTER_ETH0_MAC}:${CLIENT_MAC}:08:00 SRC=10\\.0\\.1\\.2 DST=10\\.0\\.2\\.2 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=\\d+ DF PROTO=TCP SPT=\\d+ DPT=80 WINDOW=64240 RES=0x00 SYN URGP=0 $`,
      ),
    );
  });

  it('--log-tcp-sequence adds SEQ= ACK=, --log-tcp-options the option bytes in hex, --log-macdecode MACSRC/MACDST/MACPROTO', () => {
    const [syn, synAck] = dmesg(['iptables -A FORWARD -p tcp -j LOG --log-tcp-sequence --log-tcp-options --log-macdecode'], 'nc -z -w 2 10.0.2.2 80');
    // The SYN's options: mss 1460 (020405B4), sackOK (0402), timestamps (080A + 8 bytes), nop (01), wscale 10 (03030A).
    expect(syn).toMatch(/ MACSRC=02:00:00:00:01:01 MACDST=02:00:00:00:02:01 MACPROTO=0800 SRC=10\.0\.1\.2 .* DPT=80 SEQ=\d+ ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT \(020405B40402080A[0-9A-F]{8}000000000103030A\) $/);
    expect(synAck).toMatch(/ SPT=80 DPT=\d+ SEQ=\d+ ACK=\d+ WINDOW=\d+ RES=0x00 ACK SYN URGP=0 OPT \(020405B4/);
  });

  it('ICMP: TYPE= CODE=, an echo\'s ID= SEQ=, an error\'s quoted packet in brackets; the ICMP error\'s PREC is 0xC0', () => {
    const lines = dmesg(['iptables -A INPUT -p icmp -j LOG', 'iptables -A OUTPUT -p icmp -j LOG'], 'ping -c 1 -W 1 10.0.2.1; ping -c 1 -W 1 -t 1 10.0.2.2');
    expect(lines[0]).toMatch(/^IN=eth0 OUT= MAC=\S+ SRC=10\.0\.1\.2 DST=10\.0\.2\.1 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=\d+ DF PROTO=ICMP TYPE=8 CODE=0 ID=\d+ SEQ=1 $/);
    expect(lines[1]).toMatch(/^IN= OUT=eth0 SRC=10\.0\.2\.1 DST=10\.0\.1\.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=\d+ PROTO=ICMP TYPE=0 CODE=0 ID=\d+ SEQ=1 $/);
    expect(lines[2]).toMatch(/^IN= OUT=eth0 SRC=10\.0\.1\.1 DST=10\.0\.1\.2 LEN=112 TOS=0x00 PREC=0xC0 TTL=64 ID=\d+ PROTO=ICMP TYPE=11 CODE=0 \[SRC=10\.0\.1\.2 DST=10\.0\.2\.2 LEN=84 TOS=0x00 PREC=0x00 TTL=1 ID=\d+ DF PROTO=ICMP TYPE=8 CODE=0 ID=\d+ SEQ=1 \] $/);
  });

  it('MARK= when the packet has a mark; --log-uid UID=0 GID=0 for what a process sent, not for the kernel\'s replies', () => {
    const lines = dmesg(['iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 0x2a', 'iptables -A OUTPUT -p icmp -j LOG --log-uid'], 'ping -c 1 -W 1 10.0.2.1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ PROTO=ICMP TYPE=0 CODE=0 ID=\d+ SEQ=1 MARK=0x2a $/);
    const own = viewOn(run(routed([], [], ['iptables -A OUTPUT -p icmp -j LOG --log-uid --log-prefix "out "']), 'client', 'ping -c 1 -W 1 10.0.2.2').network, 'client', 'dmesg -t').stdout;
    expect(own).toMatch(/^out IN= OUT=eth0 SRC=10\.0\.1\.2 DST=10\.0\.2\.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=\d+ DF PROTO=ICMP TYPE=8 CODE=0 ID=\d+ SEQ=1 UID=0 GID=0 \n$/);
  });

  it('--log-uid in INPUT: a segment of an established connection carries its socket (early demux), a SYN to a listener does not', () => {
    const r = run(routed([], ['nc -lk 10.0.2.2 80 &', 'iptables -A INPUT -p tcp -j LOG --log-uid']), 'client', 'nc -z -w 2 10.0.2.2 80');
    const lines = viewOn(r.network, 'server', 'dmesg -t').stdout.split('\n').filter(Boolean);
    // SYN (listener: no full socket), then the handshake's ACK (the child is still a request
    // socket in the kernel's hash, not a full one), then FIN and last ACK of the accepted socket.
    expect(lines.map((l) => / (SYN|ACK FIN|ACK) URGP=0 (UID=0 GID=0 )?$/.exec(l)?.slice(1, 3).join('|'))).toEqual(['SYN|', 'ACK|', 'ACK FIN|UID=0 GID=0 ', 'ACK|UID=0 GID=0 ']);
  });

  it("--log-uid in OUTPUT: a listener's SYN-ACK carries its request socket, no full one (no UID), though -m owner finds the listener's owner", () => {
    const r = run(routed([], ['nc -lk 10.0.2.2 80 &', 'iptables -A OUTPUT -p tcp -j LOG --log-uid', 'iptables -A OUTPUT -p tcp --tcp-flags SYN,ACK SYN,ACK -m owner --uid-owner 0 -j LOG --log-prefix "owned "']), 'client', 'nc -z -w 2 10.0.2.2 80');
    const lines = viewOn(r.network, 'server', 'dmesg -t').stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^IN= OUT=eth0 .* ACK SYN URGP=0 $/);
    expect(lines[1]).toMatch(/^owned IN= OUT=eth0 .* ACK SYN URGP=0 $/);
    // The accepted socket's own segments have a file: its owner is printed.
    expect(lines.slice(2).every((l) => l.endsWith(' UID=0 GID=0 '))).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
  });

  it('goes to the kernel log at the rule\'s level with the time since boot, and into the trace', () => {
    const r = run(routed(['iptables -A FORWARD -p icmp -j LOG --log-level debug --log-prefix "ping "']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    const [request] = viewOn(r.network, 'router', 'dmesg -r').stdout.split('\n');
    expect(request).toMatch(/^<7>\[ {4}0\.\d{6}\] ping IN=eth0 OUT=eth1 /);
    const traced = r.events.flatMap((e) => (e.reason?.code === 'nf_log' ? [`${e.device} ${e.reason.line}`] : []));
    expect(traced).toHaveLength(2);
    expect(traced[0]).toBe(`router ${request!.slice('<7>[    0.000000] '.length)}`);
  });
});
