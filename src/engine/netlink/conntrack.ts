import type { ConntrackCommand, ConntrackFilter } from '../command/types';
import { STRERROR } from '../kernel/errors';
import type { Conn } from '../kernel/netfilter/conntrack';
import { ctnlDelete, ctnlDump } from '../kernel/netfilter/nf_conntrack_netlink';
import type { Stack } from '../kernel/stack';
import { conntrackLine } from '../export/print/conntrack';
import { CommandFailure, type Output } from './libnetlink';

/*
 * conntrack-tools 1.4.7 on top of ctnetlink: -L and -D dump the table and filter it in
 * userspace (filter_nat, filter_mark, the tuple attributes), -D then deletes each entry it
 * kept by its original tuple; -C reads the count. What it prints is the tool's (tried in a
 * namespace): the entries, then "N flow entries have been shown/deleted." on stderr; -D that
 * deleted nothing exits 1.
 */

const TOOL = 'conntrack v1.4.7 (conntrack-tools)';

/** Does the entry pass every filter given? */
export function conntrackSelects(c: Conn, f: ConntrackFilter | undefined): boolean {
  if (!f) return true;
  if (f.family === 'ipv6') return false;
  if (f.proto !== undefined && c.orig.proto !== f.proto) return false;
  const tuple: [number | undefined, number][] = [
    [f.origSrc, c.orig.src], [f.origDst, c.orig.dst], [f.replySrc, c.reply.src], [f.replyDst, c.reply.dst],
    [f.sport, c.orig.sport], [f.dport, c.orig.dport], [f.replySport, c.reply.sport], [f.replyDport, c.reply.dport],
  ];
  if (tuple.some(([want, have]) => want !== undefined && want !== have)) return false;
  if (f.state !== undefined && c.tcpState !== f.state) return false;
  if (f.mark && ((c.mark & f.mark.mask) >>> 0) !== ((f.mark.value & f.mark.mask) >>> 0)) return false;
  if (f.srcNat && !c.srcNat) return false;
  if (f.dstNat && !c.dstNat) return false;
  for (const flag of f.status ?? []) {
    if (flag === 'ASSURED' && !c.assured) return false;
    if (flag === 'SEEN_REPLY' && !c.seenReply) return false;
    // UNSET: no status bit the filter knows; the model keeps no expected, offloaded or fixed-timeout entries.
    if (flag !== 'ASSURED' && flag !== 'SEEN_REPLY' && flag !== 'UNSET') return false;
  }
  return true;
}

/** `conntrack -L [filters]`: the entries, then the count on stderr. */
export function conntrackList(stack: Stack, c: ConntrackCommand): Output {
  const now = stack.env.now();
  const shown = ctnlDump(stack).filter((conn) => conntrackSelects(conn, c.filter));
  const prefix = c.extended ? 'ipv4     2 ' : '';
  return { stdout: shown.map((conn) => prefix + conntrackLine(conn, now)).join(''), stderr: `${TOOL}: ${shown.length} flow entries have been shown.\n` };
}

/** `conntrack -C`: the number of entries. */
export function conntrackCount(stack: Stack): Output {
  return { stdout: `${ctnlDump(stack).length}\n`, stderr: '' };
}

/** `conntrack -D [filters]`: each selected entry deleted and printed; exit 1 when there was none. */
export function conntrackDelete(stack: Stack, c: ConntrackCommand): Output {
  const now = stack.env.now();
  let stdout = '';
  let deleted = 0;
  for (const conn of ctnlDump(stack).filter((e) => conntrackSelects(e, c.filter))) {
    const line = conntrackLine(conn, now);
    const errno = ctnlDelete(stack, { subsys: 'conntrack', tuple: conn.orig });
    if (errno) throw new CommandFailure(`${TOOL}: Operation failed: ${STRERROR[errno] ?? `errno ${errno}`}`, 1, undefined, undefined, stdout);
    stdout += line;
    deleted++;
  }
  const stderr = `${TOOL}: ${deleted} flow entries have been deleted.\n`;
  if (deleted === 0) throw new CommandFailure(stderr, 1, undefined, undefined, stdout);
  return { stdout, stderr };
}
