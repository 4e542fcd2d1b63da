import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { routed, run, tcpdumpIp, twoHosts } from '../sim/testing';

const pair = (serverExtra: string[] = []) => twoHosts(['ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0', ...serverExtra]);

describe('TCP (tcp_ipv4.c, tcp_input.c, tcp_output.c)', () => {
  it('nc -z: handshake, then the client closes with FIN and the listener answers FIN (6 segments, as on Linux 6.18)', () => {
    const r = run(pair(['nc -lk 80 &']), 'a', 'nc -z -w 2 10.0.0.2 80');
    const tcp = tcpdumpIp(r, 'a:eth0').filter((l) => l.includes('Flags'));
    expect(tcp.map((l) => /Flags \[([^\]]+)\]/.exec(l)![1])).toEqual(['S', 'S.', '.', 'F.', 'F.', '.']);
    expect(tcp[0]).toMatch(/win 64240, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 10\], length 0$/);
    expect(tcp[1]).toMatch(/win 65160, options \[mss 1460,sackOK,TS val \d+ ecr \d+,nop,wscale 10\], length 0$/);
    expect(tcp[2]).toMatch(/win 63, options \[nop,nop,TS val \d+ ecr \d+\], length 0$/);
    expect(tcp[4]).toMatch(/win 64, options/);
    expect(r.exit).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('the SYN-ACK window comes from the listener\'s own advmss, not the peer\'s smaller MSS (tcp_openreq_init_rwin)', () => {
    const lab = twoHosts(['ip link set eth0 mtu 1400', 'ip addr add 10.0.0.1/24 dev eth0'], ['ip addr add 10.0.0.2/24 dev eth0', 'nc -lk 80 &']);
    const r = run(lab, 'a', 'nc -z -w 2 10.0.0.2 80');
    const tcp = tcpdumpIp(r, 'a:eth0').filter((l) => l.includes('Flags'));
    expect(tcp[0]).toMatch(/options \[mss 1360,/);
    expect(tcp[1]).toMatch(/win 65160, options \[mss 1460,/);
  });

  it('a SYN to a closed port gets RST+ACK (seq 0, ack = its seq + 1, win 0); nc exits 1 at once', () => {
    const r = run(pair(), 'a', 'nc -z -w 2 10.0.0.2 81');
    const rst = tcpdumpIp(r, 'a:eth0').find((l) => l.includes('[R.]'))!;
    const syn = tcpdumpIp(r, 'a:eth0').find((l) => l.includes('[S]'))!;
    const seq = Number(/seq (\d+)/.exec(syn)![1]);
    expect(rst).toBe(`IP 10.0.0.2.81 > 10.0.0.1.${/10\.0\.0\.1\.(\d+)/.exec(syn)![1]}: Flags [R.], seq 0, ack ${(seq + 1) >>> 0}, win 0, length 0`);
    expect(r.exit).toBe(1);
  });

  it('an unanswered SYN is retransmitted 1 s, then 2 s later (RTO doubling); nc -w gives up silently', () => {
    const r = run(routed(['iptables -P FORWARD DROP']), 'client', 'nc -z -w 5 10.0.2.2 80');
    const t = r.captures.get('client:eth0')!.filter((f) => f.frame.payload.kind === 'ipv4').map((f) => f.t);
    expect(t).toHaveLength(3);
    expect(Math.round((t[1]! - t[0]!) / 1e8)).toBe(10);
    expect(Math.round((t[2]! - t[1]!) / 1e8)).toBe(20);
    expect(r.exit).toBe(1);
  });

  it('when the SYN-ACK is lost, the server\'s SYN-ACK retransmit leaves before the client\'s SYN retransmit: both 1 s timers share a timer-wheel bucket, and the later-armed (and pinned) rsk_timer runs first', () => {
    // The router drops the server's SYN-ACKs; the client armed its timer first (its SYN reached the server later).
    const r = run(routed(['iptables -A FORWARD -p tcp --sport 80 -j DROP'], ['nc -lk 80 &']), 'client', 'nc -z -w 2 10.0.2.2 80');
    const toServer = tcpdumpIp(r, 'router:eth1').filter((l) => l.includes('Flags')).map((l) => `${l.includes('10.0.2.2.80 >') ? 'S' : 'C'} ${/Flags \[([^\]]+)\]/.exec(l)?.[1]}`);
    expect(toServer).toEqual(['C S', 'S S.', 'S S.', 'C S', 'S S.']);
    expect(r.exit).toBe(1);
  });

  it('an unexpected SYN-ACK is answered with a bare RST whose seq is the SYN-ACK\'s ack (hairpin NAT, broken)', () => {
    const parsed = parseScenario(BUILTIN_SCENARIOS['hairpin-nat-broken']!);
    if (!parsed.ok) throw new Error('parse');
    const r = runFlow(parsed.scenario, 1);
    const lines = tcpdumpIp(r, 'pc2:eth0');
    const synAck = lines.find((l) => l.includes('192.168.1.2.80 > 192.168.1.3') && l.includes('[S.]'))!;
    const ack = /ack (\d+)/.exec(synAck)![1];
    expect(lines).toContain(`IP 192.168.1.3.${/192\.168\.1\.3\.(\d+)/.exec(synAck)![1]} > 192.168.1.2.80: Flags [R], seq ${ack}, win 0, length 0`);
    expect(r.exit).toBe(1);
  });
});
