import { moduleNetInit } from './module';
import { cleanupNet } from './net_namespace_stack';
import type { Stack } from './stack';

/*
 * A device's network namespaces (net/core/net_namespace.c): the init namespace is the
 * device's own stack; `ip netns add NAME` makes a new one, named by a bind mount at
 * /var/run/netns/NAME, and `ip netns del` removes the name (the namespace goes with it, as
 * nothing else holds it here). Each one is a whole Stack: its own lo, devices, routes,
 * rules, neighbours, netfilter tables, conntrack and sysctls.
 */

/** Where iproute2 keeps the names (NETNS_RUN_DIR; /var/run is a link to /run). */
export const NETNS_RUN_DIR = '/run/netns';

export class NetNamespaces {
  /** Named namespaces, in the order they were made. */
  private get named(): Map<string, Stack> {
    return (this.namedMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private namedMade?: Map<string, Stack>;

  constructor(
    readonly init: Stack,
    /** Makes the stack of a new namespace (copy_net_ns + setup_net). */
    private readonly create: (name: string) => Stack,
  ) {}

  get(name: string): Stack | undefined {
    return this.named.get(name);
  }

  /** `ip netns add NAME`: an error message (as iproute2 prints it) when the name is taken. */
  add(name: string): Stack | string {
    if (this.named.has(name)) return `Cannot create namespace file "${NETNS_RUN_DIR}/${name}": File exists`;
    const net = this.create(name);
    net.netns = this;
    net.netnsName = name;
    moduleNetInit(net);
    this.named.set(name, net);
    return net;
  }

  /** `ip netns del NAME`: an error message when there is no such name. */
  del(name: string): string | undefined {
    const net = this.named.get(name);
    if (!net) return `Cannot remove namespace file "${NETNS_RUN_DIR}/${name}": No such file or directory`;
    this.named.delete(name);
    cleanupNet(net, this.init);
    // cleanup_net: every namespace forgets the id it gave the dead one (it is free again).
    for (const other of [this.init, ...this.named.values()]) other.nsids.delete(net);
    return undefined;
  }

  /** The names as `ip netns list` reads /run/netns: newest first (tmpfs lists a directory's newest entry first). */
  names(): string[] {
    return [...this.named.keys()].reverse();
  }
}

/** The namespace a path names, as nsenter --net=PATH opens it: /run/netns/NAME or /var/run/netns/NAME. */
export function netnsNameOfPath(path: string): string | undefined {
  const m = /^(?:\/var)?\/run\/netns\/([^/]+)$/.exec(path);
  return m?.[1];
}
