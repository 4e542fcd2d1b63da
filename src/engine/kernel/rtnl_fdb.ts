import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import { Errno, KernelError } from './errors';
import { NUD_NOARP, NUD_PERMANENT, NUD_REACHABLE } from './nud';
import { devGetByIndex, doit, type NlAck } from './rtnetlink';
import type { Bridge } from './bridge';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';
import { vxlanOf, type VxlanDev } from './vxlan';
import type { FdbUpdateMode, VxlanFdbState, VxlanRdst } from './vxlan_fdb';

/*
 * RTM_NEWNEIGH / RTM_DELNEIGH of family AF_BRIDGE (net/core/rtnetlink.c rtnl_fdb_add,
 * rtnl_fdb_del): NTF_MASTER goes to the bridge a port belongs to, NTF_SELF to the device's own
 * ndo_fdb_add (vxlan_fdb_add, vxlan_fdb_delete here). A device that has neither answers
 * EOPNOTSUPP.
 */

/** struct ndmsg + NDA_LLADDR, NDA_DST, NDA_PORT, NDA_VNI, NDA_IFINDEX. */
export interface FdbMsg {
  ifindex: number;
  mac: Mac;
  dst?: Ip4;
  port?: number;
  vni?: number;
  /** NDA_IFINDEX: the device the outer packet leaves by. */
  via?: number;
  self: boolean;
  master: boolean;
  /** ndm_state (NUD_* bits). */
  state: number;
}

/** vxlan_fdb_parse: what is not given is the device's own (its port and VNI; no device). */
function rdstOf(stack: Stack, vx: VxlanDev, m: FdbMsg): VxlanRdst {
  if (m.via && !devGetByIndex(stack, m.via)) throw new KernelError(Errno.EADDRNOTAVAIL);
  return { ip: m.dst ?? 0, port: m.port ?? vx.cfg.dstPort, vni: m.vni ?? vx.cfg.vni, ifindex: m.via ?? 0 };
}

/** The state `bridge fdb show` prints (iproute2 state_n2a: permanent before static before reachable). */
function stateOf(state: number): VxlanFdbState {
  return state & NUD_PERMANENT ? 'permanent' : state & NUD_NOARP ? 'static' : 'reachable';
}

/** NTF_MASTER: the bridge the device is a port of (a bridge device itself, or no port: EOPNOTSUPP). */
function masterBridge(stack: Stack, m: FdbMsg): { port: NetDevice; bridge: Bridge } {
  const port = devGetByIndex(stack, m.ifindex);
  if (!port) throw new KernelError(Errno.ENODEV);
  const bridge = port.master?.bridge;
  if (!bridge) throw new KernelError(Errno.EOPNOTSUPP);
  return { port, bridge };
}

/** br_fdb_add: the bridge's own entry for a port (local, static or dynamic). */
function bridgeFdbAdd(stack: Stack, m: FdbMsg, mode: FdbUpdateMode): void {
  const { port, bridge } = masterBridge(stack, m);
  const state = m.state & NUD_PERMANENT ? 'permanent' : m.state & NUD_NOARP ? 'static' : 'dynamic';
  const refused = bridge.fdbAdd(port, m.mac, state, mode !== 'add');
  if (refused === 'exists') throw new KernelError(Errno.EEXIST);
  if (refused === 'port-not-learning') throw new KernelError(Errno.EPERM);
}

function selfVxlan(stack: Stack, m: FdbMsg): VxlanDev {
  const dev = devGetByIndex(stack, m.ifindex);
  if (!dev) throw new KernelError(Errno.ENODEV);
  const vx = m.self ? vxlanOf(dev) : undefined;
  if (!vx) throw new KernelError(Errno.EOPNOTSUPP);
  return vx;
}

/** rtnl_fdb_add → vxlan_fdb_add: a valid state and a destination are required. */
export function rtnlFdbAdd(stack: Stack, m: FdbMsg, mode: FdbUpdateMode): NlAck {
  return doit(() => {
    if (m.master) bridgeFdbAdd(stack, m, mode);
    if (!m.self) return;
    const vx = selfVxlan(stack, m);
    if (!(m.state & (NUD_PERMANENT | NUD_REACHABLE)) || m.dst === undefined) throw new KernelError(Errno.EINVAL);
    vx.fdb.update(m.mac, stateOf(m.state), rdstOf(stack, vx, m), mode);
  });
}

/** rtnl_fdb_del → vxlan_fdb_delete: one destination when `dst` is given, else the entry. */
export function rtnlFdbDel(stack: Stack, m: FdbMsg): NlAck {
  return doit(() => {
    if (m.master) {
      const { port, bridge } = masterBridge(stack, m);
      if (!bridge.fdbDelete(port, m.mac)) throw new KernelError(Errno.ENOENT);
    }
    if (!m.self) return;
    const vx = selfVxlan(stack, m);
    vx.fdb.delete(m.mac, m.dst === undefined ? undefined : rdstOf(stack, vx, m));
  });
}
