import type { Family } from '../addr/family';
import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import type { NetDevice } from './netdevice';
import type { SkBuff } from './skbuff';
import type { Stack } from './stack';
import type { NeighCause } from '../trace/reason';
import { NEIGH_DEFAULTS, type NeighParms } from './sysctl';
import { nsecsToJiffies, timerBases, timerPending, timerSetup, type TimerList } from './timer';

/*
 * The neighbour table (net/core/neighbour.c): entries per (device, address), the NUD state
 * machine, packets queued while resolving, probes one retrans_time apart. The core knows no
 * protocol: each family's table brings its operations (arp_tbl's arp_generic_ops for IPv4;
 * nd_tbl would sit beside it for IPv6) and the stack keeps the tables by index, as neigh_tables[].
 */

/** neigh_tables[] indices (include/net/neighbour.h). */
export const NEIGH_ARP_TABLE = 0;
export const NEIGH_ND_TABLE = 1;

/**
 * What one family's table does that the core cannot: struct neigh_table's family and parms,
 * with its struct neigh_ops (solicit, error_report).
 */
export interface NeighOps {
  readonly family: Family;
  /** neigh_table.id, e.g. "arp_cache". */
  readonly id: string;
  /** The device's neigh_parms for this family (net.ipv4.neigh.<dev>.* for ARP). */
  parms(stack: Stack, dev: NetDevice): NeighParms;
  /** neigh_ops->solicit: probe for n's address; `last` is the newest queued packet. */
  solicit(stack: Stack, n: Neighbour, last: SkBuff | undefined, unicast: boolean): void;
  /** neigh_ops->error_report: a queued packet whose neighbour failed (arp_error_report). */
  errorReport(stack: Stack, skb: SkBuff): void;
  /** The bytes a queued packet counts against unres_qlen_bytes. */
  queuedLength(skb: SkBuff): number;
  /** An entry's address as text (%pI4 for ARP), for the trace. */
  formatAddr(addr: Ip4): string;
}

export type NudState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT' | 'NOARP';

export interface Neighbour {
  readonly dev: NetDevice;
  readonly ip: Ip4;
  /** The table that holds it: a device's lookup hint (NetDevice.neighHint) answers only for it. */
  readonly tbl: NeighTable;
  /** Deleted from its table (a hint to it no longer answers). */
  dead: boolean;
  mac?: Mac;
  state: NudState;
  probes: number;
  /** Virtual times (ns) of the last state change, confirmation and use. */
  updated: number;
  confirmed: number;
  used: number;
  /** n->timer, made with the entry's first timer and re-armed after. */
  timer?: TimerList;
  queue: { skb: SkBuff; out: NeighOutput }[];
}

/** What the layer above does with a packet once its neighbour resolves (a failure goes to ops.errorReport). */
export interface NeighOutput {
  send(stack: Stack, skb: SkBuff, mac: Mac): void;
}

/** Its timer is pending: a probe or a state's time is running. */
const resolving = (n: Neighbour): boolean => n.timer !== undefined && timerPending(n.timer);

/** NUD_VALID: every state but INCOMPLETE and FAILED has a usable link-layer address. */
export function nudValid(state: NudState): boolean {
  return state !== 'INCOMPLETE' && state !== 'FAILED';
}

const NS = 1_000_000_000;
const UNRES_QLEN_BYTES = 212_992;
/** neigh_parms.locktime: 1 s (the kernel's default; no sysctl here sets it). */
const LOCKTIME = NS;
/** retrans_time_ms and delay_first_probe_time in nanoseconds. */
const retransTime = (p: NeighParms): number => p.retrans_time_ms * 1_000_000;
const delayFirstProbe = (p: NeighParms): number => p.delay_first_probe_time * NS;

const NO_ENTRIES: ReadonlyMap<number, Neighbour> = new Map();

