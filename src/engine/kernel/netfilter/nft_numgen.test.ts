import { describe, expect, it } from 'vitest';
import { routed, run, tcpdumpIp } from '../../sim/testing';
import { why } from '../../trace/why';

/*
 * nft_numgen.c: `numgen random` draws afresh for each packet, `numgen inc` counts per rule; the
 * verdict map after it acts on the number drawn, which the trace shows (kube-proxy's nftables
 * mode picks an endpoint so).
 */

const forward = (rule: string) => ["nft -f - <<'EOF'", 'table ip t {', '\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', `\t\t${rule}`, '\t}', '}', 'EOF'];

describe('nft_numgen', () => {
  it('numgen random mod 2: the verdict map takes the number the trace says was drawn', () => {
    const r = run(routed(forward('icmp type echo-request numgen random mod 2 vmap { 0 : accept, 1 : drop }')), 'client', 'ping -c 1 -W 1 10.0.2.2');
    const draws = r.events.filter((e) => e.reason.code === 'nft_numgen');
    expect(draws).toHaveLength(1);
    const drawn = draws[0]!.reason as { value: number };
    expect(why(draws[0]!)).toBe(`numgen random mod 2: drew ${drawn.value} (each of 0…1 equally likely, drawn afresh for each packet)`);
    expect(r.exit).toBe(drawn.value === 0 ? 0 : 1);
    expect(tcpdumpIp(r, 'server:eth0').some((l) => l.includes('echo request'))).toBe(drawn.value === 0);
  });

  it('numgen inc mod 2 offset 5 counts per rule: 5, 6, 5, 6, so every other echo request is dropped', () => {
    const r = run(routed(forward('icmp type echo-request numgen inc mod 2 offset 5 vmap { 5 : accept, 6 : drop }')), 'client', 'ping -c 4 -i 0.2 -W 1 10.0.2.2');
    const values = r.events.filter((e) => e.reason.code === 'nft_numgen').map((e) => (e.reason as { value: number }).value);
    expect(values).toEqual([5, 6, 5, 6]);
    expect(why(r.events.find((e) => e.reason.code === 'nft_numgen')!)).toBe("numgen inc mod 2 offset 5: 5 (the rule's counter, one more for each packet, wraps within 5…6)");
    expect(tcpdumpIp(r, 'server:eth0').filter((l) => l.includes('echo request'))).toHaveLength(2);
    expect(r.exit).toBe(0);
  });
});
