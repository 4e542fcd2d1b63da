import { formatIp4, prefixMask } from '../../addr/ipv4';
import type { Stack } from '../stack';
import type { XtContext } from './x_tables';

/*
 * net/netfilter/xt_hashlimit.c (revision 3, packet mode): a token bucket per hash key (the
 * packet's fields the mode names, masked), in credits that grow by CREDITS_PER_JIFFY each
 * jiffy, capped at burst packets' worth; tables are per network namespace, by name, and shown
 * as /proc/net/ipt_hashlimit/NAME. Credits exceed 2^53, so they are BigInts.
 */

const HZ = 250n;
const HZ_NUM = 250;
/** XT_HASHLIMIT_SCALE_v2: cfg.avg is seconds between packets × 10^6. */
const SCALE_V2 = 1000000n;
/** POW2_BELOW64(2^64-1 / (HZ*60*60*24)) at HZ 250. */
const CREDITS_PER_JIFFY = 1n << 39n;
const U64_MAX = (1n << 64n) - 1n;

const HASH_SIP = 1 << 0;
const HASH_DIP = 1 << 1;
const HASH_DPT = 1 << 2;
const HASH_SPT = 1 << 3;

export interface HashlimitCfg {
  /** Which fields key the buckets (HASH_*). */
  mode: number;
  invert: boolean;
  avg: bigint;
  burst: bigint;
  /** ms an idle bucket is kept. */
  expire: number;
  /** ms between garbage collector runs. */
  gcInterval: number;
  srcmask: number;
  dstmask: number;
}

interface Bucket {
  key: { src: number; dst: number; sport: number; dport: number };
  expires: number;
  prev: number;
  credit: bigint;
  creditCap: bigint;
  cost: bigint;
}

/**
 * user2credits: a rate in SCALE_v2 units as credits. When user × HZ × CREDITS_PER_JIFFY would
 * overflow 64 bits (any rate slower than 7463/sec) the credits per user unit are divided out
 * first: kernel 6.18 shows 1/sec as 137438953000000, not 137438953472000.
 */
function user2credits(user: bigint): bigint {
  if (user > U64_MAX / (HZ * CREDITS_PER_JIFFY)) return user * ((HZ * CREDITS_PER_JIFFY) / SCALE_V2);
  return (user * HZ * CREDITS_PER_JIFFY) / SCALE_V2;
}

export class HashlimitTable {
  readonly buckets = new Map<string, Bucket>();
  refcnt = 1;
  constructor(readonly cfg: HashlimitCfg) {}

  /** rateinfo_recalc: credit for the jiffies since the bucket was last used, up to its cap. */
  recalc(b: Bucket, now: number): void {
    const delta = now - b.prev;
    if (delta === 0) return;
    b.prev = now;
    b.credit += BigInt(delta) * CREDITS_PER_JIFFY;
    if (b.credit > b.creditCap) b.credit = b.creditCap;
  }
}

const jiffiesOf = (ns: number) => Math.floor((ns * HZ_NUM) / 1e9);

export class HashlimitNet {
  get tables(): Map<string, HashlimitTable> {
    return (this.tablesMade ??= new Map());
  }
  /** Made at first use: most namespaces never need it. */
  private tablesMade?: Map<string, HashlimitTable>;
  constructor(private readonly stack: Stack) {}

  /** hashlimit_mt_check: finds the named table or makes it with this rule's settings. */
  check(name: string, cfg: HashlimitCfg): number | undefined {
    if (cfg.gcInterval === 0 || cfg.expire === 0) return 22; // EINVAL
    const t = this.tables.get(name);
    // A table no rule holds any more is made anew, as after the kernel freed it.
    if (t && t.refcnt > 0) t.refcnt++;
    else this.tables.set(name, new HashlimitTable(cfg));
    return undefined;
  }

  destroy(name: string): void {
    const t = this.tables.get(name);
    // Out of sight, not freed: see RecentNet.destroy (a restore's new rules take it over).
    if (t && t.refcnt > 0) t.refcnt--;
  }

  /** hashlimit_mt_common: true while the key is within its rate (inverted for --hashlimit-above). */
  match(name: string, c: XtContext): boolean {
    const t = this.tables.get(name);
    if (!t) return false;
    const cfg = t.cfg;
    const pkt = c.skb.pkt;
    const l4 = pkt.payload;
    const ports = l4.kind === 'tcp' || l4.kind === 'udp' ? { sport: l4.sport, dport: l4.dport } : { sport: 0, dport: 0 };
    const key = {
      src: cfg.mode & HASH_SIP ? (pkt.src & prefixMask(cfg.srcmask)) >>> 0 : 0,
      dst: cfg.mode & HASH_DIP ? (pkt.dst & prefixMask(cfg.dstmask)) >>> 0 : 0,
      sport: cfg.mode & HASH_SPT ? ports.sport : 0,
      dport: cfg.mode & HASH_DPT ? ports.dport : 0,
    };
    const id = `${key.src}:${key.sport}>${key.dst}:${key.dport}`;
    const now = jiffiesOf(this.stack.env.now());
    const expireJ = Math.ceil((cfg.expire * HZ_NUM) / 1000);
    let b = t.buckets.get(id);
    // The garbage collector would have freed an idle bucket by now.
    if (b && now >= b.expires) {
      t.buckets.delete(id);
      b = undefined;
    }
    if (!b) {
      const credit = user2credits(cfg.avg * cfg.burst);
      b = { key, expires: now + expireJ, prev: now, credit, creditCap: credit, cost: user2credits(cfg.avg) };
      t.buckets.set(id, b);
    } else {
      b.expires = now + expireJ;
      t.recalc(b, now);
    }
    if (b.credit >= b.cost) {
      b.credit -= b.cost;
      return !cfg.invert;
    }
    return cfg.invert;
  }

  /** dl_seq_show: seconds left, the key, then credit, cap and cost (after a recalc). */
  show(name: string): string | undefined {
    const t = this.tables.get(name);
    if (!t || t.refcnt === 0) return undefined;
    const now = jiffiesOf(this.stack.env.now());
    let out = '';
    for (const b of t.buckets.values()) {
      if (now >= b.expires) continue;
      t.recalc(b, now);
      const k = b.key;
      out += `${Math.trunc((b.expires - now) / HZ_NUM)} ${formatIp4(k.src)}:${k.sport}->${formatIp4(k.dst)}:${k.dport} ${b.credit} ${b.creditCap} ${b.cost}\n`;
    }
    return out;
  }
}
