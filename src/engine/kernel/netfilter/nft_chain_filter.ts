import type { NftHook, NftStmt } from '../../nft/ast';
import type { NftChain, NftRuleset, NftTable } from '../../nft/ruleset';
import type { Stack } from '../stack';
import { NFPROTO_IPV4, type NfHookFn, type NfHookOps, type NfHooks } from './core';
import { nftDoChain, type NftChainResult, type NftChainRun } from './nf_tables_core';
import type { Hook } from './x_tables';

/*
 * nft_chain_filter.c and nft_chain_route.c: each filter or route base chain of the ruleset is
 * one nf_hook_ops at its hook and priority (nft_do_chain_ipv4 / _inet), beside iptables' tables,
 * conntrack and NAT; the ip and inet families both see IPv4 packets. nat base chains are not
 * hook operations of their own: they register with the NAT core (nft_chain_nat.c,
 * nf_nat_ipv4_register_fn), which runs them, by priority, for a connection's first packet
 * only (netfilter.ts natHook). A dormant table's chains are unregistered.
 */

export const NFT_HOOK: Record<NftHook, Hook> = { prerouting: 'PREROUTING', input: 'INPUT', forward: 'FORWARD', output: 'OUTPUT', postrouting: 'POSTROUTING' };

export interface NftChainPriv {
  stack: Stack;
  table: NftTable;
  chain: NftChain;
  /** What identifies the base chain's registration across commits. */
  key: string;
}

/** Runs the chain and puts it in the trace, naming the table, chain, rule handle and verdict. */
export function nftRunBaseChain(stack: Stack, table: NftTable, chain: NftChain, run: NftChainRun): NftChainResult {
  const before = run.skb.pkt;
  // Counters, dynamic sets and quotas move anywhere in the chain (the view log is told).
  stack.stateBegin('nft');
  const res = nftDoChain(run, table, chain);
  stack.stateEnd('nft');
  if (!stack.tracing) return res;
  const hook = run.hook;
  stack.trace({
    layer: 'netfilter',
    kind: res.verdict === 'DROP' ? 'drop' : 'hook',
    port: (hook === 'PREROUTING' || hook === 'INPUT' ? run.inDev : run.outDev ?? run.inDev)?.name,
    packet: run.skb.pkt,
    before: before !== run.skb.pkt ? before : undefined,
    dir: run.skb.ct ? (run.skb.ctReply ? 'reply' : 'original') : undefined,
    reason: { code: res.verdict === 'DROP' ? 'nft_drop' : 'nft_chain', family: table.family, table: table.name, chain: chain.name, hook: chain.base!.hook, rule: res.rule, policy: chain.base!.policy },
    facts: { table: `${table.family} ${table.name}`, chain: res.rule?.chain ?? chain.name, ...(res.rule ? { handle: String(res.rule.handle), verdict: res.rule.verdict } : { policy: chain.base!.policy }) },
  });
  return res;
}

/** nft_do_chain_ipv4: the chain's verdict for the hook (nf_hook_slow goes on after an accept). */
const nftDoChainIpv4: NfHookFn<NftChainPriv> = (p, skb, s) => nftRunBaseChain(p.stack, p.table, p.chain, { stack: p.stack, skb, hook: s.hook, inDev: s.inDev, outDev: s.outDev }).verdict;

/** nft_chain_route's output hook: a changed mark or address routes the packet again. */
const nftRouteOutput: NfHookFn<NftChainPriv> = (p, skb, s) => {
  const { src, dst } = skb.pkt;
  const mark = skb.mark;
  const verdict = nftDoChainIpv4(p, skb, s);
  if (verdict === 'ACCEPT' && (skb.pkt.src !== src || skb.pkt.dst !== dst || skb.mark !== mark)) s.reroute = true;
  return verdict;
};

/** The IPv4 tables' base chains, in the order nft_register_basechain_hooks would walk them. */
function baseChains(rs: NftRuleset): { table: NftTable; chain: NftChain }[] {
  const found: { table: NftTable; chain: NftChain }[] = [];
  for (const table of rs.tables) if (!table.dormant) for (const chain of table.chains) if (chain.base) found.push({ table, chain });
  return found;
}

/** One hook operation per filter or route base chain. */
export function nftHookOps(stack: Stack, rs: NftRuleset): NfHookOps<NftChainPriv>[] {
  return baseChains(rs)
    .filter(({ chain }) => chain.base!.type !== 'nat')
    .map(({ table, chain }) => {
      const hook = NFT_HOOK[chain.base!.hook];
      const key = `${table.family} ${table.name} ${chain.name} ${chain.base!.type} ${hook} ${chain.base!.priority}`;
      return { hook, pf: NFPROTO_IPV4, priority: chain.base!.priority, owner: `nf_tables ${table.family} ${table.name} ${chain.name}`, priv: { stack, table, chain, key }, fn: chain.base!.type === 'route' && hook === 'OUTPUT' ? nftRouteOutput : nftDoChainIpv4 };
    });
}

/**
 * nf_tables_commit: a base chain the commit leaves in place keeps its registration (and so its
 * place among equal priorities); one it adds is registered after those, one it removes goes.
 * Returns the operations now registered.
 */
export function nftSyncHookOps(hooks: NfHooks, old: readonly NfHookOps<NftChainPriv>[], wanted: readonly NfHookOps<NftChainPriv>[]): NfHookOps<NftChainPriv>[] {
  const kept = new Map(old.map((o) => [o.priv.key, o]));
  const now = wanted.map((w) => {
    const o = kept.get(w.priv.key);
    if (!o) {
      hooks.register(w);
      return w;
    }
    kept.delete(w.priv.key);
    // The same chain in the new ruleset: its rules and counters are the new copy's.
    o.priv.table = w.priv.table;
    o.priv.chain = w.priv.chain;
    return o;
  });
  for (const o of kept.values()) hooks.unregister(o);
  return now;
}

/** The nat base chains at a hook, for the NAT core to run by priority. */
export function nftNatChainsAt(rs: NftRuleset, hook: Hook): { table: NftTable; chain: NftChain; priority: number }[] {
  return baseChains(rs)
    .filter(({ chain }) => chain.base!.type === 'nat' && NFT_HOOK[chain.base!.hook] === hook)
    .map(({ table, chain }) => ({ table, chain, priority: chain.base!.priority }));
}

/** Whether any nat base chain is registered with the NAT core. */
export function nftHasNatChains(rs: NftRuleset): boolean {
  return baseChains(rs).some(({ chain }) => chain.base!.type === 'nat');
}

/** Whether a rule's expressions use conntrack (ct, ct set, NAT): loading it turns tracking on. */
export function nftRuleNeedsConntrack(stmts: readonly NftStmt[]): boolean {
  const uses = (v: unknown): boolean => {
    if (!v || typeof v !== 'object') return false;
    const o = v as Record<string, unknown>;
    if (o.kind === 'ct' || o.kind === 'ct-set' || o.kind === 'nat') return true;
    return Object.values(o).some((x) => (Array.isArray(x) ? x.some(uses) : uses(x)));
  };
  return stmts.some(uses);
}

/**
 * Whether the ruleset makes the namespace track connections (nf_ct_netns_get): a nat chain, a
 * ct expression or statement, or a NAT statement.
 */
export function nftNeedsConntrack(rs: NftRuleset): boolean {
  return nftHasNatChains(rs) || rs.tables.some((t) => !t.dormant && t.chains.some((c) => c.rules.some((r) => nftRuleNeedsConntrack(r.stmts))));
}

