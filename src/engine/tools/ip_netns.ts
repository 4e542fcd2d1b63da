import type { IpLinkSetNetns, IpNetnsCommand, NetnsExecCommand } from '../command/netns';
import { ipipIsFallback } from '../kernel/ipip';
import { devChangeNetNamespace } from '../kernel/net_namespace_stack';
import type { Stack } from '../kernel/stack';
import type { Process, ProcessIO } from './process';

/*
 * `ip netns` (iproute2 ip/ipnetns.c), `ip link set DEV netns NAME` and nsenter, run on a
 * device: they name, make, remove and enter the device's own namespaces.
 */

function finish(stack: Stack, io: ProcessIO, status: number, stderr?: string): undefined {
  if (stderr) io.stderr(`${stderr}\n`);
  stack.env.schedule(0, () => io.exit(status));
  return undefined;
}

export function startIpNetns(stack: Stack, c: IpNetnsCommand, io: ProcessIO): undefined {
  const registry = stack.netns;
  if (!registry) return finish(stack, io, 1, 'hairpin: this device has no namespaces');
  if (c.op === 'list') {
    const names = registry.names();
    if (names.length) io.stdout(names.map((n) => `${n}\n`).join(''));
    return finish(stack, io, 0);
  }
  const name = c.name!.text;
  if (c.op === 'add') {
    const made = registry.add(name);
    // ip netns add fails with status 1 when the name is taken.
    return finish(stack, io, typeof made === 'string' ? 1 : 0, typeof made === 'string' ? made : undefined);
  }
  const err = registry.del(name);
  return finish(stack, io, err ? 1 : 0, err);
}

/** Runs the inner command in the named namespace, or says, as the tool does, that there is none. */
export function startNetnsExec(
  stack: Stack,
  c: NetnsExecCommand,
  io: ProcessIO,
  start: (net: Stack) => Process | undefined,
): Process | undefined {
  const net = stack.netns?.get(c.ns.text);
  if (!net) {
    io.locate?.({ column: c.ns.column });
    if (c.via === 'nsenter') return finish(stack, io, 1, `nsenter: cannot open ${c.path}: No such file or directory`);
    return finish(stack, io, 255, `Cannot open network namespace "${c.ns.text}": No such file or directory`);
  }
  return start(net);
}

/** dev_change_net_namespace, asked for by name: the device and the namespace must both exist. */
export function startIpLinkSetNetns(stack: Stack, c: IpLinkSetNetns, io: ProcessIO): undefined {
  const to = stack.netns?.get(c.ns.text);
  // iproute2 resolves the name (netns_get_fd on /run/netns/NAME) before it looks at the device.
  if (!to) {
    io.locate?.({ column: c.ns.column });
    return finish(stack, io, 255, `Error: argument "${c.ns.text}" is wrong: Invalid "netns" value\n`);
  }
  const dev = stack.byName.get(c.dev.text);
  if (!dev) {
    io.locate?.({ column: c.dev.column });
    return finish(stack, io, 1, `Cannot find device "${c.dev.text}"`);
  }
  if (to === stack) return finish(stack, io, 0);
  // A loopback (and an ipip fallback tunl0) is NETIF_F_NETNS_LOCAL: it stays in the namespace it was made for.
  if (dev.loopback || ipipIsFallback(dev, stack)) return finish(stack, io, 2, 'Error: The interface netns is immutable.');
  if (dev.type === 'ipip') return finish(stack, io, 2, 'hairpin: moving an ipip tunnel to another namespace is not modelled');
  devChangeNetNamespace(stack, dev, to);
  return finish(stack, io, 0);
}

