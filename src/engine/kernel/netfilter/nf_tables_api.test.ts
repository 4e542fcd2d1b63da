import { describe, expect, it } from 'vitest';
import { configCommand } from '../../command/testing';
import type { IptablesCommand } from '../../command/types';
import { buildRule } from '../../iptables/build';
import { routed, run } from '../../sim/testing';
import { EBUSY, EINVAL, EMLINK, ENOENT, EOPNOTSUPP, nfBegin, nfDelChain, nfNewChain, nfNewRule, nfSetPolicy } from './nf_tables_api';

/** A rule as iptables hands it to the kernel. */
function rule(line: string) {
  const a = (configCommand(line) as IptablesCommand).action;
  if (!('rule' in a)) throw new Error('not a rule command');
  return buildRule(a.rule);
}

describe('nf_tables requests: objects in, errno and the bad attribute out (no tool wording)', () => {
  const router = () => run(routed(), 'client', 'ping -c 1 -W 1 10.0.2.2').network.stacks.get('router')!;

  it('NEWRULE: a missing chain is ENOENT on the chain; a target its hooks forbid is EINVAL, a loop of jumps EMLINK, on the rule', () => {
    const stack = router();
    expect(nfNewRule(stack, 'filter', 'NOPE', rule('iptables -A INPUT -j ACCEPT'), { op: 'append' })).toEqual({ errno: ENOENT, attr: 'chain' });
    expect(nfNewRule(stack, 'nat', 'POSTROUTING', rule('iptables -t nat -A POSTROUTING -p tcp -j DNAT --to-destination 10.0.2.2'), { op: 'append' })).toEqual({ errno: EINVAL, attr: 'rule' });
    expect(nfNewChain(stack, 'filter', 'A')).toBeUndefined();
    expect(nfNewRule(stack, 'filter', 'INPUT', rule('iptables -A INPUT -j A'), { op: 'append' })).toBeUndefined();
    expect(nfNewRule(stack, 'filter', 'A', rule('iptables -A A -j A'), { op: 'append' })).toEqual({ errno: EMLINK, attr: 'rule' });
  });

  it('the policy of a user chain is EOPNOTSUPP, a policy other than ACCEPT or DROP EINVAL; a chain with rules or jumped to is not deleted (EBUSY)', () => {
    const stack = router();
    nfNewChain(stack, 'filter', 'A');
    expect(nfSetPolicy(stack, 'filter', 'A', 'DROP')).toEqual({ errno: EOPNOTSUPP, attr: 'chain' });
    expect(nfSetPolicy(stack, 'filter', 'INPUT', 'REJECT')).toEqual({ errno: EINVAL });
    nfNewRule(stack, 'filter', 'A', rule('iptables -A A -j ACCEPT'), { op: 'append' });
    expect(nfDelChain(stack, 'filter', 'A')).toEqual({ errno: EBUSY, attr: 'chain', chain: 'A' });
    nfNewChain(stack, 'filter', 'B');
    nfNewRule(stack, 'filter', 'INPUT', rule('iptables -A INPUT -j B'), { op: 'append' });
    expect(nfDelChain(stack, 'filter', 'B')).toEqual({ errno: EBUSY, attr: 'chain', chain: 'B' });
    nfNewChain(stack, 'filter', 'C');
    expect(nfDelChain(stack, 'filter')).toEqual({ errno: EBUSY, attr: 'chain', chain: 'A' });
    expect(nfDelChain(stack, 'filter', 'C')).toBeUndefined();
  });

  it('an aborted transaction puts every table back as it was', () => {
    const stack = router();
    const t = nfBegin(stack);
    nfNewChain(stack, 'nat', 'B');
    nfNewRule(stack, 'filter', 'FORWARD', rule('iptables -A FORWARD -j DROP'), { op: 'append' });
    t.abort();
    expect(stack.nf.tables.nat.chains.has('B')).toBe(false);
    expect(stack.nf.tables.filter.chains.get('FORWARD')!.rules).toHaveLength(0);
  });
});
