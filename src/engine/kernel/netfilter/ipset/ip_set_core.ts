import { prefixMask } from '../../../addr/ipv4';
import type { Stack } from '../../stack';
import type { Ipv4Packet } from '../../../wire/types';
import { bitmapPort } from './ip_set_bitmap_port';
import { hashIp } from './ip_set_hash_ip';
import { hashIpPort } from './ip_set_hash_ipport';
import { hashIpPortIp } from './ip_set_hash_ipportip';
import { hashIpPortNet } from './ip_set_hash_ipportnet';
import { hashNet } from './ip_set_hash_net';
import type { IpSetElem, IpSetParams, IpSetType } from './ip_set';

/*
 * ip_set_core.c: the sets of one network namespace (ip_set_net), by index: a new set takes the
 * lowest free index, which is the order `ipset list` shows. Elements carry an optional expiry
 * (the timeout extension), judged lazily against the virtual clock.
 */

export const IP_SET_TYPES: readonly IpSetType[] = [hashIp, hashNet, hashIpPort, hashIpPortIp, hashIpPortNet, bitmapPort];

/** The kernel's refusals (ipset's IPSET_ERR_*), which the tool words. */
export type IpSetError = 'set-exists' | 'no-comment' | 'no-set' | 'exists' | 'not-added' | 'out-of-range' | 'no-timeout' | 'in-use' | 'full' | 'rename-exists' | 'referenced' | 'type-mismatch' | 'no-second-set';

interface Entry {
  elem: IpSetElem;
  /** Virtual ns at which it expires; absent: permanent. */
  expires?: number;
  /** The comment extension's text (an empty comment is none). */
  comment?: string;
  /** IPSET_FLAG_NOMATCH: a packet this entry decides for is not in the set. */
  nomatch?: boolean;
}

/** What the entry deciding a lookup says (the most specific prefix first): in, flagged nomatch, or no entry. */
export type IpSetVerdict = 'match' | 'nomatch' | 'none';

export class IpSet {
  readonly entries = new Map<string, Entry>();
  references = 0;
  constructor(
    public name: string,
    readonly type: IpSetType,
    readonly params: IpSetParams,
    readonly initval: number,
  ) {}

  private live(e: Entry | undefined, now: number): e is Entry {
    return e !== undefined && (e.expires === undefined || e.expires >= now);
  }

  /** The live entries, in the order they were added (the simulator's stand-in for hash order). */
  list(now: number): Entry[] {
    const out = [...this.entries.values()].filter((e) => this.live(e, now));
    return this.type.bitmap ? out.sort((a, b) => a.elem.port! - b.elem.port!) : out;
  }

  /** The prefix lengths held by the type's network dimension, longest first (hash:net's nets[]). */
  cidrs(now = Infinity): number[] {
    const seen = new Set<number>();
    for (const e of this.entries.values()) if (this.live(e, now)) seen.add(e.elem.cidr2 ?? e.elem.cidr ?? 32);
    return [...seen].sort((a, b) => b - a);
  }

  has(elem: IpSetElem, now: number): boolean {
    return this.live(this.entries.get(this.type.key(elem)), now);
  }

  /** The first of the candidates (most specific first) the set holds decides (mtype_test_cidrs). */
  decide(candidates: readonly IpSetElem[], now: number): IpSetVerdict {
    for (const c of candidates) {
      const e = this.entries.get(this.type.key(c));
      if (this.live(e, now)) return e.nomatch ? 'nomatch' : 'match';
    }
    return 'none';
  }

  /** IPSET_CMD_ADD of one element; `timeout` undefined takes the set's default, 0 is permanent. */
  add(elem: IpSetElem, now: number, exist: boolean, timeout?: number, comment?: string, nomatch = false): IpSetError | undefined {
    if (timeout !== undefined && this.params.timeout === undefined) return 'no-timeout';
    if (comment !== undefined && !this.params.comment) return 'no-comment';
    if (this.type.inRange && !this.type.inRange(elem, this.params)) return 'out-of-range';
    const key = this.type.key(elem);
    const t = timeout ?? this.params.timeout;
    const entry: Entry = t ? { elem, expires: now + t * 1e9 } : { elem };
    if (comment) entry.comment = comment;
    if (nomatch) entry.nomatch = true;
    const old = this.entries.get(key);
    if (this.live(old, now)) {
      if (!exist) return 'exists';
      // -exist re-adds: the timeout starts again, the comment and the nomatch flag are the new ones.
      old.expires = entry.expires;
      old.comment = entry.comment;
      old.nomatch = entry.nomatch;
      return undefined;
    }
    if (old) this.entries.delete(key);
    if (this.list(now).length >= this.params.maxelem) return 'full';
    this.entries.set(key, entry);
    return undefined;
  }

  del(elem: IpSetElem, now: number, exist: boolean): IpSetError | undefined {
    if (this.type.inRange && !this.type.inRange(elem, this.params)) return 'out-of-range';
    const key = this.type.key(elem);
    if (!this.live(this.entries.get(key), now)) return exist ? undefined : 'not-added';
    this.entries.delete(key);
    return undefined;
  }

  /** ip_set_timeout_get: whole seconds left, never 0 for an entry that has a timeout. */
  static secondsLeft(expires: number, now: number): number {
    const s = Math.floor(Math.floor((expires - now) / 1e6) / 1000);
    return s === 0 ? 1 : s;
  }
}

