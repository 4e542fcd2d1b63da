import type { BridgeLinkSet } from '../command/bridge-link';
import { brSetlink } from '../kernel/br_netlink';
import { Errno } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import type { ProcessIO } from './process';

/*
 * `bridge link set dev DEV hairpin on|off` (iproute2 6.1 brlink_modify) and bash writing
 * /sys/class/net/DEV/brport/hairpin_mode: both set the port's BR_HAIRPIN_MODE.
 */

export function startBridgeLinkSet(stack: Stack, c: BridgeLinkSet, io: ProcessIO): undefined {
  const done = (status: number, stderr?: string) => {
    if (stderr) {
      io.locate?.({ column: c.dev.column });
      io.stderr(`${stderr}\n`);
    }
    stack.env.schedule(0, () => io.exit(status));
    return undefined;
  };
  const dev = stack.byName.get(c.dev.text);
  if (c.via === 'sysfs') {
    const path = `/sys/class/net/${c.dev.text}/brport/hairpin_mode`;
    // The brport directory exists only under a bridge port.
    if (!dev?.master?.bridge) return done(1, `bash: ${path}: No such file or directory`);
    if (c.invalid) return done(1, 'bash: echo: write error: Invalid argument');
    brSetlink(dev, { hairpin: c.hairpin });
    return done(0);
  }
  if (!dev) return done(255, `Cannot find bridge device "${c.dev.text}"`);
  const errno = brSetlink(dev, { hairpin: c.hairpin });
  if (errno === Errno.EOPNOTSUPP) return done(255, 'RTNETLINK answers: Operation not supported');
  return done(0);
}
