import { isLbcast, isMulticast, isZeronet, type Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import { UNSET_TIME, type Direction, type TraceEvent, type TraceInput } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import { inetInit } from './af_inet';
import { brAddBridge, bridgeNameFor, type Bridge } from './bridge';
import { addAddress } from './devinet';
import { FibTable, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, type FibRoute } from './fib';
import { fibRulesRegister, type FibRulesOps } from './fib_rules';
import { ipv4NetInit, type NetnsIpv4 } from './netns_ipv4';
import { NexthopExceptions } from './fnhe';
import { registerNetdevice, type PacketType } from './link';
import { loopbackXmit } from './loopback';
import type { NeighTable } from './neighbour';
import { NetDevice } from './netdevice';
import type { NetNamespaces } from './net_namespace';
import { Netfilter } from './netfilter/netfilter';
import { RT_SCOPE_HOST } from './fib';
import { SocketTable } from './sockets';
import { Sysctls } from './sysctl';
import { Files } from './files';
import type { SkBuff } from './skbuff';
import { PrintkRing } from './printk';
import type { TimerBases } from './timer';

/** What a stack needs from the simulation around it: a clock, timers, the wire, the trace. */
export interface KernelEnv {
  now(): number;
  /** Runs `fn` after `delayNs` of virtual time; returns a handle for cancel(). */
  schedule(delayNs: number, fn: () => void): number;
  cancel(handle: number): void;
  /** The kernel's timer wheel (timer.ts), shared by every namespace of the machine. */
  timers?: TimerBases;
  /** Puts a frame on the wire; `dir` is its connection direction when conntrack knows it. */
  transmit(dev: NetDevice, frame: EthernetFrame, dir?: Direction): void;
  /** A device receives a frame from inside the box, not from its wire (dev_forward_skb): what tcpdump on it sees. */
  tap?(dev: NetDevice, frame: EthernetFrame): void;
  trace(e: TraceInput): void;
  /** False when the trace keeps no more events: callers may skip building them. */
  tracing(): boolean;
  /** The label of this namespace's events (`host`, `host/ns1`). */
  readonly device?: string;
  /** The time of an event emitted now, shared by the events of this instant (TraceRecorder.stamp). */
  stamp?(): number;
  /** Keeps an event of the forwarding path built whole, label and time included: never a frame, nor a modelled feature's (TraceRecorder.pushForwarding). */
  push?(e: TraceEvent): void;
  /** Seeded uniform random number in [0, 1). */
  random(): number;
  /** Stops the whole run with a named reason (a loop detected). */
  halt?(reason: string): void;
  /**
   * tcpdump on an interface that is not a topology port (a veth end in one of the box's own
   * namespaces): what it sent or received. Absent: nobody captures there.
   */
  capture?(dev: NetDevice, frame: EthernetFrame, dir: 'out' | 'in'): void;
  /** iptables rules examined in the whole run, shared by every stack; traversals stop past `limit`. */
  work?: { rules: number; limit: number };
  /** Who is told before a namespace's printed state changes (the run's view log, trace/view-log.ts); none while booting. */
  views?: { watch?: StateWatch };
}

/**
 * Kinds of state the inspector's views print, each changed at its own places: the config
 * (addresses, links, routes, rules, tables, rulesets, sysctls: what commands change), the
 * neighbour tables, what moves in the netfilter hooks (conntrack, IPVS connections), an
 * iptables table's counters (by table), nft's (counters, dynamic sets), the bridges' learned
 * addresses, the kernel log.
 */
export type StateGroup = 'config' | 'neigh' | 'netfilter' | 'raw' | 'mangle' | 'nat' | 'filter' | 'nft' | 'fdb' | 'dmesg';

/** Told just before `stack`'s `group` state changes, so the state before it can be kept. */
export interface StateWatch {
  change(stack: Stack, group: StateGroup): void;
  /** The state may change anywhere between these two calls (trace events included). */
  begin(stack: Stack, group: StateGroup): void;
  end(stack: Stack, group: StateGroup): void;
}

export interface PortSpec {
  name: string;
  mac: Mac;
  linked: boolean;
}

/** ptype_base before any protocol registered. */
const NO_PTYPES: ReadonlyMap<number, PacketType> = new Map();

/** One device's Linux network stack (a network namespace). */
export class Stack {
  /** Replaced, not grown, when a device registers (exact.ts). */
  devices: NetDevice[] = [];
  readonly byName = new Map<string, NetDevice>();
  readonly sysctl = new Sysctls();
  /** IPv4's per-namespace state: its FIB tables, policy rules and peers (netns_ipv4). */
  readonly ipv4: NetnsIpv4 = ipv4NetInit();
  /** net->rules_ops: every family's policy-rule operations, found by family. */
  readonly rulesOps: FibRulesOps[] = [];
  /** /etc/iproute2/rt_tables: name -> id (the box's file). */
  get rtTables(): ReadonlyMap<string, number> {
    return this.files.rtTables;
  }
  /** neigh_tables[]: each family's neighbour table at its index (NEIGH_ARP_TABLE for IPv4). */
  readonly neighTables: (NeighTable | undefined)[] = [];
  /** Route exceptions from accepted ICMP redirects (fnhe.ts). */
  readonly fnhe: NexthopExceptions;
  readonly nf: Netfilter;
  readonly sockets: SocketTable;
  readonly files: Files;
  /** The kernel log `dmesg` prints (printk.ts). */
  readonly printk = new PrintkRing();
  bridge?: Bridge;
  /** The device's namespaces, shared by all of them (net_namespace.ts); undefined for a lone stack. */
  netns?: NetNamespaces;
  /** This namespace's name under /run/netns; undefined for the device's init namespace. */
  netnsName?: string;
  /** The ids this namespace gave its peer namespaces (net->netns_ids; see net_namespace_ids.ts). */
  get nsids(): Map<Stack, number> {
    return (this.peerIds ??= new Map());
  }
  private peerIds?: Map<Stack, number>;
  /**
   * ptype_base: the receive handler of each ethertype, registered by the protocols (dev_add_pack).
   * Namespaces that registered the same handlers in the same order share one table (link.ts).
   */
  ptype: ReadonlyMap<number, PacketType> = NO_PTYPES;
  /** dst_ops->link_failure, registered by IPv4: a neighbour that never resolved tells the sender. */
  dstLinkFailure: (stack: Stack, skb: SkBuff) => void = () => undefined;
  /** The highest ifindex given out so far (net->ifindex). */
  lastIfindex = 0;
  /** IP identification counter for packets without a socket-chosen id. */
  ipIdentCounter: number;
  /** The namespace's random multipath hash seed (fib_multipath.ts), drawn on first use so other draws keep their order. */
  private mpSeed?: number;
  get multipathSeed(): number {
    return (this.mpSeed ??= Math.floor(this.env.random() * 2 ** 32));
  }

  /** Call just BEFORE changing state of `group` that a view prints (see StateGroup): the view log keeps the state before it. */
  stateChange(group: StateGroup): void {
    this.env.views?.watch?.change(this, group);
  }

  /**
   * Around code that changes `group`'s state in many places (a packet through the netfilter
   * hooks, a command): every trace event in between may show a change, and so may the next one.
   */
  stateBegin(group: StateGroup): void {
    this.env.views?.watch?.begin(this, group);
  }

  stateEnd(group: StateGroup): void {
    this.env.views?.watch?.end(this, group);
  }

  constructor(
    readonly id: string,
    readonly env: KernelEnv,
    ports: PortSpec[],
    isSwitch = false,
    /** The files of the box this namespace is in: every namespace of a device sees the same /etc. */
    etc?: Pick<Stack, 'files'>,
  ) {
    this.files = etc?.files ?? new Files();
    if (env.views) this.printk.beforeChange = () => this.stateChange('dmesg');
    fibRulesRegister(this, this.ipv4.rulesOps);
    // IPv4 (and its neighbour table, which draws its reachable_time) first: seeded draws keep their order.
    inetInit(this);
    this.fnhe = new NexthopExceptions(this);
    this.nf = new Netfilter(this);
    this.sockets = new SocketTable(this);
    this.ipIdentCounter = Math.floor(env.random() * 65536);
    const lo = registerNetdevice(this, new NetDevice(1, 'lo', '00:00:00:00:00:00', true, true));
    lo.xmit = loopbackXmit(this);
    addAddress(this, lo, { local: 0x7f000001, prefixLen: 8, scope: RT_SCOPE_HOST, label: 'lo' });
    // A port's driver puts the frame on its link.
    ports.forEach((p, i) => (registerNetdevice(this, new NetDevice(i + 2, p.name, p.mac, p.linked)).xmit = env.transmit));
    if (isSwitch) {
      // As the lab builds a switch: ip link add br0 type bridge; ip link set PORT master br0, each port.
      const br = brAddBridge(this, bridgeNameFor(ports.map((p) => p.name)));
      for (const dev of this.devices) if (dev.type === 'ether') br.addIf(dev);
    }
  }

  get lo(): NetDevice {
    return this.devices[0]!;
  }

  trace(e: TraceInput): void {
    this.env.trace(e);
  }

  /**
   * The label and time of an event built whole on every hop (route, forward), for traceWhole:
   * its constructor (wire/kept-object.ts) adds the key `t` holding UNSET_TIME and stores the time after.
   */
  get traceLabel(): string {
    return this.env.device ?? this.id;
  }

  traceTime(): number {
    return this.env.stamp ? this.env.stamp() : UNSET_TIME;
  }

  traceWhole(e: TraceEvent): void {
    if (this.env.push) this.env.push(e);
    else this.env.trace(e);
  }

  /** Whether trace events are being kept; a hot path skips building ones nobody keeps. */
  get tracing(): boolean {
    return this.env.tracing();
  }

  table(id: number): FibTable {
    const tables = this.ipv4.fibTables;
    let t = tables.get(id);
    if (!t) tables.set(id, (t = new FibTable(id)));
    return t;
  }

  fibInsert(route: FibRoute): void {
    this.table(route.table).insert(route);
  }

  fibFlush(pred: (r: FibRoute) => boolean): void {
    for (const t of this.ipv4.fibTables.values()) for (const r of t.all()) if (pred(r)) t.remove(r);
  }

  hasCustomRules(): boolean {
    return this.ipv4.rulesOps.custom;
  }

  /** fib_has_custom_local_routes: a user route in the local table. */
  hasCustomLocalRoutes(): boolean {
    return this.ipv4.fibTables.get(RT_TABLE_LOCAL)!.userRoutes > 0;
  }

  /** __ip_dev_find: the device holding exactly this address. */
  addressOwner(ip: Ip4): NetDevice | undefined {
    // Indexed loops: asked for every forwarded packet (fib_validate_source), and iterators allocate.
    const devices = this.devices;
    for (let i = 0; i < devices.length; i++) {
      const addrs = devices[i]!.addrs;
      for (let j = 0; j < addrs.length; j++) if (addrs[j]!.local === ip) return devices[i];
    }
    return undefined;
  }

  /** inet_addr_type: what the local table says about an address. */
  addrType(ip: Ip4): 'local' | 'broadcast' | 'multicast' | 'unicast' {
    if (isZeronet(ip) || isLbcast(ip)) return 'broadcast';
    if (isMulticast(ip)) return 'multicast';
    const r = this.ipv4.fibTables.lookup(RT_TABLE_LOCAL, { dst: ip });
    if (r?.route.type === 'local') return 'local';
    if (r?.route.type === 'broadcast') return 'broadcast';
    return 'unicast';
  }

  /** net.ipv4.ip_default_ttl: the TTL of every packet this box originates. */
  get defaultTtl(): number {
    return this.sysctl.global['net.ipv4.ip_default_ttl'];
  }

  /** A fresh IP identification (ip_select_ident for packets without a connected socket). */
  nextIpId(): number {
    this.ipIdentCounter = (this.ipIdentCounter + 1) & 0xffff;
    return this.ipIdentCounter;
  }
}
