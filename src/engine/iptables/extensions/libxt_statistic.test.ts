import { describe, expect, it } from 'vitest';
import { run, twoHosts } from '../../sim/testing';

/*
 * xt_statistic's random mode (statistic_mt: `(get_random_u32() & 0x7FFFFFFF) < probability`):
 * every packet that reaches the rule draws afresh, and the trace says which rule drew, with
 * what probability, and whether it matched, so a learner can see which KUBE-SEP was chosen.
 */

const A = ['ip addr add 10.0.0.1/24 dev eth0'];
const B = ['ip addr add 10.0.0.2/24 dev eth0'];

function draws(rule: string) {
  const r = run(twoHosts([...A, rule], B), 'a', 'ping -c 6 -i 0.2 -W 1 10.0.0.2');
  const events = r.events.filter((e) => e.reason?.code === 'nf_statistic');
  const sent = r.captures.get('a:eth0')!.filter((f) => f.frame.payload.kind === 'ipv4').length;
  return { r, events, sent };
}

describe('statistic --mode random', () => {
  it('draws once per packet reaching the rule, names the probability as iptables prints it, and the packets it matched are the ones the rule dropped', () => {
    const { events, sent } = draws('iptables -A OUTPUT -p icmp -m statistic --mode random --probability 0.5 -j DROP');
    expect(events).toHaveLength(6);
    for (const e of events) expect(e.reason).toMatchObject({ code: 'nf_statistic', probability: '0.50000000000', negated: false });
    const matched = events.filter((e) => e.reason?.code === 'nf_statistic' && e.reason.matched).length;
    // Each echo that got through was answered: the requests on the wire are the draws that missed.
    expect(sent).toBe(2 * (6 - matched));
  });

  it('! --probability inverts the outcome: probability 1 inverted never matches, and every echo leaves', () => {
    const { events, sent } = draws('iptables -A OUTPUT -p icmp -m statistic --mode random ! --probability 1 -j DROP');
    expect(events.map((e) => e.reason)).toEqual(Array(6).fill({ code: 'nf_statistic', probability: '1.00000000000', negated: true, matched: false }));
    expect(sent).toBe(12);
  });
});
