import { formatTuple, type Conn } from '../../kernel/netfilter/conntrack';

/*
 * `conntrack -L` as conntrack-tools 1.4.7 prints it (libnetfilter_conntrack's default
 * format): `PROTO(8) NUM TIMEOUT [TCP STATE] ORIGINAL [UNREPLIED] REPLY [ASSURED] mark=M use=1`,
 * the timeout being the whole seconds left (netlink/conntrack.ts prints the count on stderr).
 */

const NS = 1_000_000_000;

export function conntrackLine(c: Conn, now: number): string {
  const timeout = Math.max(0, Math.floor((c.expires - now) / NS));
  const state = c.orig.proto === 6 ? `${c.tcpState} ` : '';
  return `${c.protoName.padEnd(8)} ${c.orig.proto} ${timeout} ${state}${formatTuple(c.orig)} ${c.seenReply ? '' : '[UNREPLIED] '}${formatTuple(c.reply)} ${c.assured ? '[ASSURED] ' : ''}mark=${c.mark >>> 0} use=1\n`;
}
