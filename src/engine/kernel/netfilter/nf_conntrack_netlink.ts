import { Errno } from '../errors';
import type { Stack } from '../stack';
import type { Conn, Tuple } from './conntrack';

/*
 * ctnetlink (nf_conntrack_netlink.c): what conntrack-tools sends is a message object, what comes
 * back an errno (0: done). IPCTNL_MSG_CT_DELETE without a tuple flushes the table
 * (ctnetlink_flush_conntrack); IPCTNL_MSG_EXP_DELETE without one flushes the expectations,
 * of which the model keeps none. No tool wording lives here.
 */

/** The subsystem a delete goes to: NFNL_SUBSYS_CTNETLINK or NFNL_SUBSYS_CTNETLINK_EXP; with a tuple, the one entry it names. */
export interface CtDeleteMsg {
  subsys: 'conntrack' | 'expect';
  tuple?: Tuple;
}

/**
 * IPCTNL_MSG_CT_DELETE / IPCTNL_MSG_EXP_DELETE with no tuple: every entry goes. With one
 * (ctnetlink_del_conntrack): the entry whose original or reply tuple it is, else ENOENT.
 */
export function ctnlDelete(stack: Stack, m: CtDeleteMsg): number {
  if (m.subsys !== 'conntrack') return 0;
  if (!m.tuple) {
    stack.nf.conntrack.flush();
    return 0;
  }
  const hit = stack.nf.conntrack.find(m.tuple);
  if (!hit) return Errno.ENOENT;
  stack.nf.conntrack.remove(hit.conn);
  return 0;
}

/** IPCTNL_MSG_CT_GET_CTRS / the dump conntrack -L filters: every confirmed, unexpired entry. */
export function ctnlDump(stack: Stack): Conn[] {
  return stack.nf.conntrack.entries();
}

