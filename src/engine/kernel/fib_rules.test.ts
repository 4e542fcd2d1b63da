import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { run, scenarioOf } from '../sim/testing';
import { AF_INET6 } from '../addr/family';
import { Errno } from './errors';
import { RT_TABLE_MAIN } from './fib';
import { fibRule, fibRulesLookup, fibRulesRegister, lookupRulesOps, type FibRulesOps } from './fib_rules';
import { routeOutput } from './route';
import { rtmNewRule } from './rtnetlink';

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
    expect(st.ipv4.rulesOps.rules.map((r) => r.priority)).toEqual([0, 32764, 32765, 32766, 32767]);
  });
});

describe('fib_rules_ops per family (fib_rules_register)', () => {
  /** A second family's rules (as IPv6's fib6_rules_ops would be), recording the tables it is asked about. */
  const toyOps = (asked: number[]): FibRulesOps => ({
    family: AF_INET6,
    rules: [fibRule({ priority: 0, action: 'lookup', table: 255 }), fibRule({ priority: 32766, action: 'lookup', table: RT_TABLE_MAIN })],
    custom: false,
    match: () => true,
    tables: { get: (table) => ({ lookup: () => void asked.push(table) }) },
  });

  it('RTM_NEWRULE goes to the rules of its family; a family nobody registered is EAFNOSUPPORT', () => {
    const st = stackOf([]);
    const rule = { action: 'lookup' as const, table: 100, not: false, priority: 200 };
    expect(rtmNewRule(st, { ...rule, family: AF_INET6 }).errno).toBe(Errno.EAFNOSUPPORT);
    const ops = toyOps([]);
    fibRulesRegister(st, ops);
    expect(lookupRulesOps(st, AF_INET6)).toBe(ops);
    expect(rtmNewRule(st, { ...rule, family: AF_INET6 }).errno).toBe(0);
    expect(ops.rules.map((r) => r.priority)).toEqual([0, 200, 32766]);
    expect(ops.custom).toBe(true);
    // IPv4's rules and lookups are untouched.
    expect(st.ipv4.rulesOps.rules.map((r) => r.priority)).toEqual([0, 32766, 32767]);
    expect(st.hasCustomRules()).toBe(false);
    expect(routeOutput(st, { dst: ip('10.0.1.9') }).ok).toBe(true);
  });

  it('the generic lookup walks a family\'s rules and asks that family\'s tables', () => {
    const asked: number[] = [];
    const res = fibRulesLookup(toyOps(asked), { dst: 1, src: 0, mark: 0, iif: 'lo' });
    expect(asked).toEqual([255, RT_TABLE_MAIN]);
    expect(res).toEqual({ ok: false, errno: Errno.ENETUNREACH });
  });
});
