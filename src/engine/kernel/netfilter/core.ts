import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Hook } from './x_tables';

/*
 * The hook registry (net/netfilter/core.c): whoever wants packets at a hook registers an
 * nf_hook_ops (hook, family, priority, function); nf_hook_slow runs a hook's operations in
 * priority order and the first DROP ends it. conntrack, each iptables table, NAT and the
 * confirm step register here, and so can another front end (nftables) or IPVS.
 */

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
  readonly inDev?: NetDevice;
  readonly outDev?: NetDevice;
  /** LOCAL_OUT: a function changed what routing depends on (ip_route_me_harder). */
  reroute: boolean;
}

export type NfVerdict = 'ACCEPT' | 'DROP';
/** nf_hookfn: called with the ops' private data, as the kernel passes `priv`. */
export type NfHookFn<P = unknown> = (priv: P, skb: SkBuff, state: NfHookState) => NfVerdict;

export interface NfHookOps<P = unknown> {
  readonly hook: Hook;
  readonly pf: 'ipv4';
  readonly priority: number;
  readonly fn: NfHookFn<P>;
  /** What the function works on (its table, its namespace's conntrack, …). */
  readonly priv: P;
  /** Who registered it (iptable_filter, nf_conntrack, ...): for reading the registry. */
  readonly owner: string;
}

export class NfHooks {
  private readonly entries: Record<Hook, NfHookOps[]> = { PREROUTING: [], INPUT: [], FORWARD: [], OUTPUT: [], POSTROUTING: [] };

  /** nf_register_net_hook: after every operation of the same or a lower priority. */
  register<P>(ops: NfHookOps<P>): void {
    const list = this.entries[ops.hook];
    let i = list.length;
    while (i > 0 && list[i - 1]!.priority > ops.priority) i--;
    list.splice(i, 0, ops as NfHookOps);
  }

  unregister<P>(ops: NfHookOps<P>): void {
    const list = this.entries[ops.hook];
    const i = list.indexOf(ops as NfHookOps);
    if (i >= 0) list.splice(i, 1);
  }

  /** Whether anything is registered at a hook (nf_hook's static-key test: nothing to call). */
  active(hook: Hook): boolean {
    return this.entries[hook].length > 0;
  }

  /** The operations at a hook, in the order they run. */
  at(hook: Hook): readonly NfHookOps[] {
    return this.entries[hook];
  }

  /** nf_hook_slow. */
  run(skb: SkBuff, state: NfHookState): NfVerdict {
    const list = this.entries[state.hook];
    for (let i = 0; i < list.length; i++) {
      const ops = list[i]!;
      if (ops.fn(ops.priv, skb, state) === 'DROP') return 'DROP';
    }
    return 'ACCEPT';
  }
}
