import { formatTuple, type Conn } from '../../kernel/netfilter/conntrack';
import type { Stack } from '../../kernel/stack';
import type { Printed } from './common';

/*
 * `conntrack -L` as conntrack-tools 1.4.7 prints it (libnetfilter_conntrack's default
 * format): `PROTO(8) NUM TIMEOUT [TCP STATE] ORIGINAL [UNREPLIED] REPLY [ASSURED] mark=M use=1`,
 * the timeout being the whole seconds left, and the count on stderr.
 */

const NS = 1_000_000_000;

export function conntrackLine(c: Conn, now: number): string {
  const timeout = Math.max(0, Math.floor((c.expires - now) / NS));
  const state = c.orig.proto === 6 ? `${c.tcpState} ` : '';
  return `${c.protoName.padEnd(8)} ${c.orig.proto} ${timeout} ${state}${formatTuple(c.orig)} ${c.seenReply ? '' : '[UNREPLIED] '}${formatTuple(c.reply)} ${c.assured ? '[ASSURED] ' : ''}mark=${c.mark >>> 0} use=1\n`;
}

export function printConntrackList(stack: Stack): Printed {
  const now = stack.env.now();
  const entries = stack.nf.conntrack.entries();
  return {
    stdout: entries.map((c) => conntrackLine(c, now)).join(''),
    stderr: `conntrack v1.4.7 (conntrack-tools): ${entries.length} flow entries have been shown.\n`,
    status: 0,
  };
}
