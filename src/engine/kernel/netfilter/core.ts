import { AF_INET, AF_INET6 } from '../../addr/family';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Hook } from './x_tables';

/*
 * The hook registry (net/netfilter/core.c): whoever wants packets at a hook registers an
 * nf_hook_ops (hook, family, priority, function); nf_hook_slow runs a hook's operations in
 * priority order and the first DROP ends it. conntrack, each iptables table, NAT and the
 * confirm step register here, and so can another front end (nftables) or IPVS. Each protocol
 * family has its own hooks (net->nf.hooks_ipv4, hooks_ipv6): an operation registered for one
 * never sees the other's packets.
 */

/** The netfilter protocol families (NFPROTO_*), numbered as the address families they hook. */
export const NFPROTO_IPV4 = AF_INET;
export const NFPROTO_IPV6 = AF_INET6;
export type NfProto = typeof NFPROTO_IPV4 | typeof NFPROTO_IPV6;

/** enum nf_ip_hook_priorities (include/uapi/linux/netfilter_ipv4.h). */
export const NF_IP_PRI_RAW = -300;
export const NF_IP_PRI_CONNTRACK = -200;
export const NF_IP_PRI_MANGLE = -150;
export const NF_IP_PRI_NAT_DST = -100;
export const NF_IP_PRI_FILTER = 0;
export const NF_IP_PRI_SECURITY = 50;
export const NF_IP_PRI_NAT_SRC = 100;
export const NF_IP_PRI_CONNTRACK_CONFIRM = 0x7fffffff;

/** struct nf_hook_state: the devices of this pass, and what the hook functions found out. */
export interface NfHookState {
  readonly hook: Hook;
  readonly pf: NfProto;
  readonly inDev?: NetDevice;
  readonly outDev?: NetDevice;
  /** LOCAL_OUT: a function changed what routing depends on (ip_route_me_harder). */
  reroute: boolean;
}

/** STOLEN: the function took the packet and sent it on itself (NF_STOLEN, as IPVS does). */
export type NfVerdict = 'ACCEPT' | 'DROP' | 'STOLEN';
/** nf_hookfn: called with the ops' private data, as the kernel passes `priv`. */
export type NfHookFn<P = unknown> = (priv: P, skb: SkBuff, state: NfHookState) => NfVerdict;

export interface NfHookOps<P = unknown> {
  readonly hook: Hook;
  readonly pf: NfProto;
  readonly priority: number;
  readonly fn: NfHookFn<P>;
  /** What the function works on (its table, its namespace's conntrack, …). */
  readonly priv: P;
  /** Who registered it (iptable_filter, nf_conntrack, ...): for reading the registry. */
  readonly owner: string;
}

type HookLists = Record<Hook, readonly NfHookOps[]>;
/** Every namespace's hooks start empty and most stay so: they share one empty list until something registers. */
const NONE: readonly NfHookOps[] = Object.freeze([]);
const hookLists = (): HookLists => ({ PREROUTING: NONE, INPUT: NONE, FORWARD: NONE, OUTPUT: NONE, POSTROUTING: NONE });

export class NfHooks {
  /** nf_hook_entries per family and hook. */
  private readonly entries: Record<NfProto, HookLists> = { [NFPROTO_IPV4]: hookLists(), [NFPROTO_IPV6]: hookLists() };
  /** net->nf.hooks_ipv4: IPv4's lists, read directly on the per-packet path (an empty list is nf_hook's static-key test: nothing to call). */
  readonly ipv4: Readonly<HookLists> = this.entries[NFPROTO_IPV4];

  /** nf_register_net_hook: after every operation of the same or a lower priority. A new list, as the kernel swaps in new nf_hook_entries. */
  register<P>(ops: NfHookOps<P>): void {
    const lists = this.entries[ops.pf];
    const list = lists[ops.hook];
    let i = list.length;
    while (i > 0 && list[i - 1]!.priority > ops.priority) i--;
    lists[ops.hook] = [...list.slice(0, i), ops as NfHookOps, ...list.slice(i)];
  }

  unregister<P>(ops: NfHookOps<P>): void {
    const lists = this.entries[ops.pf];
    const list = lists[ops.hook];
    const i = list.indexOf(ops as NfHookOps);
    if (i >= 0) lists[ops.hook] = list.length === 1 ? NONE : list.filter((_, j) => j !== i);
  }

  /** The operations at a family's hook (IPv4's unless told), in the order they run. */
  at(hook: Hook, pf: NfProto = NFPROTO_IPV4): readonly NfHookOps[] {
    return this.entries[pf][hook];
  }

  /** nf_hook_slow: the operations of the state's family at its hook. */
  run(skb: SkBuff, state: NfHookState): NfVerdict {
    const list = this.entries[state.pf][state.hook];
    for (let i = 0; i < list.length; i++) {
      const ops = list[i]!;
      const verdict = ops.fn(ops.priv, skb, state);
      if (verdict !== 'ACCEPT') return verdict;
    }
    return 'ACCEPT';
  }
}
