import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { run, scenarioOf } from '../sim/testing';
import { routeOutput } from './route';

const ip = (s: string) => parseIp4(s)!;

function stackOf(config: string[]) {
  const s = scenarioOf({ h: { ports: ['eth0', 'eth1'], config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.1.1/24 dev eth1', "echo '100 isp1' >> /etc/iproute2/rt_tables", ...config] } }, []);
  return run(s, 'h', 'true').network.stacks.get('h')!;
}

describe('policy routing rules (fib_rules.c)', () => {
  it('fwmark selects the table; without the mark the main table decides', () => {
    const st = stackOf(['ip route add default via 10.0.0.254', 'ip route add default via 10.0.1.254 table isp1', 'ip rule add fwmark 1 table isp1 priority 100']);
    const marked = routeOutput(st, { dst: ip('8.8.8.8'), mark: 1 });
    const plain = routeOutput(st, { dst: ip('8.8.8.8') });
    expect(marked.ok && marked.dev.name).toBe('eth1');
    expect(marked.ok && marked.rule?.priority).toBe(100);
    expect(plain.ok && plain.dev.name).toBe('eth0');
  });

  it('fwmark with a mask matches when (mark ^ value) & mask == 0', () => {
    const st = stackOf(['ip route add default via 10.0.1.254 table isp1', 'ip rule add fwmark 0x10/0xf0 table isp1']);
    expect(routeOutput(st, { dst: ip('8.8.8.8'), mark: 0x13 }).ok).toBe(true);
    const miss = routeOutput(st, { dst: ip('8.8.8.8'), mark: 0x23 });
    expect(miss.ok).toBe(false);
  });

  it('a table with no match falls through to the next rule, and a throw route does too', () => {
    const st = stackOf(['ip route add default via 10.0.0.254', 'ip route add throw 8.8.0.0/16 table isp1', 'ip route add 9.9.9.0/24 via 10.0.1.254 table isp1', 'ip rule add from all lookup isp1 priority 10']);
    const thrown = routeOutput(st, { dst: ip('8.8.8.8') });
    const hit = routeOutput(st, { dst: ip('9.9.9.9') });
    expect(thrown.ok && thrown.rule?.priority).toBe(32766);
    expect(hit.ok && hit.rule?.priority).toBe(10);
  });

  it('"from" selects by source; "not" inverts; an unreachable action ends the lookup with ENETUNREACH', () => {
    const st = stackOf(['ip route add default via 10.0.1.254 table isp1', 'ip rule add from 10.0.1.1 lookup isp1', 'ip rule add not to 8.8.0.0/16 unreachable priority 50']);
    const from = routeOutput(st, { dst: ip('8.8.8.8'), src: ip('10.0.1.1') });
    expect(from.ok && from.dev.name).toBe('eth1');
    const blocked = routeOutput(st, { dst: ip('1.1.1.1') });
    expect(blocked.ok ? 0 : blocked.errno).toBe(101);
  });

  it('a rule without priority goes just before the lowest existing non-zero priority', () => {
    const st = stackOf(['ip rule add lookup isp1', 'ip rule add lookup isp1']);
    expect(st.rules.map((r) => r.priority)).toEqual([0, 32764, 32765, 32766, 32767]);
  });
});
