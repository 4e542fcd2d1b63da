import type { BridgeFdbChange } from '../command/types';
import { rtnlFdbAdd, rtnlFdbDel, type FdbMsg } from '../kernel/rtnl_fdb';
import type { Stack } from '../kernel/stack';
import { vxlanOf } from '../kernel/vxlan';
import { CommandFailure, rtnlTalk } from './libnetlink';

/*
 * `bridge fdb add|append|replace|del` (bridge/fdb.c fdb_modify): names resolved as iproute2
 * resolves them (`via` exits 255 at once, `dev` after the message is built), then RTM_NEWNEIGH
 * or RTM_DELNEIGH; every failure exits 255.
 */

export function bridgeFdb(stack: Stack, c: BridgeFdbChange): void {
  const via = c.via ? stack.byName.get(c.via.text) : undefined;
  if (c.via && !via) throw new CommandFailure(`Cannot find device "${c.via.text}"`, 255, c.via.column);
  const dev = stack.byName.get(c.dev!.text);
  if (!dev) throw new CommandFailure(`Cannot find device "${c.dev!.text}"`, 255, c.dev!.column);
  // A plain device's own address list (`self` on anything but a vxlan: ndo_dflt_fdb_add) is not
  // modelled; a bridge's entries (`master` on its port) and a vxlan device's FDB are.
  if (c.self && !vxlanOf(dev)) {
    throw new CommandFailure(`hairpin: bridge fdb ${c.action} ${dev.name} self: a device's own address list is not modelled (a bridge port's entries are: master; a vxlan's: self)`, 2, c.dev!.column);
  }
  const m: FdbMsg = { ifindex: dev.ifindex, mac: c.mac, dst: c.dst, port: c.port, vni: c.vni, via: via?.ifindex, self: c.self, master: c.master, state: c.state };
  rtnlTalk(c.action === 'del' ? rtnlFdbDel(stack, m) : rtnlFdbAdd(stack, m, c.action), 255);
}
