import { isMulticastMac, type Mac } from '../addr/mac';
import type { EthernetFrame } from '../wire/types';
import { devNewIndex, devQueueXmit, netifReceive, registerNetdevice } from './link';
import { NetDevice } from './netdevice';
import { brNfApplies, brNfClone, brNfForward, brNfPreRouting } from './netfilter/br_netfilter_hooks';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import { devAllocName, ethRandomAddr } from './veth';

/*
 * A Linux bridge (net/bridge): learns source MACs per port, forwards known unicast to its
 * port, floods broadcast, multicast and unknown unicast to every other port. No STP.
 */

export interface FdbEntry {
  mac: Mac;
  port: NetDevice;
  /** Virtual time (ns) the address was last seen; local and static entries never age. */
  updated: number;
  local: boolean;
  /** BR_FDB_STATIC without BR_FDB_LOCAL: `bridge fdb add … master static`, forwarded to its port, never aged. */
  static?: boolean;
}

/** What `bridge fdb add … master` asks for (fdb_add_entry's NUD state): local (permanent), static or dynamic. */
export type FdbUserState = 'permanent' | 'static' | 'dynamic';

export const BRIDGE_AGEING_NS = 300 * 1_000_000_000;
/** A frame seen this many times by one bridge is going round a loop (Linux has no STP on by default). */
export const BRIDGE_LOOP_LIMIT = 32;

/** A switch's bridge is br0, or br1… when a port already has that name (as the lab creates it). */
export function bridgeNameFor(portNames: readonly string[]): string {
  let n = 0;
  while (portNames.includes(`br${n}`)) n++;
  return `br${n}`;
}

/**
 * br_add_bridge (`ip link add NAME type bridge`): a bridge device, no STP, no ports yet; the
 * stack holds its private part (the FDB). The device sends through the FDB (br_dev_xmit).
 */
export function brAddBridge(stack: Stack, name: string): Bridge {
  const dev = registerNetdevice(stack, new NetDevice(devNewIndex(stack), name, '00:00:00:00:00:00', true, false, 'bridge'));
  const br = new Bridge(stack, dev);
  dev.bridge = br;
  dev.xmit = (_dev, frame) => br.xmit(frame);
  // The first bridge is the one `bridge fdb show` lists (a switch's br0).
  stack.bridge ??= br;
  return br;
}

export interface BridgeOptions {
  /** IFLA_BR_STP_STATE: recorded for `ip -d link`; the model runs no STP. */
  stpState?: number;
  /** IFLA_BR_AGEING_TIME in centiseconds. */
  ageingTime?: number;
  /** IFLA_BR_MCAST_SNOOPING: recorded for `ip -d link`; the model never snoops. */
  mcastSnooping?: number;
}

/**
 * br_dev_newlink (`ip link add NAME type bridge`): down, with a random address until its first
 * port gives it the lowest port address, as the kernel does.
 */
export function brNewlink(stack: Stack, name: string | undefined, opts: BridgeOptions = {}): Bridge {
  const br = brAddBridge(stack, name ?? devAllocName(stack, 'bridge%d'));
  br.dev.up = false;
  br.dev.qdiscNoop = true;
  br.changeMacAddress(ethRandomAddr(stack));
  br.stpState = opts.stpState ?? 0;
  br.mcastSnooping = opts.mcastSnooping ?? 1;
  if (opts.ageingTime !== undefined) br.ageingNs = opts.ageingTime * 10_000_000;
  return br;
}

/** A port learns while the bridge is up and the port runs (BR_STATE_FORWARDING without STP). */
function brPortLearning(port: NetDevice): boolean {
  return port.running && (port.master?.up ?? false);
}

