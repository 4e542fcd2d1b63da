import type { NftFamily, NftStmt } from '../../nft/ast';
import type { Ipv4Packet } from '../../wire/types';
import type { MacHeader, SkBuff } from '../skbuff';
import type { Stack } from '../stack';

/*
 * nf_tables_trace.c: a packet whose nf_trace bit is set (`meta nftrace set 1`) is reported to
 * the NFNLGRP_NFTRACE group as it walks each base chain (nft_trace_notify), only while someone
 * listens (`nft monitor trace`). nft_do_chain reports a rule that ran to its end without a
 * verdict (NFT_TRACETYPE_RULE, verdict continue), the verdict that ends a chain's walk (a rule's
 * accept, drop, jump, goto or return: NFT_TRACETYPE_RULE, since __nft_trace_verdict masks the
 * code with NF_VERDICT_MASK; reaching a chain's end reports no rule handle), and the base
 * chain's policy (NFT_TRACETYPE_POLICY). The first report of a base chain's walk carries the
 * packet's headers (info->packet_dumped). iptables-nft's chains are nf_tables chains too, so
 * x_tables reports its rules here as well (family ip, the rule as nft translates it).
 */

/** The headers one report carries: devices, link-layer addresses, the IP packet. */
export interface NftTracePacket {
  readonly iif?: string;
  readonly oif?: string;
  readonly mac?: MacHeader;
  readonly pkt: Ipv4Packet;
}

export interface NftTraceRecord {
  /** trace_fill_id: the same for every report of one packet. */
  readonly id: number;
  readonly family: NftFamily;
  readonly table: string;
  readonly chain: string;
  readonly type: 'rule' | 'policy';
  /** A rule's report: its handle and text; none at a chain's end (nft prints no rule line). */
  readonly rule?: { readonly handle: number; readonly stmts: readonly NftStmt[]; readonly comment?: string };
  /** `continue`, `accept`, `drop`, `return`, `jump NAME`, `goto NAME`. */
  readonly verdict?: string;
  readonly policy?: 'accept' | 'drop';
  /** skb->mark when not 0 (NFTA_TRACE_MARK). */
  readonly mark: number;
  readonly packet?: NftTracePacket;
}

export type NftTraceListener = (record: NftTraceRecord) => void;

/** One base chain's walk (struct nft_traceinfo). */
export interface NftTraceInfo {
  readonly family: NftFamily;
  readonly table: string;
  packetDumped: boolean;
}

export function nftTraceInit(family: NftFamily, table: string): NftTraceInfo {
  return { family, table, packetDumped: false };
}

/** nft_trace_notify: a report, when the packet is traced; to the monitors and the playground's trace. */
export function nftTraceNotify(
  stack: Stack,
  info: NftTraceInfo,
  skb: SkBuff,
  devs: { inDev?: { name: string }; outDev?: { name: string } },
  report: Pick<NftTraceRecord, 'chain' | 'type' | 'rule' | 'verdict' | 'policy'>,
): void {
  if (!skb.nftrace) return;
  const listening = stack.nf.nftTraceListeners.size > 0;
  if (!listening && !stack.tracing) return;
  const packet = info.packetDumped ? undefined : { iif: devs.inDev?.name, oif: devs.outDev?.name, mac: skb.macHeader, pkt: skb.pkt };
  info.packetDumped = true;
  const record: NftTraceRecord = { id: skb.nftrace, family: info.family, table: info.table, ...report, mark: skb.mark, packet };
  for (const listener of stack.nf.nftTraceListeners) listener(record);
  if (stack.tracing && (report.rule || report.type === 'policy')) {
    stack.trace({
      layer: 'netfilter',
      kind: 'rule-match',
      packet: skb.pkt,
      reason: { code: 'nft_trace', id: record.id, family: record.family, table: record.table, chain: record.chain, handle: report.rule?.handle, verdict: report.verdict, policy: report.policy },
    });
  }
}