/** ip_set_net: this namespace's sets. */
export class IpSetNet {
  /** By index; a destroyed set leaves its slot free. */
  readonly slots: (IpSet | undefined)[] = [];

  constructor(private readonly stack: Stack) {}

  get now(): number {
    return this.stack.env.now();
  }

  sets(): IpSet[] {
    return this.slots.filter((s): s is IpSet => s !== undefined);
  }

  find(name: string): IpSet | undefined {
    return this.slots.find((s) => s?.name === name);
  }

  /** IPSET_CMD_CREATE; with -exist an identical set already there is no error. */
  create(name: string, type: IpSetType, params: IpSetParams, exist: boolean): IpSetError | undefined {
    const old = this.find(name);
    if (old) return exist && old.type === type && JSON.stringify(old.params) === JSON.stringify(params) ? undefined : 'set-exists';
    const set = new IpSet(name, type, params, params.initval ?? Math.floor(this.stack.env.random() * 2 ** 32));
    const free = this.slots.indexOf(undefined);
    if (free >= 0) this.slots[free] = set;
    else this.slots.push(set);
    return undefined;
  }

  /** IPSET_CMD_DESTROY of one set or (no name) of every set; a referenced set stays. */
  destroy(name?: string): IpSetError | undefined {
    const victims = name === undefined ? this.sets() : [this.find(name)];
    if (victims.some((s) => s === undefined)) return 'no-set';
    if (victims.some((s) => s!.references > 0)) return 'in-use';
    for (const s of victims) this.slots[this.slots.indexOf(s)] = undefined;
    return undefined;
  }

  /** IPSET_CMD_RENAME: not onto an existing name, not while a rule holds it. */
  rename(from: string, to: string): IpSetError | undefined {
    const set = this.find(from);
    if (!set) return 'no-set';
    if (set.references > 0) return 'referenced';
    if (this.find(to)) return 'rename-exists';
    set.name = to;
    return undefined;
  }

  /** IPSET_CMD_SWAP: the two sets trade contents; names, references and list places stay. */
  swap(a: string, b: string): IpSetError | undefined {
    const from = this.find(a);
    if (!from) return 'no-set';
    const to = this.find(b);
    if (!to) return 'no-second-set';
    if (from.type !== to.type || from.params.family !== to.params.family) return 'type-mismatch';
    const i = this.slots.indexOf(from);
    const j = this.slots.indexOf(to);
    [from.name, to.name] = [to.name, from.name];
    [from.references, to.references] = [to.references, from.references];
    this.slots[i] = to;
    this.slots[j] = from;
    return undefined;
  }

  flush(name?: string): IpSetError | undefined {
    const victims = name === undefined ? this.sets() : [this.find(name)];
    if (victims.some((s) => s === undefined)) return 'no-set';
    for (const s of victims) s!.entries.clear();
    return undefined;
  }

  /**
   * ip_set_test from xt_set: is the packet, read by the rule's src/dst flags, in the set? An
   * entry flagged nomatch says no; with --return-nomatch a net type answers the other way round.
   */
  test(name: string, pkt: Ipv4Packet, src: readonly boolean[], returnNomatch = false): boolean {
    const set = this.find(name);
    if (!set || src.length < set.type.dimension) return false;
    const now = this.now;
    const verdict = set.decide(set.type.fromPacket(pkt, src, { cidrs: () => set.cidrs(now), params: set.params }), now);
    return returnNomatch && set.type.nomatch ? verdict === 'nomatch' : verdict === 'match';
  }

  /**
   * IPSET_CMD_TEST: a host address in a network dimension is looked up under every prefix length
   * the set holds, the most specific deciding. With `nomatch` the test asks for a nomatch entry.
   */
  testElem(set: IpSet, e: IpSetElem, nomatch = false): boolean {
    const now = this.now;
    const candidates =
      e.cidr === 32 && set.type.name === 'hash:net' ? set.cidrs(now).map((cidr) => ({ ip: (e.ip! & prefixMask(cidr)) >>> 0, cidr }))
      : e.cidr2 === 32 ? set.cidrs(now).map((cidr2) => ({ ...e, ip2: (e.ip2! & prefixMask(cidr2)) >>> 0, cidr2 }))
      : [e];
    return set.decide(candidates, now) === (nomatch ? 'nomatch' : 'match');
  }

  /** ip_set_add / ip_set_del from the SET target. */
  adt(op: 'add' | 'del', name: string, pkt: Ipv4Packet, src: readonly boolean[], exist: boolean, timeout?: number): void {
    const set = this.find(name);
    if (!set || src.length < set.type.dimension) return;
    const now = this.now;
    // A network type takes the longest prefix the set holds (kadt: INIT_CIDR(nets[0], HOST_MASK)), /32 when it holds none.
    const [elem] = set.type.fromPacket(pkt, src, { cidrs: () => [set.cidrs(now)[0] ?? 32], params: set.params });
    if (!elem) return;
    // A timeout means nothing to a set without the timeout extension.
    if (op === 'add') set.add(elem, now, exist, set.params.timeout !== undefined ? timeout : undefined);
    else set.del(elem, now, true);
  }
}