export class Bridge {
  readonly fdb = new Map<Mac, FdbEntry>();
  stpState = 0;
  /** A switch's bridge is built with mcast_snooping 0 (as the lab builds it); `ip link add` defaults to 1. */
  mcastSnooping = 0;
  /** br->ageing_time. */
  ageingNs = BRIDGE_AGEING_NS;
  readonly ports: NetDevice[] = [];
  /** addr_assign_type NET_ADDR_SET: the user chose the address, so ports no longer change it. */
  addressSet = false;
  /** BROPT_MTU_SET_BY_USER: `ip link set BRIDGE mtu N`, after which ports no longer change it. */
  mtuSet = false;
  /** Ports with BR_HAIRPIN_MODE: the bridge may send a frame back out of the port it came in by. */
  private readonly hairpinPorts = new Set<NetDevice>();
  /** How often each frame object passed here: frames are immutable, so a loop brings the same one back. */
  private readonly seen = new WeakMap<EthernetFrame, number>();

  constructor(
    private readonly stack: Stack,
    /** The bridge device (br0 on a switch), whose name the trace, the printers and the lab use. */
    readonly dev: NetDevice,
  ) {}

  get name(): string {
    return this.dev.name;
  }

  /**
   * br_add_if (`ip link set PORT master BRIDGE`): the port's frames go to the bridge from now on
   * (its rx_handler), its address is a local FDB entry, and the bridge takes the lowest port
   * address as its own (br_stp_recalculate_bridge_id).
   */
  addIf(port: NetDevice): void {
    port.master = this.dev;
    port.rxHandler = (dev, frame) => this.receive(dev, frame);
    this.ports.push(port);
    this.fdb.set(port.mac, { mac: port.mac, port, updated: 0, local: true });
    this.recalculateId();
    this.mtuAutoAdjust();
  }

  /** br_mtu_auto_adjust: the smallest MTU of its ports (1500 without ports), unless the user set one. */
  mtuAutoAdjust(): void {
    if (this.mtuSet) return;
    this.dev.mtu = this.ports.length ? Math.min(...this.ports.map((p) => p.mtu)) : 1500;
  }

  /**
   * br_stp_recalculate_bridge_id: the lowest port address, kept when the last port goes, and
   * never once the user set one ("user has chosen a value so keep it").
   */
  private recalculateId(): void {
    if (this.addressSet) return;
    const lowest = this.ports.map((p) => p.mac).sort()[0];
    if (lowest) this.changeMacAddress(lowest);
  }

  /** br_fdb_changeaddr (NETDEV_CHANGEADDR of a port): its local entry follows its new address, and the bridge id may change. */
  portChangeAddr(port: NetDevice, old: Mac): void {
    const e = this.fdb.get(old);
    if (e?.local && e.port === port) this.fdb.delete(old);
    this.fdb.set(port.mac, { mac: port.mac, port, updated: 0, local: true });
    this.recalculateId();
    this.keepOwnEntry();
  }

  /** br_set_mac_address (`ip link set BRIDGE address MAC`): dev_set_mac_address marks it NET_ADDR_SET. */
  setMacAddress(mac: Mac): void {
    this.changeMacAddress(mac);
    this.addressSet = true;
  }

  /**
   * br_fdb_change_mac_address: the bridge's own old entry goes and its new address becomes a
   * local entry of the bridge device itself, unless a port already holds it as its own.
   */
  changeMacAddress(mac: Mac): void {
    const old = this.fdb.get(this.dev.mac);
    if (old?.local && old.port === this.dev) this.fdb.delete(this.dev.mac);
    this.dev.mac = mac;
    this.keepOwnEntry();
  }

  /** fdb_delete_local: a local address no port holds any more stays the bridge's while it is the bridge's address. */
  private keepOwnEntry(): void {
    if (!this.fdb.get(this.dev.mac)?.local) this.fdb.set(this.dev.mac, { mac: this.dev.mac, port: this.dev, updated: 0, local: true });
  }

