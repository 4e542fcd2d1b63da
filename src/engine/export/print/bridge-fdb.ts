import type { BridgeFdbShow } from '../../command/types';
import type { Stack } from '../../kernel/stack';
import { vxlanOf } from '../../kernel/vxlan';
import { vxlanFdbLines } from './bridge-fdb-vxlan';
import { fail, ok, type Printed } from './common';

/*
 * `bridge fdb show` as iproute2 6.1 prints it. Per interface in ifindex order: the bridge's
 * entries for that port, newest first (a learned one ends in a space; the port's own address
 * is `permanent`), then the interface's own multicast addresses (`self permanent`), and last
 * the bridge device's; a bridge device then lists its own address when no port has it. `dev X`
 * lists one interface without the `dev X` words. A vxlan device lists its own FDB instead of
 * the multicast addresses (its ndo_fdb_dump).
 */

const SELF = ['33:33:00:00:00:01', '01:00:5e:00:00:01'];

export function printBridgeFdb(stack: Stack, c: BridgeFdbShow): Printed {
  if (c.br && !stack.byName.get(c.br.text)?.bridge) return fail(`Cannot find bridge device "${c.br.text}"`, 255);
  // `br X` keeps the bridge and its ports (the dump's NDA_MASTER filter).
  const master = c.br ? stack.byName.get(c.br.text) : undefined;
  const devices = stack.devices.filter((d) => !d.loopback && (!master || d === master || d.master === master));
  if (c.dev && !devices.some((d) => d.name === c.dev!.text)) return fail(`Cannot find device "${c.dev.text}"`, 255);
  let out = '';
  for (const d of devices) {
    const name = d.name;
    if (c.dev && c.dev.text !== name) continue;
    const dev = c.dev ? '' : `dev ${name} `;
    // A port's entries are its own bridge's (a namespace may hold several bridges).
    const bridge = d.master?.bridge;
    const br = d.master?.name;
    for (const e of [...(bridge?.entries() ?? [])].reverse()) {
      if (e.port !== d) continue;
      out += e.local ? `${e.mac} ${dev}master ${br} permanent\n` : `${e.mac} ${dev}master ${br} \n`;
    }
    const vx = vxlanOf(d);
    if (vx) out += vxlanFdbLines(stack, vx, dev);
    else for (const mac of SELF) out += `${mac} ${dev}self permanent\n`;
    // The bridge's own address when no port has it (br_fdb_dump on the bridge: entries of no port).
    for (const e of d.bridge?.entries() ?? []) if (e.port === d) out += `${e.mac} ${dev}master ${name} permanent\n`;
  }
  return ok(out);
}
