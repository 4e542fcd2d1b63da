import type { NftStmt } from '../../nft/ast';
import type { NftPktinfo } from './nft_pktinfo';

/*
 * nft_log with the syslog logger (nf_log_syslog): the same line LOG writes, at level warn unless
 * told, with what its flags add. With a group the packet goes to nfnetlink_log instead, where no
 * program listens here: nothing is logged.
 */

const LEVELS: Record<string, number> = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, notice: 5, info: 6, debug: 7 };

export function nftLogEval(stmt: Extract<NftStmt, { kind: 'log' }>, pkt: NftPktinfo): void {
  if (stmt.group !== undefined) return;
  const f = new Set(stmt.flags ?? []);
  const info = { level: LEVELS[stmt.level ?? 'warn'] ?? 4, tcpSequence: f.has('tcp sequence'), tcpOptions: f.has('tcp options'), ipOptions: f.has('ip options'), uid: f.has('skuid'), macDecode: f.has('ether') };
  const line = pkt.stack.nf.xt.log(pkt.skb, pkt.hook, info, stmt.prefix ?? '', pkt.inDev, pkt.outDev);
  if (pkt.stack.tracing) pkt.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: pkt.skb.pkt, reason: { code: 'nf_log', line, nft: true } });
}
