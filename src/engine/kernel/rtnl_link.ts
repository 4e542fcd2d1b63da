import { dummyNewlink } from './dummy';
import { Errno, KernelError } from './errors';
import { unregisterNetdevice } from './link';
import type { NetDevice } from './netdevice';
import { doit, type NlAck } from './rtnetlink';
import type { Stack } from './stack';
import { vethDellink, vethNewlink } from './veth';

/*
 * RTM_NEWLINK with IFLA_LINKINFO and RTM_DELLINK (net/core/rtnetlink.c rtnl_newlink,
 * rtnl_dellink): the link kinds a namespace can create at run time.
 */

export type LinkKind = 'veth' | 'dummy';

export interface NewLinkMsg {
  /** IFLA_IFNAME; absent: the kind's `NAME%d` pattern. */
  name?: string;
  kind: LinkKind;
  /** veth: the peer's IFLA_IFNAME. */
  peerName?: string;
}

/** rtnl_newlink: an existing name is EEXIST before the driver runs (no NLM_F_EXCL is not asked for). */
export function rtmNewLink(stack: Stack, m: NewLinkMsg): NlAck {
  return doit(() => {
    if (m.name !== undefined && stack.byName.has(m.name)) throw new KernelError(Errno.EEXIST);
    if (m.kind === 'veth') vethNewlink(stack, m.name, m.peerName);
    else dummyNewlink(stack, m.name);
  });
}

/** rtnl_dellink: a device without rtnl_link_ops (lo) cannot be deleted. */
export function rtmDelLink(stack: Stack, dev: NetDevice): NlAck {
  return doit(() => {
    if (dev.type === 'veth') vethDellink(stack, dev);
    else if (dev.type === 'dummy') unregisterNetdevice(stack, dev);
    else throw new KernelError(Errno.EOPNOTSUPP);
  });
}
