import type { BridgeFdbShow } from '../../command/types';
import type { Stack } from '../../kernel/stack';
import { fail, ok, type Printed } from './common';

/*
 * `bridge fdb show` as iproute2 6.1 prints it. Per interface in ifindex order: the bridge's
 * entries for that port, newest first (a learned one ends in a space; the port's own address
 * is `permanent`), then the interface's own multicast addresses (`self permanent`), and last
 * the bridge device's. `dev X` lists one interface without the `dev X` words.
 */

const SELF = ['33:33:00:00:00:01', '01:00:5e:00:00:01'];

export function printBridgeFdb(stack: Stack, c: BridgeFdbShow): Printed {
  const br = stack.bridge?.name;
  if (c.br && c.br.text !== br) return fail(`Cannot find bridge device "${c.br.text}"`, 255);
  const names = stack.devices.filter((d) => !d.loopback).map((d) => d.name);
  if (c.dev && !names.includes(c.dev.text)) return fail(`Cannot find device "${c.dev.text}"`, 255);
  const entries = stack.bridge?.entries() ?? [];
  let out = '';
  for (const name of names) {
    if (c.dev && c.dev.text !== name) continue;
    const dev = c.dev ? '' : `dev ${name} `;
    for (const e of [...entries].reverse()) {
      if (e.port.name !== name) continue;
      out += e.local ? `${e.mac} ${dev}master ${br} permanent\n` : `${e.mac} ${dev}master ${br} \n`;
    }
    for (const mac of SELF) out += `${mac} ${dev}self permanent\n`;
  }
  return ok(out);
}
