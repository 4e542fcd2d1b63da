import type { SkBuff } from '../skbuff';
import { ipv4Length } from '../../wire/ipv4';

/*
 * net/netfilter/nfnetlink_acct.c: named packet and byte counters of one network namespace,
 * which `-m nfacct` rules update and the nfacct tool lists. An object a rule uses cannot be
 * deleted (EBUSY); flush deletes those no rule uses.
 */

export const ENOENT = 2;
export const EBUSY = 16;

export interface NfAcct {
  readonly name: string;
  pkts: number;
  bytes: number;
  /** Rules holding it (nfnl_acct_find_get). */
  users: number;
}

export class NfAcctNet {
  /** In creation order (the kernel adds to the list's head, and dumps from it: newest last is how nfacct list shows them). */
  readonly objects: NfAcct[] = [];

  find(name: string): NfAcct | undefined {
    return this.objects.find((o) => o.name === name);
  }

  /** NFNL_MSG_ACCT_NEW without NLM_F_REPLACE: an existing name is EBUSY. */
  add(name: string): number | undefined {
    if (this.find(name)) return EBUSY;
    this.objects.push({ name, pkts: 0, bytes: 0, users: 0 });
    return undefined;
  }

  /** NFNL_MSG_ACCT_DEL of one object, or of every unused one (no name). */
  del(name?: string): number | undefined {
    if (name === undefined) {
      for (const o of [...this.objects]) if (o.users === 0) this.objects.splice(this.objects.indexOf(o), 1);
      return undefined;
    }
    const o = this.find(name);
    if (!o) return ENOENT;
    if (o.users > 0) return EBUSY;
    this.objects.splice(this.objects.indexOf(o), 1);
    return undefined;
  }

  /** nfnl_acct_update: one more packet of skb->len bytes. */
  update(o: NfAcct, skb: SkBuff): void {
    o.pkts++;
    o.bytes += ipv4Length(skb.pkt);
  }
}
