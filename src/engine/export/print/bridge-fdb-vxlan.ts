import { formatIp4 } from '../../addr/ipv4';
import type { Stack } from '../../kernel/stack';
import type { VxlanDev } from '../../kernel/vxlan';

/*
 * A vxlan device's entries in `bridge fdb show` (vxlan_fdb_dump, one line per destination;
 * iproute2 6.1 print_fdb): `dst`, then `port` and `vni` only where they differ from the
 * device's own, `via` for a destination bound to a device, `self`, and the state (permanent,
 * static, or nothing for a learned or dynamic entry, which leaves a trailing space).
 */

export function vxlanFdbLines(stack: Stack, vx: VxlanDev, devWords: string): string {
  let out = '';
  for (const f of vx.fdb.list()) {
    for (const rd of f.remotes) {
      const port = rd.port && rd.port !== vx.cfg.dstPort ? ` port ${rd.port}` : '';
      const vni = rd.vni !== vx.cfg.vni ? ` vni ${rd.vni}` : '';
      const via = rd.ifindex ? ` via ${stack.devices.find((d) => d.ifindex === rd.ifindex)?.name ?? `if${rd.ifindex}`}` : '';
      const state = f.state === 'reachable' ? '' : f.state;
      out += `${f.mac} ${devWords}dst ${formatIp4(rd.ip)}${port}${vni}${via} self ${state}\n`;
    }
  }
  return out;
}
