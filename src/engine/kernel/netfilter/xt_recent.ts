import { formatIp4 } from '../../addr/ipv4';
import type { Stack } from '../stack';
import type { XtContext } from './x_tables';

/*
 * net/netfilter/xt_recent.c: named lists of recently seen addresses, per network namespace
 * (recent_net), each shown as /proc/net/xt_recent/NAME. An entry keeps the last
 * ip_pkt_list_tot (20, or the largest --hitcount) packet times in jiffies; a list holds
 * ip_list_tot (100) addresses and forgets the least recently seen when full.
 */

const XT_RECENT_CHECK = 1 << 0;
const XT_RECENT_SET = 1 << 1;
const XT_RECENT_UPDATE = 1 << 2;
const XT_RECENT_REMOVE = 1 << 3;
const XT_RECENT_TTL = 1 << 4;
const XT_RECENT_REAP = 1 << 5;
const XT_RECENT_MODIFIERS = XT_RECENT_TTL | XT_RECENT_REAP;
const IP_LIST_TOT = 100;
const IP_PKT_LIST_TOT = 20;
const EINVAL = 22;

/** CONFIG_HZ of the recorded kernel; jiffies start at INITIAL_JIFFIES (-300 s, as an unsigned 32-bit value). */
const HZ = 250;
const INITIAL_JIFFIES = 4294892296;
const jiffies = (nowNs: number) => INITIAL_JIFFIES + Math.floor((nowNs * HZ) / 1e9);

/** struct xt_recent_mtinfo_v1, IPv4 only. */
export interface RecentMtInfo {
  seconds: number;
  hitCount: number;
  checkSet: number;
  invert: boolean;
  name: string;
  side: 'source' | 'dest';
  mask: number;
}

interface RecentEntry {
  addr: number;
  ttl: number;
  index: number;
  nstamps: number;
  stamps: number[];
}

export class RecentTable {
  /** Entries by address, oldest-seen first (the LRU list: an update moves an entry to the end). */
  readonly entries = new Map<number, RecentEntry>();
  refcnt = 1;
  constructor(
    readonly name: string,
    readonly mask: number,
    public nstampsMaxMask: number,
  ) {}

  private touch(e: RecentEntry, now: number): void {
    e.index &= this.nstampsMaxMask;
    e.stamps[e.index++] = now;
    if (e.index > e.nstamps) e.nstamps = e.index;
    this.entries.delete(e.addr);
    this.entries.set(e.addr, e);
  }

  /** recent_entry_init: a new entry, evicting the least recently seen when the list is full. */
  add(addr: number, ttl: number, now: number): RecentEntry {
    if (this.entries.size >= IP_LIST_TOT) this.entries.delete(this.entries.keys().next().value!);
    const e: RecentEntry = { addr, ttl, index: 1, nstamps: 1, stamps: [now] };
    this.entries.set(addr, e);
    return e;
  }

  update(e: RecentEntry, now: number): void {
    this.touch(e, now);
  }

  /** recent_seq_show, one line per entry. */
  show(): string {
    let out = '';
    for (const e of this.entries.values()) {
      const last = e.stamps[(e.index - 1) & this.nstampsMaxMask];
      out += `src=${formatIp4(e.addr)} ttl: ${e.ttl} last_seen: ${last} oldest_pkt: ${e.index}`;
      for (let i = 0; i < e.nstamps; i++) out += `${i ? ',' : ''} ${e.stamps[i]}`;
      out += '\n';
    }
    return out;
  }
}

/** xt_check_proc_name: a name /proc can hold. */
function checkProcName(name: string): number | undefined {
  if (name === '' || name === '.' || name === '..' || name.includes('/')) return EINVAL;
  return undefined;
}