export class NeighTable {
  private get entries(): Map<number, Neighbour> {
    return (this.entriesMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private entriesMade?: Map<number, Neighbour>;
  private readonly reachableTime: number;

  constructor(
    private readonly stack: Stack,
    readonly ops: NeighOps,
  ) {
    this.reachableTime = this.randomReachable();
  }

  /** The device's neigh_parms (net.ipv4.neigh.<dev>.*), read where they are used: no copy per call. */
  private parms(dev: NetDevice): NeighParms {
    return this.ops.parms(this.stack, dev);
  }

  /** reachable_time is drawn uniformly from [base/2, 3*base/2) (neigh_rand_reach_time). */
  private randomReachable(baseMs: number = NEIGH_DEFAULTS.base_reachable_time_ms): number {
    const base = baseMs * 1_000_000;
    return Math.floor(base / 2 + this.stack.env.random() * base);
  }

  /** Drawn again for a device whose base_reachable_time_ms was changed, as the proc handler does. */
  private get changedReachable(): Map<string, { baseMs: number; time: number }> {
    return (this.changedReachableMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private changedReachableMade?: Map<string, { baseMs: number; time: number }>;

  private reachableTimeOf(dev: NetDevice): number {
    const baseMs = this.ops.parms(this.stack, dev).base_reachable_time_ms;
    if (baseMs === NEIGH_DEFAULTS.base_reachable_time_ms) return this.reachableTime;
    let changed = this.changedReachable.get(dev.name);
    if (changed?.baseMs !== baseMs) this.changedReachable.set(dev.name, (changed = { baseMs, time: this.randomReachable(baseMs) }));
    return changed.time;
  }

  /** One number per (device, address): no string built per packet, insertion order kept. */
  private key(dev: NetDevice, ip: Ip4): number {
    return dev.ifindex * 0x1_0000_0000 + ip;
  }

  lookup(dev: NetDevice, ip: Ip4): Neighbour | undefined {
    // Answered by the device's last entry when it is the one asked for: the key is beyond a
    // small integer, and a Map lookup by it costs more than the rest of a forward's neighbour step.
    const hint = dev.neighHint;
    if (hint !== undefined && hint.ip === ip && hint.tbl === this && !hint.dead) return hint;
    const n = this.entriesMade?.get(this.key(dev, ip));
    if (n) dev.neighHint = n;
    return n;
  }

  all(): Neighbour[] {
    return [...this.values()];
  }

  /** The entries in table order, without a copy (the view log reads them at every change); a table never used makes no map for it. */
  values(): IterableIterator<Neighbour> {
    return (this.entriesMade ?? NO_ENTRIES).values();
  }

  create(dev: NetDevice, ip: Ip4): Neighbour {
    this.stack.stateChange('neigh');
    const now = this.stack.env.now();
    // Every key from the start, the address and timer too: one object shape for every entry as it resolves.
    const n: Neighbour = { dev, ip, tbl: this, dead: false, mac: undefined, state: 'INCOMPLETE', probes: 0, updated: now, confirmed: now - 60 * NS, used: now, timer: undefined, queue: [] };
    this.entries.set(this.key(dev, ip), n);
    return n;
  }

  delete(n: Neighbour): void {
    this.stack.stateChange('neigh');
    n.dead = true;
    this.cancelTimer(n);
    this.entries.delete(this.key(n.dev, n.ip));
  }

  private cancelTimer(n: Neighbour): void {
    if (n.timer) timerBases(this.stack.env).timerDelete(n.timer);
  }

  /** neigh_add_timer: n->timer is a timer_list, so it expires in its wheel bucket (timer.ts); one per entry (neigh_alloc's timer_setup). */
  private setTimer(n: Neighbour, delay: number): void {
    // Deleted first, then armed: the timer goes to its bucket's head, as a fresh one would.
    this.cancelTimer(n);
    n.timer ??= timerSetup(() => this.timerHandler(n));
    const timers = timerBases(this.stack.env);
    timers.modTimer(n.timer, timers.jiffies + nsecsToJiffies(delay));
  }

  private setState(n: Neighbour, state: NudState, cause: NeighCause): void {
    this.stack.stateChange('neigh');
    n.state = state;
    n.updated = this.stack.env.now();
    if (this.stack.tracing) this.stack.trace({
      layer: 'arp',
      kind: 'arp-cache',
      port: n.dev.name,
      reason: { code: 'neigh_state', ip: n.ip, state, mac: n.mac || undefined, cause },
      facts: n.mac ? { neighbour: this.ops.formatAddr(n.ip), state, lladdr: n.mac } : { neighbour: this.ops.formatAddr(n.ip), state },
    });
  }

  /**
   * neigh_resolve_output: send now when the address is known, otherwise queue the packet and
   * start (or continue) resolving. `send` gets the MAC; `fail` runs if resolution fails.
   */
  output(dev: NetDevice, ip: Ip4, skb: SkBuff, out: NeighOutput): void {
    let n = this.lookup(dev, ip);
    const now = this.stack.env.now();
    if (!n) n = this.create(dev, ip);
    n.used = now;
    switch (n.state) {
      case 'PERMANENT':
        // The fast path is silent in the kernel; the trace says where the MAC came from, as nothing on the wire does.
        if (this.stack.tracing) this.stack.trace({ layer: 'arp', kind: 'arp-cache', port: dev.name, packet: skb.pkt, reason: { code: 'neigh_permanent', ip, mac: n.mac!, dev: dev.name }, facts: { neighbour: this.ops.formatAddr(ip), state: 'PERMANENT', lladdr: n.mac! } });
        return out.send(this.stack, skb, n.mac!);
      case 'REACHABLE':
      case 'NOARP':
      case 'DELAY':
      case 'PROBE':
        return out.send(this.stack, skb, n.mac!);
      case 'STALE':
        this.setState(n, 'DELAY', { code: 'stale_used' });
        this.setTimer(n, delayFirstProbe(this.parms(n.dev)));
        return out.send(this.stack, skb, n.mac!);
      case 'INCOMPLETE':
        if (!resolving(n)) return this.startResolving(n, skb, out);
        this.enqueue(n, skb, out);
        this.stack.trace({ layer: 'arp', kind: 'neigh-queue', port: dev.name, packet: skb.pkt, reason: { code: 'neigh_queue', ip } });
        return;
      case 'FAILED':
        return this.startResolving(n, skb, out);
    }
  }

  /**
   * neigh_event_send without a packet: true when the address is usable now (NUD_VALID);
   * otherwise starts resolving it (if not already) and returns false.
   */
  resolve(dev: NetDevice, ip: Ip4): boolean {
    const n = this.lookup(dev, ip) ?? this.create(dev, ip);
    if (nudValid(n.state)) return true;
    if (n.state === 'FAILED' || !resolving(n)) this.startResolving(n);
    return false;
  }

  private enqueue(n: Neighbour, skb: SkBuff, out: NeighOutput): void {
    n.queue.push({ skb, out });
    let bytes = n.queue.reduce((s, q) => s + this.ops.queuedLength(q.skb), 0);
    while (bytes > UNRES_QLEN_BYTES && n.queue.length > 1) {
      const dropped = n.queue.shift()!;
      bytes -= this.ops.queuedLength(dropped.skb);
    }
  }

  private startResolving(n: Neighbour, skb?: SkBuff, out?: NeighOutput): void {
    const p = this.parms(n.dev);
    n.probes = p.ucast_solicit;
    this.setState(n, 'INCOMPLETE', { code: 'no_entry', ip: n.ip, dev: n.dev.name });
    if (skb && out) this.enqueue(n, skb, out);
    this.setTimer(n, Math.max(retransTime(p), 10_000_000));
    this.probe(n);
  }

  private maxProbes(n: Neighbour): number {
    const p = this.parms(n.dev);
    return p.ucast_solicit + (n.state === 'INCOMPLETE' ? p.mcast_solicit : 0);
  }

  private probe(n: Neighbour): void {
    n.probes++;
    const last = n.queue[n.queue.length - 1]?.skb;
    this.ops.solicit(this.stack, n, last, n.probes - this.parms(n.dev).ucast_solicit < 0);
  }

  /** neigh_timer_handler. */
  private timerHandler(n: Neighbour): void {
    const now = this.stack.env.now();
    const p = this.parms(n.dev);
    let next: number | undefined;
    if (n.state === 'REACHABLE') {
      const reachable = this.reachableTimeOf(n.dev);
      if (now <= n.confirmed + reachable) next = n.confirmed + reachable - now;
      else if (now <= n.used + delayFirstProbe(p)) {
        this.setState(n, 'DELAY', { code: 'reachable_time' });
        next = delayFirstProbe(p);
      } else this.setState(n, 'STALE', { code: 'reachable_time' });
    } else if (n.state === 'DELAY') {
      if (now <= n.confirmed + delayFirstProbe(p)) {
        this.setState(n, 'REACHABLE', { code: 'confirmed' });
        next = n.confirmed + this.reachableTimeOf(n.dev) - now;
      } else {
        this.setState(n, 'PROBE', { code: 'first_probe_time' });
        n.probes = 0;
        next = retransTime(p);
      }
    } else {
      next = retransTime(p);
    }
    if ((n.state === 'INCOMPLETE' || n.state === 'PROBE') && n.probes >= this.maxProbes(n)) {
      this.setState(n, 'FAILED', { code: 'probes_failed', probes: n.probes });
      const queued = n.queue.splice(0);
      for (const q of queued) this.ops.errorReport(this.stack, q.skb);
      return;
    }
    if (n.state === 'INCOMPLETE' || n.state === 'PROBE') this.probe(n);
    if (next !== undefined) this.setTimer(n, Math.max(next, 1));
  }

  /**
   * neigh_update from ARP: learn or refresh `mac`. A REACHABLE state comes only from a
   * unicast reply; requests and broadcast replies leave the entry STALE.
   */
  update(n: Neighbour, mac: Mac, state: 'REACHABLE' | 'STALE', override: boolean, cause: NeighCause): void {
    const now = this.stack.env.now();
    const valid = nudValid(n.state);
    if (n.state === 'PERMANENT' || n.state === 'NOARP') return;
    if (valid && n.mac !== mac && !override) return;
    // A valid entry with the same address is not downgraded to STALE (neigh_update).
    if (valid && n.mac === mac && state === 'STALE') return;
    this.stack.stateChange('neigh');
    n.mac = mac;
    if (state === 'REACHABLE') n.confirmed = now;
    this.setState(n, state, cause);
    if (state === 'REACHABLE') this.setTimer(n, this.reachableTimeOf(n.dev));
    else this.cancelTimer(n);
    const queued = n.queue.splice(0);
    for (const q of queued) q.out.send(this.stack, q.skb, mac);
  }

  /** Upper-layer confirmation (dst_confirm_neigh), e.g. TCP seeing forward progress. */
  confirm(dev: NetDevice, ip: Ip4): void {
    const n = this.lookup(dev, ip);
    if (n) n.confirmed = this.stack.env.now();
  }

  /** `ip neigh add|replace`. */
  setStatic(dev: NetDevice, ip: Ip4, mac: Mac | undefined, state: NudState): void {
    const n = this.lookup(dev, ip) ?? this.create(dev, ip);
    this.stack.stateChange('neigh');
    this.cancelTimer(n);
    n.mac = mac;
    n.state = state;
    const queued = n.queue.splice(0);
    if (mac) for (const q of queued) q.out.send(this.stack, q.skb, mac);
  }

  isLocked(n: Neighbour): boolean {
    return this.stack.env.now() <= n.updated + LOCKTIME;
  }
}

/** neigh_table_init: the family's table takes its slot in neigh_tables[]. */
export function neighTableInit(stack: Stack, index: number, tbl: NeighTable): void {
  stack.neighTables[index] = tbl;
}

/** neigh_find_table: the table of an address family (what an RTM_*NEIGH message's ndm_family picks). */
export function neighFindTable(stack: Stack, family: Family): NeighTable | undefined {
  for (const tbl of stack.neighTables) if (tbl?.ops.family === family) return tbl;
  return undefined;
}

/** neigh_ifdown: a device going away takes its entries with it, in every family's table. */
export function neighIfdown(stack: Stack, dev: NetDevice): void {
  for (const tbl of stack.neighTables) if (tbl) for (const n of tbl.all()) if (n.dev === dev) tbl.delete(n);
}

/** Every entry of every table, table by table (what `ip neigh` dumps without -4/-6), without a copy: for readers. */
export function* neighValues(stack: Stack): Generator<Neighbour> {
  for (const tbl of stack.neighTables) if (tbl) yield* tbl.values();
}

/** The same entries copied, for a caller that deletes some as it goes (ip neigh flush). */
export function neighEntries(stack: Stack): Neighbour[] {
  return [...neighValues(stack)];
}
