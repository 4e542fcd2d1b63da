import type { NftTraceRecord } from '../kernel/netfilter/nf_tables_trace';
import type { Stack } from '../kernel/stack';
import { formatTraceRecord } from '../nft/monitor';
import { printRule } from '../nft/print-rule';
import { withIptablesNft } from '../nft/xt_translate';
import type { Process, ProcessIO } from './process';

/*
 * `nft monitor trace`: joins the namespace's NFNLGRP_NFTRACE group and prints each report
 * until it is killed. Rules print from nft's cache, read when the monitor started (its
 * counters show the values of that moment), found by the report's table, chain and handle.
 */

const ruleKey = (family: string, table: string, chain: string, handle: number): string => `${family} ${table} ${chain} ${handle}`;

export function startNftMonitorTrace(stack: Stack, io: ProcessIO): Process {
  const cache = new Map<string, string>();
  for (const t of withIptablesNft(stack.nf.nftables, stack.nf.tables.all()).tables) {
    for (const ch of t.chains) for (const r of ch.rules) cache.set(ruleKey(t.family, t.name, ch.name, r.handle), printRule(r.stmts, t.family, r.comment));
  }
  const listener = (r: NftTraceRecord): void => {
    const text = formatTraceRecord(r, (rule) => cache.get(ruleKey(r.family, r.table, r.chain, rule.handle)));
    if (text) io.stdout(text);
  };
  stack.nf.nftTraceListeners.add(listener);
  return {
    kill: () => {
      stack.nf.nftTraceListeners.delete(listener);
      // Killed by SIGTERM: the shell's status 128 + 15.
      io.exit(143);
    },
  };
}
