import type { Stack } from '../stack';

/*
 * ctnetlink (nf_conntrack_netlink.c): what conntrack-tools sends is a message object, what comes
 * back an errno (0: done). IPCTNL_MSG_CT_DELETE without a tuple flushes the table
 * (ctnetlink_flush_conntrack); IPCTNL_MSG_EXP_DELETE without one flushes the expectations,
 * of which the model keeps none. No tool wording lives here.
 */

/** The subsystem a delete goes to: NFNL_SUBSYS_CTNETLINK or NFNL_SUBSYS_CTNETLINK_EXP. */
export interface CtDeleteMsg {
  subsys: 'conntrack' | 'expect';
}

/** IPCTNL_MSG_CT_DELETE / IPCTNL_MSG_EXP_DELETE with no tuple: every entry goes. */
export function ctnlDelete(stack: Stack, m: CtDeleteMsg): number {
  if (m.subsys === 'conntrack') stack.nf.conntrack.flush();
  return 0;
}
