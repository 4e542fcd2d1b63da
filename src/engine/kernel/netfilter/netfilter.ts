import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { ConntrackTable, formatConn } from './conntrack';
import { Nat, type Manip } from './nat';
import { IpTable, traverse, type Hook, type TableName } from './x_tables';

/*
 * The five IPv4 hooks with their functions in priority order (netfilter_ipv4.h):
 * raw -300, conntrack -200, mangle -150, nat DNAT -100, filter 0, nat SNAT 100, confirm last.
 */

/** Each (table, hook) pair a packet can traverse, as a slot number. */
const SLOTS: readonly (readonly [TableName, Hook])[] = [
  ['raw', 'PREROUTING'],
  ['raw', 'OUTPUT'],
  ['mangle', 'PREROUTING'],
  ['mangle', 'INPUT'],
  ['mangle', 'FORWARD'],
  ['mangle', 'OUTPUT'],
  ['mangle', 'POSTROUTING'],
  ['nat', 'PREROUTING'],
  ['nat', 'INPUT'],
  ['nat', 'OUTPUT'],
  ['nat', 'POSTROUTING'],
  ['filter', 'INPUT'],
  ['filter', 'FORWARD'],
  ['filter', 'OUTPUT'],
];
const RAW_PRE = 0, RAW_OUT = 1, MANGLE_PRE = 2, MANGLE_IN = 3, MANGLE_FWD = 4, MANGLE_OUT = 5, MANGLE_POST = 6;
const FILTER_IN = 11, FILTER_FWD = 12, FILTER_OUT = 13;
const NAT_SLOT: Record<Hook, number> = { PREROUTING: 7, INPUT: 8, FORWARD: -1, OUTPUT: 9, POSTROUTING: 10 };

export interface HookResult {
  verdict: 'ACCEPT' | 'DROP';
  /** A change in OUTPUT that requires routing the packet again (ip_route_me_harder). */
  reroute: boolean;
}

export class Netfilter {
  readonly tables: Record<TableName, IpTable> = {
    raw: new IpTable('raw'),
    mangle: new IpTable('mangle'),
    nat: new IpTable('nat'),
    filter: new IpTable('filter'),
  };
  readonly conntrack: ConntrackTable;
  readonly nat: Nat;
  private tracking?: boolean;

  constructor(private readonly stack: Stack) {
    this.conntrack = new ConntrackTable(stack);
    this.nat = new Nat(stack);
  }

  /**
   * One bit per slot whose chain is bare (built-in, no rules, policy ACCEPT, no user chains in
   * its table), or -1 until worked out again after a ruleset change. Not per packet.
   */
  private bare = -1;

  private bareSlots(): number {
    let mask = 0;
    for (let i = 0; i < SLOTS.length; i++) {
      const t = this.tables[SLOTS[i]![0]];
      // A table with user chains has a chain a rule could jump to: never bare.
      if (this.hasUserChains(t)) continue;
      const chain = t.chains.get(SLOTS[i]![1]);
      if (chain && chain.rules.length === 0 && chain.policy === 'ACCEPT') mask |= 1 << i;
    }
    return mask;
  }

  private run(slot: number, skb: SkBuff, inDev?: NetDevice, outDev?: NetDevice): 'ACCEPT' | 'DROP' {
    if (slot < 0) return 'ACCEPT';
    if (this.bare < 0) this.bare = this.bareSlots();
    // An empty built-in chain with an ACCEPT policy decides nothing: the common case of every
    // hook on a box without rules. (iptables-nft base chains keep no policy counter to move.)
    if (this.bare & (1 << slot)) return 'ACCEPT';
    const [table, hook] = SLOTS[slot]!;
    const t = this.tables[table];
    const chain = t.chains.get(hook);
    if (!chain) return 'ACCEPT';
    const before = skb.pkt;
    const res = traverse(t, { stack: this.stack, skb, hook, table, inDev, outDev });
    if (!this.stack.tracing) return res.verdict;
    const d = res.decidedBy;
    const ruleText = d ? `-A ${d.chain} ${d.rule.matches.map((m) => m.save).concat(d.rule.target.save).join(' ')}` : undefined;
    this.stack.trace({
      layer: 'netfilter',
      kind: res.verdict === 'DROP' ? 'drop' : 'hook',
      // PREROUTING and INPUT happen on the way in; FORWARD, OUTPUT and POSTROUTING once the
      // route has chosen the way out, so they name the outgoing port.
      port: (hook === 'PREROUTING' || hook === 'INPUT' ? inDev : outDev ?? inDev)?.name,
      packet: skb.pkt,
      before: before !== skb.pkt ? before : undefined,
      dir: skb.ct ? (skb.ctReply ? 'reply' : 'original') : undefined,
      reason: { code: res.verdict === 'DROP' ? 'nf_drop' : 'nf_hook', table, hook, rule: d ? { line: d.line, chain: d.chain, target: d.rule.target.name } : undefined, policy: chain.policy ?? 'ACCEPT' },
      facts: {
        table,
        chain: d?.chain ?? hook,
        ...(d ? { line: d.line, rule: ruleText! } : { policy: chain.policy ?? 'ACCEPT' }),
        ...(res.matched.length > (d ? 1 : 0) ? { matched: res.matched.map((m) => `${m.chain}:${m.line}`).join(' ') } : {}),
      },
    });
    return res.verdict;
  }

