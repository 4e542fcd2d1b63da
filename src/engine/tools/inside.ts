import { formatIp4 } from '../addr/ipv4';
import type { NetDevice, NetDeviceType } from '../kernel/netdevice';
import type { Stack } from '../kernel/stack';

/*
 * What a device holds inside, for the canvas to draw: its init namespace and each named
 * namespace (`ip netns add`) with their interfaces, and how the interfaces hang together
 * (a veth's peer, a bridge port's master, a macvlan/vlan/vxlan's lower device), read from the
 * kernel state as `ip -d link` would show it. Generic over the device type, so a new kind of
 * link appears without the canvas knowing it.
 */

/** Another interface of the same device: the namespace's trace label (`box`, `box/ns1`) and its name there. */
export interface InterfaceRef {
  ns: string;
  name: string;
}

export interface InnerInterface {
  name: string;
  type: NetDeviceType;
  /** Up with carrier (IFF_RUNNING); `up` alone is the administrative state. */
  up: boolean;
  running: boolean;
  /** Its IPv4 addresses as `ip addr` shows them (10.0.0.1/24). */
  addresses: string[];
  /** A port of the topology (the canvas draws its link between devices). */
  port: boolean;
  /** A port the config renamed (`ip link set eth0 name lan0`): the scenario's name, which its link uses. */
  scenarioPort?: string;
  /** The bridge it is a port of (same namespace). */
  master?: string;
  /** A bridge port in hairpin mode (BR_HAIRPIN_MODE): the bridge may send a frame back out of it. */
  hairpin?: boolean;
  /** A veth end's other end. */
  peer?: InterfaceRef;
  /** The device a macvlan, vlan or vxlan sits on (IFLA_LINK). */
  lower?: InterfaceRef;
}

export interface InnerNamespace {
  /** The trace's label of the namespace: the device id for its init namespace, `box/ns1` for a named one. */
  label: string;
  /** The name under /run/netns; undefined for the init namespace. */
  name?: string;
  /** In ifindex order, lo left out (every namespace has one and nothing links to it). */
  interfaces: InnerInterface[];
}

export interface DeviceInside {
  /** The init namespace first, then the named ones in the order they were made. */
  namespaces: InnerNamespace[];
  /** Interface types present that this kernel cannot show, so the model is not recorded (README). */
  notRecorded: NetDeviceType[];
}

/** Link types the test kernel lacks (no dummy or 8021q module): modelled from the kernel's source, not recorded. */
export const NOT_RECORDED_TYPES: readonly NetDeviceType[] = ['dummy', 'vlan', 'ipip'];

/** Each interface's namespace label: where it is registered now (one made in a namespace has no dev.netns). */
type Where = ReadonlyMap<NetDevice, string>;

function ref(dev: NetDevice, where: Where): InterfaceRef {
  return { ns: where.get(dev) ?? dev.netns?.id ?? '', name: dev.name };
}

/** A topology port's name in the scenario (the kernel's may differ); undefined for other interfaces. */
export type ScenarioPortOf = (dev: NetDevice) => string | undefined;

function describeInterface(dev: NetDevice, where: Where, scenarioPortOf?: ScenarioPortOf): InnerInterface {
  const out: InnerInterface = {
    name: dev.name,
    type: dev.type,
    up: dev.up,
    running: dev.running,
    addresses: dev.addrs.map((a) => `${formatIp4(a.local)}/${a.prefixLen}`),
    // A NIC is a topology port: nothing else makes one (ip link add makes virtual devices).
    port: dev.type === 'ether',
  };
  const scenarioPort = scenarioPortOf?.(dev);
  if (scenarioPort !== undefined && scenarioPort !== dev.name) out.scenarioPort = scenarioPort;
  if (dev.master) out.master = dev.master.name;
  if (dev.master?.bridge?.hairpin(dev)) out.hairpin = true;
  if (dev.peer) out.peer = ref(dev.peer, where);
  if (dev.lower) out.lower = ref(dev.lower, where);
  return out;
}

/**
 * The namespaces and interfaces of the device whose init namespace is `init`, or undefined
 * when it holds nothing beyond its ports (no named namespace, no interface `ip link add` made):
 * such a device is drawn as before. A switch's own bridge (made at boot over its ports, as the
 * lab builds it) is the switch itself, not something inside it.
 */
export function describeInside(init: Stack, device: { kind: string; ports: readonly unknown[] }, scenarioPortOf?: ScenarioPortOf): DeviceInside | undefined {
  const named = init.netns ? [...init.netns.names()].reverse().map((n) => init.netns!.get(n)!) : [];
  const stacks = [init, ...named];
  // Stack registers lo (1), the ports (2…), then a switch's bridge.
  const ownBridge = (d: NetDevice, s: Stack) => device.kind === 'switch' && s === init && d.type === 'bridge' && d.ifindex === device.ports.length + 2;
  const made = stacks.some((s) => s.devices.some((d) => !d.loopback && d.type !== 'ether' && !ownBridge(d, s)));
  if (!named.length && !made) return undefined;
  const where = new Map<NetDevice, string>();
  for (const s of stacks) for (const d of s.devices) where.set(d, s.id);
  const namespaces = stacks.map((s) => {
    const ns: InnerNamespace = { label: s.id, interfaces: s.devices.filter((d) => !d.loopback).map((d) => describeInterface(d, where, scenarioPortOf)) };
    if (s.netnsName !== undefined) ns.name = s.netnsName;
    return ns;
  });
  const types = new Set(namespaces.flatMap((n) => n.interfaces.map((i) => i.type)));
  return { namespaces, notRecorded: NOT_RECORDED_TYPES.filter((t) => types.has(t)) };
}
