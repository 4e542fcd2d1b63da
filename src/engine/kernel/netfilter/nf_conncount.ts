import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { packetTuple, tupleEqual, type Tuple } from './conntrack';

/*
 * net/netfilter/nf_conncount.c (as in 6.18): connections counted per key (xt_connlimit's masked
 * address), one tree per rule. A key's list keeps the original tuples of the connections it
 * added. A packet of a confirmed connection adds nothing; a new one is added after a pass that
 * forgets what conntrack no longer holds (a dropped SYN is never confirmed) or holds closed (TCP
 * TIME_WAIT/CLOSE). That pass is skipped within the jiffy of the last one or the last add
 * (`(u32)jiffies == list->last_gc`), so connections opened in quick succession still count.
 */

const HZ = 250;

interface ConncountList {
  tuples: Tuple[];
  lastGc: number;
}

/** struct nf_conncount_data: one rule's lists, by key. */
export type ConncountData = Map<number, ConncountList>;

export class NfConncount {
  constructor(private readonly stack: Stack) {}

  init(): ConncountData {
    return new Map();
  }

  private get jiffies(): number {
    return Math.floor((this.stack.env.now() * HZ) / 1e9);
  }

  /** already_closed. */
  private closed(t: Tuple): boolean | undefined {
    const found = this.stack.nf.conntrack.find(t);
    if (!found) return undefined;
    const state = found.conn.tcpState;
    return found.conn.orig.proto === 6 && (state === 'TIME_WAIT' || state === 'CLOSE');
  }

  /** nf_conncount_gc_list: drops the gone and the closed, at most once per jiffy. */
  private gc(list: ConncountList, now: number): void {
    if (now === list.lastGc) return;
    list.tuples = list.tuples.filter((t) => this.closed(t) === false);
    list.lastGc = now;
  }

  /** count_tree / insert_tree: the connections of `key`, this packet's included when it is new. */
  count(data: ConncountData, key: number, skb: SkBuff): number {
    const now = this.jiffies;
    let list = data.get(key);
    if (!list) data.set(key, (list = { tuples: [], lastGc: now }));
    const ct = skb.ct;
    // A confirmed connection was counted when it was new (-EEXIST): only tidy the list.
    if (ct?.confirmed) {
      this.gc(list, now);
      return list.tuples.length;
    }
    const tuple = ct?.orig ?? packetTuple(skb.pkt);
    if (!tuple) return 0;
    if (now !== list.lastGc) {
      const kept: Tuple[] = [];
      for (const [i, t] of list.tuples.entries()) {
        const closed = this.closed(t);
        if (closed === undefined) continue; // find_or_evict
        if (tupleEqual(t, tuple)) {
          // Already counted: the rest of the list stays as it is.
          list.tuples = [...kept, ...list.tuples.slice(i)];
          return list.tuples.length;
        }
        if (!closed) kept.push(t);
      }
      list.tuples = kept;
      list.lastGc = now;
    }
    list.tuples.push(tuple);
    list.lastGc = now;
    return list.tuples.length;
  }
}
