import { Errno } from './errors';
import type { NetDevice } from './netdevice';

/*
 * br_setlink (net/bridge/br_netlink.c), RTM_SETLINK with AF_BRIDGE and IFLA_PROTINFO, as
 * `bridge link set` sends it; br_sysfs_if.c's brport/ files change the same port flags. Only
 * a bridge port has them: anything else answers EOPNOTSUPP.
 */

export interface BrportFlags {
  /** IFLA_BRPORT_MODE (BR_HAIRPIN_MODE). */
  hairpin?: boolean;
}

/** br_setport: 0, or the errno. */
export function brSetlink(dev: NetDevice, flags: BrportFlags): number {
  const br = dev.master?.bridge;
  if (!br) return Errno.EOPNOTSUPP;
  if (flags.hairpin !== undefined) br.setHairpin(dev, flags.hairpin);
  return 0;
}
