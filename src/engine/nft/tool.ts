import type { NftCommandLine } from '../command/nft';
import { hereDocumentPlace } from '../command/lexer';
import type { Stack } from '../kernel/stack';
import { runNft, type NftRunResult, type NftSource } from './run';
import { iptablesNftChanges, withoutIptablesChains } from './xt_translate';
import { nfAdoptChain, nfDelChainObject, nfDelRule, nfDelTable, nfSetNftRules, nfSetPolicy } from '../kernel/netfilter/nf_tables_api';
import type { XtContext } from '../kernel/netfilter/x_tables';
import type { NftTable } from './ruleset';
import { nativeRule } from './xt_native';
import { AF_INET6 } from '../addr/family';

/*
 * `nft` run in a namespace: its ruleset is the namespace's (stack.nf.nftables), its devices
 * give iif/oif their ifindex, and -f and include read the files the config wrote.
 */

/** The nf_tables table an iptables table is (its named sets live there), as a packet meets it. */
function nftTableOf(ctx: XtContext): NftTable {
  return ctx.stack.nf.nftables.tables.find((t) => t.family === 'ip' && t.name === ctx.table) ?? { family: 'ip', name: ctx.table, handle: 0, hgen: 0, dormant: false, chains: [], sets: [] };
}

/** What nft printed, and for an error in its here-document, where in the config it was typed. */
export function runNftCommand(stack: Stack, c: NftCommandLine): NftRunResult & { typedAt?: { line: number; column: number } } {
  let source: NftSource;
  if (c.input.kind === 'words') source = { text: c.input.text };
  else if (c.input.kind === 'stdin') source = { text: c.input.text, name: '/dev/stdin' };
  else {
    const text = stack.files.texts.get(c.input.path);
    // nft's message when the file cannot be opened (nft_run_cmd_from_filename).
    if (text === undefined) return { stdout: '', stderr: `internal:0:0-0: Error: Could not open file "${c.input.path}": No such file or directory\n\n\n`, status: 1 };
    source = { text, name: c.input.path };
  }
  const out = runNft(
    {
      ruleset: stack.nf.nftables,
      commit: (rs, flushedAll) => {
        const iptables = stack.nf.tables.all();
        const changes = iptablesNftChanges(rs, iptables);
        // What the batch did to iptables' tables, iptables' model does too: a deleted table goes
        // with its rules, and so do deleted rules and chains.
        for (const t of changes.tables) nfDelTable(stack, t.name);
        for (const { table, chain, rule } of changes.rules) {
          const index = table.chains.get(chain)!.rules.indexOf(rule);
          if (index >= 0) nfDelRule(stack, table.name, chain, index + 1);
        }
        for (const { table, chain } of changes.chains) nfDelChainObject(stack, table.name, chain);
        for (const { table, chain, policy } of changes.policies) nfSetPolicy(stack, table.name, chain, policy);
        for (const { table, chain, handle, policy } of changes.adopted) nfAdoptChain(stack, table.name, chain, handle, policy);
        for (const { table, chain, rules } of changes.natives) nfSetNftRules(stack, table.name, chain, rules, (r) => nativeRule(r, nftTableOf));
        // ip6tables' tables (family ip6, which nft here does not model) go with flush ruleset.
        if (flushedAll) for (const t of stack.nf.tables6.all()) if (t.nft) nfDelTable(stack, t.name, AF_INET6);
        // nft keeps its own chains; iptables' (and those it took for its own) stay iptables'.
        stack.nf.nftables = withoutIptablesChains(rs, iptables);
        return undefined;
      },
      ifindex: (name) => stack.byName.get(name)?.ifindex,
      ifname: (index) => [...stack.byName.values()].find((d) => d.ifindex === index)?.name,
      readFile: (path) => stack.files.texts.get(path),
      files: () => [...stack.files.texts.keys()],
      now: () => stack.env.now(),
      iptables: stack.nf.tables.all(),
    },
    source,
    { handles: c.handles, check: c.check },
  );
  if (c.input.kind === 'stdin' && out.errorAt?.input === 0) return { ...out, typedAt: hereDocumentPlace(c.input.place, out.errorAt.line - 1, out.errorAt.column) };
  return out;
}