  /** Rules changed: recompute whether connection tracking runs. */
  invalidate(): void {
    this.tracking = undefined;
    this.bare = -1;
  }

  /**
   * Connection tracking runs only once something needs it in this namespace: a nat table in
   * use, or a rule with a conntrack-based match or target. Until then `conntrack -L` is empty.
   */
  get trackingActive(): boolean {
    if (this.tracking === undefined) {
      this.tracking = this.natInUse() || Object.values(this.tables).some((t) => [...t.chains.values()].some((ch) => ch.rules.some((r) => r.target.needsConntrack || r.matches.some((m) => m.needsConntrack))));
    }
    return this.tracking;
  }

  /** Whether iptables-nft would have registered nat hooks: some nat chain holds rules. */
  natInUse(): boolean {
    for (const ch of this.tables.nat.chains.values()) if (ch.rules.length || !ch.builtin) return true;
    return false;
  }

  private hasUserChains(t: IpTable): boolean {
    return t.chains.size > (t.name === 'filter' ? 3 : t.name === 'raw' ? 2 : t.name === 'nat' ? 4 : 5);
  }

  /** nf_nat_inet_fn: the nat table for a connection's first packet, then the binding for all. */
  private natHook(hook: Hook, manip: Manip, skb: SkBuff, inDev?: NetDevice, outDev?: NetDevice): 'ACCEPT' | 'DROP' {
    const ct = skb.ct;
    if (!ct) return 'ACCEPT';
    if (skb.ctInfo === 'new' && !skb.ctReply) {
      const done = manip === 'src' ? ct.srcNatDone : ct.dstNatDone;
      if (!done) {
        if (this.run(NAT_SLOT[hook], skb, inDev, outDev) === 'DROP') return 'DROP';
        // No rule bound it: a null binding, so later packets skip the table too.
        if (!(manip === 'src' ? ct.srcNatDone : ct.dstNatDone)) this.nat.setup(ct, { minIp: manip === 'src' ? skb.pkt.src : skb.pkt.dst, maxIp: manip === 'src' ? skb.pkt.src : skb.pkt.dst }, manip);
      }
    }
    this.nat.apply(skb, manip);
    return 'ACCEPT';
  }

  private confirm(skb: SkBuff): void {
    const ct = skb.ct;
    if (!ct || ct.confirmed) return;
    this.conntrack.confirm(skb);
    if (this.stack.tracing) this.stack.trace({ layer: 'conntrack', kind: 'conntrack-new', packet: skb.pkt, dir: 'original', reason: { code: 'ct_confirmed' }, facts: { conntrack: formatConn(ct) } });
  }

  prerouting(skb: SkBuff, inDev: NetDevice): 'ACCEPT' | 'DROP' {
    if (this.run(RAW_PRE, skb, inDev) === 'DROP') return 'DROP';
    if (this.trackingActive) this.conntrack.in(skb);
    if (this.run(MANGLE_PRE, skb, inDev) === 'DROP') return 'DROP';
    return this.natHook('PREROUTING', 'dst', skb, inDev);
  }

  input(skb: SkBuff, inDev: NetDevice): 'ACCEPT' | 'DROP' {
    if (this.run(MANGLE_IN, skb, inDev) === 'DROP') return 'DROP';
    if (this.run(FILTER_IN, skb, inDev) === 'DROP') return 'DROP';
    if (this.natHook('INPUT', 'src', skb, inDev) === 'DROP') return 'DROP';
    this.confirm(skb);
    return 'ACCEPT';
  }

  forward(skb: SkBuff, inDev: NetDevice, outDev: NetDevice): 'ACCEPT' | 'DROP' {
    if (this.run(MANGLE_FWD, skb, inDev, outDev) === 'DROP') return 'DROP';
    return this.run(FILTER_FWD, skb, inDev, outDev);
  }

  /** LOCAL_OUT. Reroute when mangle changed addresses or mark, or the connection is DNATed. */
  output(skb: SkBuff, outDev: NetDevice): HookResult {
    const drop = { verdict: 'DROP' as const, reroute: false };
    if (this.run(RAW_OUT, skb, undefined, outDev) === 'DROP') return drop;
    if (this.trackingActive) this.conntrack.in(skb);
    const { src, dst } = skb.pkt;
    const mark = skb.mark;
    if (this.run(MANGLE_OUT, skb, undefined, outDev) === 'DROP') return drop;
    let reroute = skb.pkt.src !== src || skb.pkt.dst !== dst || skb.mark !== mark;
    if (this.natHook('OUTPUT', 'dst', skb, undefined, outDev) === 'DROP') return drop;
    const ct = skb.ct;
    if (ct && (skb.ctReply ? ct.orig : ct.reply).src !== (skb.ctReply ? ct.reply : ct.orig).dst) reroute = true;
    if (this.run(FILTER_OUT, skb, undefined, outDev) === 'DROP') return drop;
    return { verdict: 'ACCEPT', reroute };
  }

  postrouting(skb: SkBuff, outDev: NetDevice): 'ACCEPT' | 'DROP' {
    if (this.run(MANGLE_POST, skb, skb.inDev, outDev) === 'DROP') return 'DROP';
    if (this.natHook('POSTROUTING', 'src', skb, skb.inDev, outDev) === 'DROP') return 'DROP';
    this.confirm(skb);
    return 'ACCEPT';
  }
}
