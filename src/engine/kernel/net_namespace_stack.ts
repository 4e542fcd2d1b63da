import { rtCacheFlush } from './rt_genid';
import { registerNetdevice, unregisterNetdevice } from './link';
import { vethDellink } from './veth';
import type { NetDevice } from './netdevice';
import { rtnlDellink } from './rtnl_link_ops';
import { Stack, type KernelEnv } from './stack';

/*
 * setup_net for a namespace made at run time, and dev_change_net_namespace. A new namespace
 * starts from the kernel's defaults (with devconf_inherit_init_net=0 its conf/all and
 * conf/default are not copied from the init namespace; ip_forward is 0) and its lo is
 * registered down, with no address until it comes up (inetdev_event NETDEV_UP gives a
 * loopback 127.0.0.1/8).
 */

export function newNamespaceStack(id: string, env: KernelEnv, init: Stack): Stack {
  // One mount namespace: /etc (hosts, resolv.conf, rt_tables) is the box's, as ip netns exec
  // leaves it when there is no /etc/netns/NAME to mount over it.
  const net = new Stack(id, env, [], false, init);
  const lo = net.lo;
  lo.up = false;
  lo.qdiscNoop = true;
  lo.addrs.length = 0;
  rtCacheFlush();
  net.fibFlush((r) => r.dev === lo);
  return net;
}

/**
 * dev_change_net_namespace: the device leaves the old namespace as unregistering does (its
 * addresses, routes and neighbours go) and arrives in the new one down, keeping its ifindex
 * unless the new namespace already uses it.
 */
export function devChangeNetNamespace(from: Stack, dev: NetDevice, to: Stack, fallbackName?: string): void {
  const carrier = dev.carrier;
  unregisterNetdevice(from, dev);
  dev.carrier = carrier;
  if (fallbackName !== undefined && to.byName.has(dev.name)) dev.name = fallbackName;
  if (to.devices.some((d) => d.ifindex === dev.ifindex)) dev.ifindex = to.lastIfindex + 1;
  registerNetdevice(to, dev);
  dev.up = false;
  // Unregistering shut its qdisc down (dev_shutdown): it shows noop until it is up again.
  dev.qdiscNoop = true;
  dev.netns = to;
}

/**
 * cleanup_net, when the last name of a namespace goes: default_device_exit pushes each
 * physical NIC back to the init namespace (named devN, after its ifindex, if its name is taken
 * there), and the generic cleanup unregisters the rest (a bridge; a veth with its peer).
 */
export function cleanupNet(net: Stack, init: Stack): void {
  for (const dev of [...net.devices]) {
    if (dev.loopback) continue;
    // A veth goes with its peer wherever that is (rtnl_link_ops->dellink, veth_dellink).
    if (dev.type === 'veth') {
      if (net.devices.includes(dev)) vethDellink(net, dev);
      continue;
    }
    if (dev.type !== 'ether') {
      rtnlDellink(net, dev);
      continue;
    }
    devChangeNetNamespace(net, dev, init, `dev${dev.ifindex}`);
  }
}
