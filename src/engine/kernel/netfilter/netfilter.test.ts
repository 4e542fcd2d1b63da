import { describe, expect, it } from 'vitest';
import { routed, run, tcpdumpIp } from '../../sim/testing';
import { why } from '../../trace/why';

const web = ['nc -lk 80 &'];

describe('netfilter (x_tables, conntrack, NAT)', () => {
  it('a forwarded packet meets PREROUTING on its way in and FORWARD and POSTROUTING on its way out: the steps name those ports', () => {
    const rules = ['iptables -t mangle -A PREROUTING -j ACCEPT', 'iptables -A FORWARD -j ACCEPT', 'iptables -t mangle -A POSTROUTING -j ACCEPT', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'];
    const r = run(routed(rules), 'client', 'ping -c 1 10.0.2.2');
    const steps = r.events.filter((e) => e.device === 'router' && e.kind === 'hook' && e.dir === 'original').map((e) => `${e.facts?.table} ${why(e).split(':')[0]!.split(' ')[1]} ${e.port}`);
    expect(steps).toEqual(['mangle PREROUTING eth0', 'filter FORWARD eth1', 'mangle POSTROUTING eth1', 'nat POSTROUTING eth1']);
  });

  it('REJECT answers ICMP port unreachable by default; nc sees "refused" at once (exit 1)', () => {
    const r = run(routed(['iptables -A FORWARD -p tcp --dport 80 -j REJECT'], web), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(tcpdumpIp(r, 'client:eth0')).toContain('IP 10.0.1.1 > 10.0.1.2: ICMP 10.0.2.2 tcp port 80 unreachable, length 68');
    expect(r.exit).toBe(1);
    expect(r.endedAt).toBeLessThan(100_000_000);
  });

  it('REJECT --reject-with tcp-reset answers with a RST from the destination address', () => {
    const r = run(routed(['iptables -A FORWARD -p tcp --dport 80 -j REJECT --reject-with tcp-reset'], web), 'client', 'nc -z -w 2 10.0.2.2 80');
    const rst = tcpdumpIp(r, 'client:eth0').find((l) => l.includes('Flags [R.]'));
    expect(rst).toMatch(/^IP 10\.0\.2\.2\.80 > 10\.0\.1\.2\.\d+: Flags \[R\.\], seq 0, ack \d+, win 0, length 0$/);
    expect(r.exit).toBe(1);
  });

  it('DROP is silent: nc waits for its -w timeout, the SYN is retransmitted after 1 s, rounded up to a 32 ms bucket of the timer wheel', () => {
    const r = run(routed(['iptables -P FORWARD DROP'], web), 'client', 'nc -z -w 2 10.0.2.2 80');
    const syns = r.captures.get('client:eth0')!.filter((f) => f.frame.payload.kind === 'ipv4');
    expect(syns).toHaveLength(2);
    // The timer starts when TCP sends; the first SYN also waited for ARP on the way out. The kernel's
    // retransmits here came 1.004 to 1.030 s after the SYN: 250 jiffies, filed in an 8-jiffy bucket past them.
    const gap = syns[1]!.t - syns[0]!.t;
    expect(gap).toBeGreaterThan(999_000_000);
    expect(gap).toBeLessThanOrEqual(1_032_000_000);
    expect(r.exit).toBe(1);
    expect(r.endedAt).toBeGreaterThanOrEqual(2_000_000_000);
  });

  it('rule counters count the packets each rule matched; policy counters the rest', () => {
    const r = run(routed(['iptables -A FORWARD -p icmp -j ACCEPT', 'iptables -A FORWARD -p tcp -j DROP'], web), 'client', 'ping -c 2 -i 0.2 -W 1 10.0.2.2');
    const chain = r.network.stacks.get('router')!.nf.tables.filter.chains.get('FORWARD')!;
    expect(chain.rules[0]!.packets).toBe(4);
    expect(chain.rules[0]!.bytes).toBe(4 * 84);
    expect(chain.rules[1]!.packets).toBe(0);
  });

  it('a user chain is entered by -j and left by RETURN, falling back to the calling chain', () => {
    const r = run(routed(['iptables -N CHECK', 'iptables -A CHECK -p tcp -j RETURN', 'iptables -A CHECK -j DROP', 'iptables -A FORWARD -j CHECK'], web), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(r.exit).toBe(0);
    const ping = run(routed(['iptables -N CHECK', 'iptables -A CHECK -p tcp -j RETURN', 'iptables -A CHECK -j DROP', 'iptables -A FORWARD -j CHECK'], web), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(ping.exit).toBe(1);
  });

  it('MASQUERADE rewrites the source on the way out and conntrack undoes it on the reply', () => {
    const r = run(routed(['iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(tcpdumpIp(r, 'server:eth0').some((l) => l.startsWith('IP 10.0.2.1 > 10.0.2.2: ICMP echo request'))).toBe(true);
    expect(tcpdumpIp(r, 'client:eth0').some((l) => l.startsWith('IP 10.0.2.2 > 10.0.1.2: ICMP echo reply'))).toBe(true);
    expect(r.events.some((e) => e.kind === 'nat' && e.device === 'router' && e.dir === 'reply')).toBe(true);
  });

  it('DNAT without a port keeps the destination port; the nat table sees only the first packet', () => {
    const r = run(routed(['iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp -j DNAT --to-destination 10.0.2.2'], web), 'client', 'nc -z -w 2 10.0.1.1 80');
    expect(r.exit).toBe(0);
    expect(tcpdumpIp(r, 'server:eth0')[2]).toMatch(/^IP 10\.0\.1\.2\.\d+ > 10\.0\.2\.2\.80: Flags \[S\]/);
    const pre = r.network.stacks.get('router')!.nf.tables.nat.chains.get('PREROUTING')!;
    expect(pre.rules[0]!.packets).toBe(1);
  });

  it('SNAT --to-source picks the given address', () => {
    const r = run(routed(['ip addr add 10.0.2.100/24 dev eth1', 'iptables -t nat -A POSTROUTING -o eth1 -j SNAT --to-source 10.0.2.100']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(tcpdumpIp(r, 'server:eth0').some((l) => l.startsWith('IP 10.0.2.100 > 10.0.2.2: ICMP echo request'))).toBe(true);
    expect(r.exit).toBe(0);
  });

  it('statistic --mode nth --every 2 alternates connections in the nat table (round-robin DNAT)', () => {
    const s = routed(['ip addr add 10.0.2.3/24 dev eth1', 'iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp -m statistic --mode nth --every 2 --packet 0 -j DNAT --to-destination 10.0.2.2', 'iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp -j DNAT --to-destination 10.0.2.9'], web);
    const r = run(s, 'client', 'nc -z -w 1 10.0.1.1 80 ; nc -z -w 1 10.0.1.1 80');
    const syns = tcpdumpIp(r, 'router:eth1').filter((l) => l.includes('Flags [S]'));
    expect(syns[0]).toContain('> 10.0.2.2.80');
    expect(r.events.some((e) => e.kind === 'nat' && why(e).includes('10.0.2.9:80'))).toBe(true);
  });

  it('MARK in mangle OUTPUT re-routes the packet by fwmark (ip_route_me_harder)', () => {
    const r = run(
      routed([], [], ["echo '7 alt' >> /etc/iproute2/rt_tables", 'ip route add 10.0.2.0/24 via 10.0.1.99 table alt', 'ip rule add fwmark 7 lookup alt', 'iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 7']),
      'client',
      'ping -c 1 -W 1 10.0.2.2',
    );
    expect(tcpdumpIp(r, 'client:eth0')[0]).toContain('Request who-has 10.0.1.99');
    expect(r.events.some((e) => e.kind === 'route' && why(e).includes('routed again'))).toBe(true);
  });

  it('conntrack: the first packet is NEW, the reply ESTABLISHED; --ctstate matches accordingly', () => {
    const r = run(routed(['iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', 'iptables -A FORWARD -i eth0 -m conntrack --ctstate NEW -j ACCEPT', 'iptables -P FORWARD DROP'], web), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(r.exit).toBe(0);
    const back = run(routed(['iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', 'iptables -A FORWARD -i eth0 -m conntrack --ctstate NEW -j ACCEPT', 'iptables -P FORWARD DROP'], [], web), 'server', 'nc -z -w 1 10.0.1.2 80');
    expect(back.exit).toBe(1);
  });
});