  /** br_del_if (`ip link set PORT nomaster`, or the port or the bridge deleted): its FDB entries go. */
  delIf(port: NetDevice): void {
    const i = this.ports.indexOf(port);
    if (i < 0) return;
    this.ports.splice(i, 1);
    port.master = undefined;
    port.rxHandler = undefined;
    this.hairpinPorts.delete(port);
    for (const [mac, e] of this.fdb) if (e.port === port) this.fdb.delete(mac);
    // fdb_delete_local: the bridge's own address stays a local entry when its port goes.
    if (!this.fdb.has(this.dev.mac)) this.fdb.set(this.dev.mac, { mac: this.dev.mac, port: this.dev, updated: 0, local: true });
    this.recalculateId();
    this.keepOwnEntry();
    this.mtuAutoAdjust();
  }

  hairpin(port: NetDevice): boolean {
    return this.hairpinPorts.has(port);
  }

  setHairpin(port: NetDevice, on: boolean): void {
    if (on) this.hairpinPorts.add(port);
    else this.hairpinPorts.delete(port);
  }

  /** br_dev_xmit: a frame the bridge device itself sends goes to the port its destination was learned on, else to every port. */
  xmit(frame: EthernetFrame): void {
    const dst = isMulticastMac(frame.dst) ? undefined : this.lookup(frame.dst);
    if (dst?.local) return;
    if (dst) return devQueueXmit(this.stack, dst.port, frame);
    for (const p of this.ports) if (p.up) devQueueXmit(this.stack, p, frame);
  }

  /** Live entries, in learning order (`bridge fdb show`). */
  entries(): FdbEntry[] {
    const now = this.stack.env.now();
    return [...this.fdb.values()].filter((e) => e.local || e.static || now - e.updated < this.ageingNs);
  }

  /**
   * br_fdb_add → fdb_add_entry (`bridge fdb add|replace MAC dev PORT master [static|dynamic]`):
   * permanent makes a local entry (frames to it go up to the bridge), static one that is
   * forwarded to the port and never ages; a dynamic one needs a port that learns. An existing
   * entry is EEXIST for `add` (NLM_F_EXCL), else it is rewritten.
   */
  fdbAdd(port: NetDevice, mac: Mac, state: FdbUserState, replace: boolean): 'exists' | 'port-not-learning' | undefined {
    if (state === 'dynamic' && !brPortLearning(port)) return 'port-not-learning';
    const old = this.fdb.get(mac);
    if (old && !replace) return 'exists';
    // Rewritten in place: it keeps its place in the table.
    this.fdb.set(mac, { mac, port, updated: this.stack.env.now(), local: state === 'permanent', static: state !== 'dynamic' });
    return undefined;
  }

  /** br_fdb_delete (`bridge fdb del MAC dev PORT master`): the port's entry for MAC; false when it has none. */
  fdbDelete(port: NetDevice, mac: Mac): boolean {
    const e = this.fdb.get(mac);
    if (!e || e.port !== port) return false;
    this.fdb.delete(mac);
    this.keepOwnEntry();
    return true;
  }

  private lookup(mac: Mac): FdbEntry | undefined {
    const e = this.fdb.get(mac);
    if (!e) return undefined;
    if (!e.local && !e.static && this.stack.env.now() - e.updated >= this.ageingNs) {
      this.stack.stateChange('fdb');
      this.fdb.delete(mac);
      return undefined;
    }
    return e;
  }

  /** br_handle_frame: the NF_BR_PRE_ROUTING hook (br_netfilter's, when it applies), then br_handle_frame_finish. */
  receive(port: NetDevice, frame: EthernetFrame): void {
    // A port of a bridge that is down is disabled (br_stp_disable_port): it takes nothing in.
    if (!this.dev.up) return;
    const times = (this.seen.get(frame) ?? 0) + 1;
    this.seen.set(frame, times);
    if (times === BRIDGE_LOOP_LIMIT) {
      this.stack.trace({ layer: 'bridge', kind: 'drop', port: port.name, frame, reason: { code: 'bridge_loop', times }, facts: { stop: 'bridge-loop' } });
      this.stack.env.halt?.('bridge-loop');
      return;
    }
    if (brNfApplies(this.stack, frame)) return brNfPreRouting(this.stack, this, port, frame);
    this.handleFrameFinish(port, frame);
  }

