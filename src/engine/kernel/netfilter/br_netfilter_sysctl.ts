import { Errno, KernelError } from '../errors';

/*
 * net/bridge/br_netfilter_hooks.c's sysctl table (brnf_table): /proc/sys/net/bridge exists in a
 * namespace only while br_netfilter is loaded (br_netfilter_sysctl_init registers it per
 * namespace, brnf_init_net), each namespace starting from these defaults (brnf_init_net sets
 * call_iptables/ip6tables/arptables to 1 in every new namespace).
 */

/** The six files, with each new namespace's value, in the order `sysctl -a` lists them. */
export const BRNF_DEFAULTS = {
  'bridge-nf-call-arptables': 1,
  'bridge-nf-call-ip6tables': 1,
  'bridge-nf-call-iptables': 1,
  'bridge-nf-filter-pppoe-tagged': 0,
  'bridge-nf-filter-vlan-tagged': 0,
  'bridge-nf-pass-vlan-input-dev': 0,
} as const;
export type BrnfKey = keyof typeof BRNF_DEFAULTS;

const PREFIX = 'net.bridge.';

/** One namespace's brnf_net settings. */
export class BrnfSysctls {
  readonly values: Record<BrnfKey, number> = { ...BRNF_DEFAULTS };

  /** A net.bridge.* key's value, or undefined when there is no such file. */
  get(key: string): number | undefined {
    const name = key.slice(PREFIX.length);
    return Object.hasOwn(this.values, name) ? this.values[name as BrnfKey] : undefined;
  }

  /** brnf_sysctl_call_tables: proc_dointvec, then any value but 0 is stored as 1. */
  set(key: string, value: string): void {
    const name = key.slice(PREFIX.length);
    if (!Object.hasOwn(this.values, name)) throw new KernelError(Errno.ENOENT);
    const v = value.trim();
    if (!/^[-+]?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new KernelError(Errno.EINVAL);
    this.values[name as BrnfKey] = Number(v) !== 0 ? 1 : 0;
  }

  get callIptables(): boolean {
    return this.values['bridge-nf-call-iptables'] !== 0;
  }
}

export function isBrnfKey(key: string): boolean {
  return key.startsWith(PREFIX);
}
