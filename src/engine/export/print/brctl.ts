import type { BrctlCommand } from '../../command/brctl';
import type { NetDevice } from '../../kernel/netdevice';
import type { Stack } from '../../kernel/stack';
import type { Printed } from './common';

/*
 * `brctl show` as bridge-utils 1.7.1 prints it: the namespace's bridges by name (scandir of
 * /sys/class/net, alphasort), the header before the first one, the bridge id as the priority
 * and the address in hex without colons, and its ports by name, the first on the bridge's
 * line and each further one on a line of its own.
 */

const HEADER = 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n';

function bridgeId(br: NetDevice): string {
  // A bridge that never had a port has a zero bridge id.
  const mac = br.bridge!.ports.length > 0 ? br.mac : '00:00:00:00:00:00';
  return `8000.${mac.replaceAll(':', '')}`;
}

function byName(a: NetDevice, b: NetDevice): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function showBridge(stack: Stack, br: NetDevice): string {
  const ports = stack.devices.filter((d) => d.master === br).sort(byName);
  let out = `${br.name}\t\t${bridgeId(br)}\t${br.bridge!.stpState ? 'yes' : 'no'}\t\t${ports[0]?.name ?? ''}\n`;
  for (const p of ports.slice(1)) out += `\t\t\t\t\t\t\t${p.name}\n`;
  return out;
}

export function printBrctl(stack: Stack, c: BrctlCommand): Printed {
  if (c.op === 'version') return { stdout: 'bridge-utils, 1.7\n', stderr: '', status: 0 };
  let stdout = '';
  let stderr = '';
  let status = 0;
  const show = (br: NetDevice) => {
    if (!stdout) stdout = HEADER;
    stdout += showBridge(stack, br);
  };
  if (c.bridges.length === 0) {
    for (const br of stack.devices.filter((d) => d.bridge).sort(byName)) show(br);
    return { stdout, stderr, status };
  }
  for (const w of c.bridges) {
    const dev = stack.byName.get(w.text);
    if (dev?.bridge) show(dev);
    else {
      stderr += dev ? `device ${w.text} is not a bridge!\n` : `bridge ${w.text} does not exist!\n`;
      status = 1;
    }
  }
  return { stdout, stderr, status };
}