  /**
   * br_handle_frame_finish: learn the source, then deliver locally, forward or flood. `skb` is
   * br_netfilter's packet when it hooked the frame: FORWARD and POSTROUTING follow on the way out.
   */
  handleFrameFinish(port: NetDevice, frame: EthernetFrame, skb?: SkBuff): void {
    const now = this.stack.env.now();
    if (!isMulticastMac(frame.src)) {
      const known = this.fdb.get(frame.src);
      if (!known || (!known.local && (known.port !== port || now - known.updated >= this.ageingNs))) {
        if (this.stack.tracing) this.stack.trace({ layer: 'bridge', kind: 'fdb-learn', port: port.name, frame, reason: { code: 'fdb_learn', mac: frame.src, port: port.name }, facts: { mac: frame.src, port: port.name } });
      }
      // A static entry moves to the port the address shows up on, and stays static (br_fdb_update).
      if (!known?.local) this.stack.stateChange('fdb');
      if (!known?.local) this.fdb.set(frame.src, { mac: frame.src, port, updated: now, local: false, static: known?.static });
    }
    const dst = isMulticastMac(frame.dst) ? undefined : this.lookup(frame.dst);
    if (dst?.local) return this.passFrameUp(frame, skb);
    if (dst) {
      // should_deliver (br_forward.c): never back out of the port it came in by, unless that port is in hairpin mode.
      if (dst.port === port && !this.hairpin(port)) {
        // Back towards the port it came in by because DNAT said so: the hairpin case, no everyday noise.
        const code = skb?.nfBridge?.bridgedDnat ? 'bridge_hairpin_off' : 'bridge_same_port';
        this.stack.trace({ layer: 'bridge', kind: 'drop', port: port.name, frame, reason: { code, mac: frame.dst, port: port.name } });
        return;
      }
      if (this.stack.tracing) this.stack.trace({ layer: 'bridge', kind: 'bridged', port: dst.port.name, frame, reason: dst.port === port ? { code: 'bridge_hairpin', mac: frame.dst, port: port.name } : { code: 'bridged', mac: frame.dst, port: dst.port.name }, facts: { fdb: `${frame.dst} dev ${dst.port.name} master ${this.name}` } });
      return this.forward(dst.port, frame, skb);
    }
    const others = this.ports.filter((p) => p.up && (p !== port || this.hairpin(p)));
    if (this.stack.tracing) this.stack.trace({ layer: 'bridge', kind: 'flooded', port: port.name, frame, reason: { code: 'flooded', mac: frame.dst, broadcast: isMulticastMac(frame.dst), ports: others.map((p) => p.name) }, facts: { ports: others.map((p) => p.name).join(',') } });
    for (const p of others) this.forward(p, frame, skb && brNfClone(skb));
    // br_handle_frame_finish: a broadcast or multicast frame is flooded and also received locally.
    if (isMulticastMac(frame.dst)) this.passFrameUp(frame, skb);
  }

  /** __br_forward: through br_netfilter's FORWARD and POSTROUTING when it hooked the frame, then out of the port. */
  private forward(to: NetDevice, frame: EthernetFrame, skb: SkBuff | undefined): void {
    if (skb) return brNfForward(this.stack, this, to, frame, skb);
    devQueueXmit(this.stack, to, frame);
  }

  /**
   * br_pass_frame_up: the bridge device receives the frame as if it came in on it, so IP and
   * ARP see the bridge, not the port. A bridge without addresses (a switch's) has nothing to
   * take it: arp_rcv and ip_rcv would drop it unseen, so the model does not hand it up.
   */
  private passFrameUp(frame: EthernetFrame, skb?: SkBuff): void {
    if (this.dev.addrs.length === 0) return;
    netifReceive(this.stack, this.dev, frame, skb);
  }
}
