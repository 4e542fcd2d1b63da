import type { Stack } from './stack';
import type { Mac } from '../addr/mac';
import type { Direction } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import type { Bridge } from './bridge';
import type { InAddr } from './devinet';
import type { SkBuff } from './skbuff';
import type { Neighbour } from './neighbour';
import type { KeptInputRoute } from './route_input_cache';
import { rtCacheFlush } from './rt_genid';

/**
 * ndo_start_xmit: what the driver does with a frame dev_queue_xmit hands it (a NIC puts it on
 * the wire, lo loops it back). `skb` is the packet's metadata where the frame came from one.
 */
export type StartXmit = (dev: NetDevice, frame: EthernetFrame, dir?: Direction, skb?: SkBuff) => void;

/**
 * rx_handler (netdev_rx_handler_register): takes every frame the device receives, before any
 * protocol; 'pass' (RX_HANDLER_PASS) lets the device's own protocols have it too.
 */
export type RxHandler = (dev: NetDevice, frame: EthernetFrame) => 'pass' | void;

/** The link type `ip -d link` shows: lo is loopback, a port ether, a bridge device bridge. */
export type NetDeviceType = 'loopback' | 'ether' | 'bridge' | 'veth' | 'dummy' | 'macvlan' | 'vxlan' | 'vlan' | 'ipip';

/** dev->header_ops: a tunnel has none, so its neighbours are NOARP and sent directly (arp_constructor). */
export const hasHeaderOps = (d: { type: NetDeviceType }): boolean => d.type !== 'ipip';

const NO_DRIVER: StartXmit = () => undefined;

/** A network interface (struct net_device plus its in_device address list). */
export class NetDevice {
  private isUp = true;
  private devName: string;
  private devNet?: Stack;
  /** The input route this device made last (route_input_cache.ts). */
  rxRoute?: KeptInputRoute = undefined;
  /** The neighbour entry looked up last through this device (neighbour.ts): a router sends one flow's packets to one next hop. */
  neighHint?: Neighbour = undefined;
  mtu: number;
  /** Primary addresses first (sorted by scope, host before global), then secondaries. */
  /** Replaced, not grown, when an address is added (exact.ts). */
  addrs: InAddr[] = [];
  readonly type: NetDeviceType;
  /** Until a driver is registered, a device transmits nothing. */
  xmit: StartXmit = NO_DRIVER;
  /** Set on a bridge port: frames go to the bridge, not to IP. */
  rxHandler?: RxHandler;
  /** The device this one is enslaved to (a bridge port's bridge). */
  master?: NetDevice;
  /**
   * No qdisc attached (noop_qdisc) until it first comes up (dev_activate): a device `ip link add`
   * made, one moved to another namespace, a new namespace's lo. Boot devices have theirs.
   */
  qdiscNoop = false;
  /** A bridge device's private part (netdev_priv: its ports and FDB). */
  bridge?: Bridge;
  /** A veth end's other end (IFLA_LINK: `ip link` prints it as NAME@PEER). */
  peer?: NetDevice;
  /** The lower device a macvlan, vlan or vxlan sits on (IFLA_LINK: `ip link` prints NAME@LOWER). */
  lower?: NetDevice;
  /** A topology port's cable: where its driver puts frames (the simulator's, sim/network.ts; a field rather than a lookup in a map of every port). */
  wire?: unknown = undefined;

  constructor(
    public ifindex: number,
    name: string,
    public mac: Mac,
    public carrier: boolean,
    readonly loopback = false,
    type?: NetDeviceType,
  ) {
    this.devName = name;
    this.mtu = loopback ? 65536 : 1500;
    this.type = type ?? (loopback ? 'loopback' : 'ether');
  }

  /** Administrative state (IFF_UP). Routes through a device follow it (fib_netdev_event flushes the route cache). */
  get up(): boolean {
    return this.isUp;
  }
  set up(up: boolean) {
    if (up !== this.isUp) rtCacheFlush();
    this.isUp = up;
  }

  /** Rules select by the input device's name (FRA_IIFNAME): a rename is a routing change too. */
  get name(): string {
    return this.devName;
  }
  set name(name: string) {
    if (name !== this.devName) rtCacheFlush();
    this.devName = name;
  }

  /** dev_net: the namespace it moved to with `ip link set DEV netns NAME` (unset: where it was made). */
  get netns(): Stack | undefined {
    return this.devNet;
  }
  set netns(net: Stack | undefined) {
    if (net !== this.devNet) rtCacheFlush();
    this.devNet = net;
  }

  /** Running (IFF_RUNNING): up with carrier. */
  get running(): boolean {
    return this.up && this.carrier;
  }
}