/** recent_net: this namespace's lists by name. */
export class RecentNet {
  get tables(): Map<string, RecentTable> {
    return (this.tablesMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private tablesMade?: Map<string, RecentTable>;

  constructor(private readonly stack: Stack) {}

  /** recent_mt_check: refuses what the kernel refuses (EINVAL), else finds or makes the list. */
  check(info: RecentMtInfo): number | undefined {
    const ops = info.checkSet & (XT_RECENT_SET | XT_RECENT_REMOVE | XT_RECENT_CHECK | XT_RECENT_UPDATE);
    if (ops === 0 || (ops & (ops - 1)) !== 0) return EINVAL;
    if (info.checkSet & (XT_RECENT_SET | XT_RECENT_REMOVE) && (info.seconds || info.hitCount || info.checkSet & XT_RECENT_MODIFIERS)) return EINVAL;
    if (info.checkSet & XT_RECENT_REAP && !info.seconds) return EINVAL;
    const bad = checkProcName(info.name);
    if (bad) return bad;
    const wanted = info.hitCount < IP_PKT_LIST_TOT ? IP_PKT_LIST_TOT : info.hitCount;
    const maxMask = 2 ** Math.ceil(Math.log2(wanted)) - 1;
    const t = this.tables.get(info.name);
    // A list no rule holds any more is made anew, as after the kernel freed it.
    if (t && t.refcnt > 0) {
      // A rule wanting more timestamps than the list keeps empties it (recent_table_flush).
      if (maxMask > t.nstampsMaxMask) {
        t.entries.clear();
        t.nstampsMaxMask = maxMask;
      }
      t.refcnt++;
      return undefined;
    }
    this.tables.set(info.name, new RecentTable(info.name, info.mask, maxMask));
    return undefined;
  }

  /**
   * recent_mt_destroy: the list and its /proc file go with the last rule using it. It is kept
   * out of sight rather than freed, so that rules an aborted transaction (iptables-restore)
   * puts back still find it.
   */
  destroy(info: RecentMtInfo): void {
    const t = this.tables.get(info.name);
    if (t && t.refcnt > 0) t.refcnt--;
  }

  /** The list as /proc/net/xt_recent shows it: only while a rule uses it. */
  proc(name: string): RecentTable | undefined {
    const t = this.tables.get(name);
    return t && t.refcnt > 0 ? t : undefined;
  }

  /** recent_mt. */
  match(info: RecentMtInfo, c: XtContext): boolean {
    const pkt = c.skb.pkt;
    let ret = info.invert;
    let ttl = pkt.ttl;
    // Use the TTL as seen before forwarding.
    if (c.outDev && !c.skb.local) ttl++;
    const t = this.tables.get(info.name);
    if (!t) return ret;
    const addr = ((info.side === 'dest' ? pkt.dst : pkt.src) & t.mask) >>> 0;
    const now = jiffies(this.stack.env.now());
    let e = t.entries.get(addr);
    // recent_entry_lookup: with --rttl the TTL must agree too (0 on either side agrees with any).
    if (e && info.checkSet & XT_RECENT_TTL && !(ttl === e.ttl || e.ttl === 0)) e = undefined;
    if (!e) {
      if (!(info.checkSet & XT_RECENT_SET)) return ret;
      t.add(addr, ttl, now);
      return !ret;
    }
    if (info.checkSet & XT_RECENT_SET) ret = !ret;
    else if (info.checkSet & XT_RECENT_REMOVE) {
      t.entries.delete(e.addr);
      return !ret;
    } else if (info.checkSet & (XT_RECENT_CHECK | XT_RECENT_UPDATE)) {
      const time = now - info.seconds * HZ;
      let hits = 0;
      for (let i = 0; i < e.nstamps; i++) {
        if (info.seconds && time > e.stamps[i]!) continue;
        if (!info.hitCount || ++hits >= info.hitCount) {
          ret = !ret;
          break;
        }
      }
      if (info.checkSet & XT_RECENT_REAP) this.reap(t, time, e, !!(info.checkSet & XT_RECENT_UPDATE) && ret);
    }
    if (info.checkSet & XT_RECENT_SET || (info.checkSet & XT_RECENT_UPDATE && ret)) {
      t.update(e, now);
      e.ttl = ttl;
    }
    return ret;
  }

  /** recent_entry_reap: forgets the least recently seen entry when it is older than `time` (not the one in hand if it is about to be updated). */
  private reap(t: RecentTable, time: number, working: RecentEntry, update: boolean): void {
    const first = t.entries.values().next().value;
    if (!first || (first === working && update)) return;
    if (time > first.stamps[first.index - 1]!) t.entries.delete(first.addr);
  }

  /** recent_mt_proc_write: `+ADDR` adds or refreshes, `-ADDR` removes, `/` empties. Returns an errno. */
  write(name: string, text: string, parse: (addr: string) => number | undefined): number | undefined {
    const t = this.proc(name);
    if (!t) return 2;
    const c = text[0];
    if (c === '/') {
      t.entries.clear();
      return undefined;
    }
    if (c !== '+' && c !== '-') return EINVAL;
    const addr = parse(text.slice(1).trim());
    if (addr === undefined) return EINVAL;
    // The address as written (no mask), TTL 0: it agrees with any --rttl.
    const e = t.entries.get(addr);
    const now = jiffies(this.stack.env.now());
    if (c === '+') {
      if (e) t.update(e, now);
      else t.add(addr, 0, now);
    } else if (e) t.entries.delete(addr);
    return undefined;
  }
}
