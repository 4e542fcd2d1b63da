import { describe, expect, it } from 'vitest';
import { AF_INET } from '../../addr/family';
import { Conn, type Tuple } from '../../kernel/netfilter/conntrack';
import type { TcpCtState } from '../../kernel/netfilter/conntrack_tcp';
import { conntrackLine } from './conntrack';
import { afterRun, ip, viewOn } from './fixture';

const NS = 1_000_000_000;

function conn(orig: Tuple, reply: Tuple, o: { state?: TcpCtState; seenReply?: boolean; assured?: boolean; left: number; mark?: number }): Conn {
  const c = new Conn(orig, 1);
  c.reply = reply;
  c.seenReply = o.seenReply ?? true;
  c.assured = o.assured ?? false;
  if (o.state) c.tcpState = o.state;
  c.mark = o.mark ?? 0;
  c.expires = 1000 * NS + o.left;
  return c;
}
const t = (src: string, dst: string, proto: number, sport: number, dport: number): Tuple => ({ l3num: AF_INET, src: ip(src), dst: ip(dst), proto, sport, dport });

/* Lines `conntrack -L` printed on the printer lab's router (conntrack-tools 1.4.7). */
describe('conntrack -L lines', () => {
  const now = 1000 * NS;
  it('tcp ESTABLISHED, assured', () => {
    const c = conn(t('192.168.1.2', '192.168.1.1', 6, 42770, 80), t('192.168.1.1', '192.168.1.2', 6, 80, 42770), { state: 'ESTABLISHED', assured: true, left: 431999.6 * NS });
    expect(conntrackLine(c, now)).toBe('tcp      6 431999 ESTABLISHED src=192.168.1.2 dst=192.168.1.1 sport=42770 dport=80 src=192.168.1.1 dst=192.168.1.2 sport=80 dport=42770 [ASSURED] mark=0 use=1\n');
  });
  it('tcp TIME_WAIT through DNAT and SNAT: the reply tuple is not the inverted original', () => {
    const c = conn(t('10.0.0.1', '10.0.0.254', 6, 34858, 8080), t('192.168.1.1', '192.168.1.2', 6, 80, 34858), { state: 'TIME_WAIT', assured: true, left: 119.2 * NS });
    expect(conntrackLine(c, now)).toBe('tcp      6 119 TIME_WAIT src=10.0.0.1 dst=10.0.0.254 sport=34858 dport=8080 src=192.168.1.1 dst=192.168.1.2 sport=80 dport=34858 [ASSURED] mark=0 use=1\n');
  });
  it('icmp, answered and unanswered', () => {
    const a = conn(t('192.168.1.2', '192.168.1.1', 1, 9919, 8), t('192.168.1.1', '192.168.1.2', 1, 9919, 0), { left: 21.5 * NS });
    expect(conntrackLine(a, now)).toBe('icmp     1 21 src=192.168.1.2 dst=192.168.1.1 type=8 code=0 id=9919 src=192.168.1.1 dst=192.168.1.2 type=0 code=0 id=9919 mark=0 use=1\n');
    const u = conn(t('192.168.1.2', '192.168.1.77', 1, 9927, 8), t('192.168.1.77', '192.168.1.2', 1, 9927, 0), { seenReply: false, left: 21.5 * NS });
    expect(conntrackLine(u, now)).toBe('icmp     1 21 src=192.168.1.2 dst=192.168.1.77 type=8 code=0 id=9927 [UNREPLIED] src=192.168.1.77 dst=192.168.1.2 type=0 code=0 id=9927 mark=0 use=1\n');
  });
  it('udp unreplied', () => {
    const c = conn(t('192.168.1.2', '192.168.1.1', 17, 44237, 53), t('192.168.1.1', '192.168.1.2', 17, 53, 44237), { seenReply: false, left: 29.9 * NS });
    expect(conntrackLine(c, now)).toBe('udp      17 29 src=192.168.1.2 dst=192.168.1.1 sport=44237 dport=53 [UNREPLIED] src=192.168.1.1 dst=192.168.1.2 sport=53 dport=44237 mark=0 use=1\n');
  });
});

describe('conntrack -L', () => {
  it('after a ping: one icmp entry, and the count on stderr', () => {
    const net = afterRun('r', 'ping -c 1 192.168.1.1');
    const out = viewOn(net, 'r', 'conntrack -L');
    // The run stops just short of one settle second after the reply: 29 whole seconds of 30 are left.
    expect(out.stdout).toMatch(/^icmp {5}1 29 src=192\.168\.1\.2 dst=192\.168\.1\.1 type=8 code=0 id=(\d+) src=192\.168\.1\.1 dst=192\.168\.1\.2 type=0 code=0 id=\1 mark=0 use=1\n$/);
    expect(out.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(out.exit).toBe(0);
  });

  it('an empty table', () => {
    const net = afterRun('a', 'true');
    expect(viewOn(net, 'a', 'conntrack -L')).toEqual({ stdout: '', stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n', exit: 0 });
  });

  // Kernel model: conntrack.ts sets ASSURED only on a reply in ESTABLISHED; the kernel sets it
  // when the handshake completes (SYN_RECV -> ESTABLISHED), so a short `nc -z` is [ASSURED].
  it('nc -z through the router\'s OUTPUT DNAT: TIME_WAIT, assured', () => {
    const net = afterRun('r', 'nc -z -w 2 10.0.0.254 8080');
    expect(viewOn(net, 'r', 'conntrack -L').stdout).toMatch(/^tcp {6}6 11[89] TIME_WAIT src=10\.0\.0\.1 dst=10\.0\.0\.254 sport=(\d+) dport=8080 src=192\.168\.1\.1 dst=192\.168\.1\.2 sport=80 dport=\1 \[ASSURED\] mark=0 use=1\n$/);
  });
});
