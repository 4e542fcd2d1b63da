import { describe, expect, it } from 'vitest';
import { routed, run, tcpdumpIp } from '../sim/testing';

/* The data path against what Linux 6.18 did in fixtures/kernel/web-server (curl <-> python3 -m http.server). */

const web = () => routed([], ['python3 -m http.server -d /srv 80 &', 'nc -lk 8080 &']);
const flags = (lines: string[]) => lines.filter((l) => l.includes('Flags')).map((l) => `${/^IP (\S+)/.exec(l)![1]!.startsWith('10.0.2.2') ? 'S' : 'C'} ${/Flags \[([^\]]+)\]/.exec(l)![1]} ${/length (\d+)/.exec(l)![1]}`);

describe('TCP data transfer (tcp_output.c, tcp_input.c)', () => {
  it('request in one PSH segment, quick ACKs at the start of a connection, headers and body as two writes', () => {
    const r = run(web(), 'client', 'curl -s -o /dev/null -w %{http_code} http://10.0.2.2/');
    expect(r.stdout).toBe('200');
    expect(flags(tcpdumpIp(r, 'client:eth0')).slice(0, 9)).toEqual(['C S 0', 'S S. 0', 'C . 0', 'C P. 72', 'S . 0', 'S P. 155', 'C . 0', 'S P. 187', 'C . 0']);
  });

  it('keeps the windows Linux advertises after the handshake (63 and 64 with wscale 10)', () => {
    const r = run(web(), 'client', 'curl -s http://10.0.2.2/');
    const data = tcpdumpIp(r, 'client:eth0').filter((l) => l.includes('[P.]'));
    expect(data[0]).toMatch(/win 63,/);
    expect(data[1]).toMatch(/win 64,/);
  });

  it('a close with unread data arriving later is answered by RST (curl -f gives up on a 404 at the headers)', () => {
    const r = run(web(), 'client', 'curl -sSf http://10.0.2.2/missing');
    expect(r.exit).toBe(22);
    expect(r.stderr).toBe('curl: (22) The requested URL returned error: 404\n');
    expect(flags(tcpdumpIp(r, 'client:eth0')).slice(-3)).toEqual(['C F. 0', 'S P. 335', 'C R 0']);
  });

  it('a server that reads but never answers: only the ACK of the request, then curl -m closes (exit 28)', () => {
    const r = run(web(), 'client', 'curl -sS -m 2 http://10.0.2.2:8080/');
    expect(r.exit).toBe(28);
    expect(r.stderr).toBe('curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n');
    expect(flags(tcpdumpIp(r, 'client:eth0'))).toEqual(['C S 0', 'S S. 0', 'C . 0', 'C P. 77', 'S . 0', 'C F. 0', 'S F. 0', 'C . 0']);
  });

  it('unacknowledged data is retransmitted after the RTO: RTT + 200 ms (tcp_rto_min) once the handshake measured the RTT, then doubling, each rounded up by the timer wheel', () => {
    const r = run(routed(['iptables -A FORWARD -p tcp --dport 80 -m conntrack --ctstate ESTABLISHED -j DROP'], ['nc -lk 80 &']), 'client', 'curl -s -m 1 http://10.0.2.2/');
    expect(r.exit).toBe(28);
    const sent = r.captures.get('client:eth0')!.filter((f) => f.dir === 'out' && f.frame.payload.kind === 'ipv4' && f.frame.payload.payload.kind === 'tcp' && f.frame.payload.payload.data.length > 0);
    const gaps = sent.slice(1).map((f, i) => Math.round((f.t - sent[i]!.t) / 1e6));
    // The RTO is whole jiffies (51 at HZ=250), doubled; the wheel files each expiry in a bucket past it: level 0
    // adds a jiffy, level 1 (63 jiffies and more) rounds up to 8 jiffies (timer.ts). The kernel here sent them 416 and 832 ms apart.
    expect(gaps).toHaveLength(3);
    const within = (gap: number, lo: number, hi: number) => gap >= lo && gap <= hi;
    expect([within(gaps[0]!, 204, 208), within(gaps[1]!, 408, 440), within(gaps[2]!, 816, 848)]).toEqual([true, true, true]);
  });

  it('never sends segments smaller than TCP_MIN_SND_MSS (48 bytes): a tiny MTU cannot loop on empty ones', () => {
    const r = run(routed(['ip link set eth1 mtu 0'], ['python3 -m http.server -d /srv 80 &']), 'router', 'curl -s -m 2 http://10.0.2.2/');
    expect(r.stopReason).toBe('settled');
    const sizes = tcpdumpIp(r, 'router:eth1').filter((l) => l.includes('Flags [')).map((l) => Number(/length (\d+)$/.exec(l)?.[1] ?? 0)).filter((n) => n > 0 && n < 48);
    expect(sizes).toEqual([]);
  });
});
