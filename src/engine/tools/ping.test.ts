import { describe, expect, it } from 'vitest';
import { run, scenarioOf, tcpdumpIp } from '../sim/testing';

/* iputils ping (20221126): options that change what goes on the wire, and its exit statuses. */

const twoWays = scenarioOf(
  {
    h: {
      ports: ['eth0', 'eth1'],
      config: [
        'ip addr add 10.0.1.2/24 dev eth0',
        'ip addr add 10.0.2.2/24 dev eth1',
        'ip route add default via 10.0.1.1',
        "echo '7 alt' >> /etc/iproute2/rt_tables",
        'ip route add default via 10.0.2.1 table alt',
        'ip rule add fwmark 7 lookup alt',
      ],
    },
    r1: { ports: ['eth0'], config: ['ip addr add 10.0.1.1/24 dev eth0'] },
    r2: { ports: ['eth0'], config: ['ip addr add 10.0.2.1/24 dev eth0'] },
  },
  [['h:eth0', 'r1:eth0'], ['h:eth1', 'r2:eth0']],
);

describe('ping', () => {
  it('-m MARK sets SO_MARK: the fwmark rule routes the echo out the other port (fib_rules matches skb->mark)', () => {
    const marked = run(twoWays, 'h', 'ping -c 1 -W 1 -m 7 192.0.2.9');
    expect(tcpdumpIp(marked, 'h:eth1').some((l) => l.includes('ICMP echo request'))).toBe(true);
    expect(tcpdumpIp(marked, 'h:eth0').some((l) => l.includes('ICMP echo request'))).toBe(false);
    const plain = run(twoWays, 'h', 'ping -c 1 -W 1 192.0.2.9');
    expect(tcpdumpIp(plain, 'h:eth0').some((l) => l.includes('ICMP echo request'))).toBe(true);
  });

  it('an invalid number exits 1 with strtol_or_err\'s message, as iputils does', () => {
    const bad = run(twoWays, 'h', 'ping -c abc 10.0.1.1');
    expect([bad.exit, bad.stderr]).toEqual([1, "ping: invalid argument: 'abc'\n"]);
    const range = run(twoWays, 'h', 'ping -m 4294967296 10.0.1.1');
    expect([range.exit, range.stderr]).toEqual([1, "ping: invalid argument: '4294967296': out of range: 0 <= value <= 4294967295\n"]);
  });
});

describe('ping statistics', () => {
  const lan = scenarioOf({ h: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0'] }, r: { ports: ['eth0'], config: ['ip addr add 10.0.1.1/24 dev eth0'] } }, [['h:eth0', 'r:eth0']]);

  it('"pipe N": the most probes outstanding when one was answered or refused (iputils acknowledge(), as printed on Debian 12)', () => {
    // Nobody has 10.0.1.9: ARP gives up after 3 s, when both echoes wait, and both come back as errors.
    const lost = run(lan, 'h', 'ping -c 2 10.0.1.9');
    expect(lost.exit).toBe(1);
    expect(lost.stdout).toMatch(/\+2 errors, 100% packet loss, time \d+ms\npipe 2\n$/);
    // One probe at a time: no pipe line, and the blank line iputils prints when nothing came back.
    const one = run(lan, 'h', 'ping -c 1 10.0.1.9');
    expect(one.stdout).toMatch(/\+1 errors, 100% packet loss, time 0ms\n\n$/);
    const answered = run(lan, 'h', 'ping -c 2 10.0.1.1');
    expect(answered.stdout).toMatch(/rtt min\/avg\/max\/mdev = [\d./]+ ms\n$/);
  });
});
