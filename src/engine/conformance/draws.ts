import type { NatInfo } from '../iptables/extensions/libxt_NAT';
import type { StatisticInfo } from '../iptables/extensions/libxt_statistic';
import type { IptRule } from '../kernel/netfilter/x_tables';
import type { Stack } from '../kernel/stack';
import type { Network } from '../sim/network';
import { findChain } from '../nft/ruleset';

/*
 * Which endpoint an unseeded kernel draw picks (`-m statistic --mode random`, kube-proxy's
 * KUBE-SVC chains) cannot be made to agree with the simulator's seeded draw. The recorder retries
 * until they agree (scripts/kernel/README.md), which works for one draw among two endpoints but
 * not for two connections among ten (1 run in 100). Where the endpoints are interchangeable on the
 * wire (the same ports see the same frames whichever is chosen) only the address differs, so the
 * comparison renames these addresses by first appearance, as it renames ephemeral ports. Where
 * the choice shows on the wire (each endpoint behind its own port), the frames per port still
 * differ and the retry goes on as before. nft's `numgen random mod N vmap { … }` (kube-proxy's
 * nftables mode) is the same draw.
 */

const drawsAtRandom = (rule: IptRule) => rule.matches.some((m) => m.info?.name === 'statistic' && (m.info as StatisticInfo).mode === 'random');

/** The DNAT addresses of the chains a chain with a random draw sends to: from its first drawing rule on. */
function drawnIn(stack: Stack, out: Set<number>): void {
  const nat = stack.nf.tables.nat.chains;
  for (const chain of nat.values()) {
    const first = chain.rules.findIndex(drawsAtRandom);
    if (first < 0) continue;
    for (const rule of chain.rules.slice(first)) {
      const target = rule.target.enters === undefined ? undefined : nat.get(rule.target.enters);
      for (const r of target?.rules ?? []) {
        const info = r.target.info;
        if (info?.name !== 'DNAT') continue;
        // kube-proxy's endpoints DNAT to one address each (a range's first stands for it).
        const { minIp } = (info as NatInfo).range;
        if (minIp !== undefined) out.add(minIp);
      }
    }
  }
}

/** The same for nft: the dnat addresses of the chains a `numgen random … vmap` sends to. */
function drawnInNft(stack: Stack, out: Set<number>): void {
  for (const table of stack.nf.nftables.tables) {
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        for (const stmt of rule.stmts) {
          if (stmt.kind !== 'vmap' || stmt.key.kind !== 'numgen' || stmt.key.mode !== 'random' || stmt.map.kind !== 'set') continue;
          for (const element of stmt.map.elements) {
            const verdict = element.data;
            if (!verdict || verdict.kind !== 'verdict' || (verdict.verdict !== 'jump' && verdict.verdict !== 'goto')) continue;
            const target = findChain(table, verdict.chain);
            for (const r of target?.rules ?? []) {
              for (const s of r.stmts) {
                if (s.kind !== 'nat' || s.type !== 'dnat' || !s.addr) continue;
                const addr = s.addr.kind === 'value' && 'value' in s.addr.v ? s.addr.v.value : s.addr.kind === 'range' ? s.addr.lo.value : undefined;
                if (addr !== undefined) out.add(addr);
              }
            }
          }
        }
      }
    }
  }
}

/** Every such endpoint address of the booted network, in every device and namespace. */
export function drawnEndpoints(net: Network): Set<number> {
  const out = new Set<number>();
  for (const init of net.stacks.values()) {
    for (const stack of [init, ...(init.netns?.names() ?? []).map((name) => init.netns!.get(name)!)]) {
      drawnIn(stack, out);
      drawnInNft(stack, out);
    }
  }
  return out;
}
