import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { ConntrackTable, formatConn } from './conntrack';
import { NF_IP_PRI_CONNTRACK, NF_IP_PRI_CONNTRACK_CONFIRM, NF_IP_PRI_FILTER, NF_IP_PRI_MANGLE, NF_IP_PRI_NAT_DST, NF_IP_PRI_NAT_SRC, NF_IP_PRI_RAW, NfHooks, type NfHookState } from './core';
import { Nat, type Manip } from './nat';
import { IpTable, traverse, type Hook, type TableName } from './x_tables';

/*
 * The five IPv4 hooks: the iptables tables, conntrack, NAT and the confirm step register their
 * functions in the hook registry at the kernel's priorities (netfilter_ipv4.h): raw -300,
 * conntrack -200, mangle -150, nat DNAT -100, filter 0, nat SNAT 100, confirm last.
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

  /** Every nf_hook_ops registered in this namespace. */
  readonly hooks = new NfHooks();

  constructor(private readonly stack: Stack) {
    this.conntrack = new ConntrackTable(stack);
    this.nat = new Nat(stack);
    this.registerOps();
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
    const ruleText = d ? `-A ${d.chain} ${d.rule.text}` : undefined;
    this.stack.trace({
      layer: 'netfilter',
      kind: res.verdict === 'DROP' ? 'drop' : 'hook',
      // PREROUTING and INPUT happen on the way in; FORWARD, OUTPUT and POSTROUTING once the
      // route has chosen the way out, so they name the outgoing port.
      port: (hook === 'PREROUTING' || hook === 'INPUT' ? inDev : outDev ?? inDev)?.name,
      packet: skb.pkt,
      before: before !== skb.pkt ? before : undefined,
      dir: skb.ct ? (skb.ctReply ? 'reply' : 'original') : undefined,
      why: d
        ? `${table} ${hook}: rule ${d.line} of ${d.chain} matched: ${d.rule.target.name}${res.verdict === 'DROP' ? ' (dropped)' : ''}`
        : `${table} ${hook}: no rule decided; policy ${chain.policy ?? 'ACCEPT'}`,
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
    if (this.stack.tracing) this.stack.trace({ layer: 'conntrack', kind: 'conntrack-new', packet: skb.pkt, dir: 'original', why: 'conntrack: the connection is confirmed and enters the table', facts: { conntrack: formatConn(ct) } });
  }

  /** The operations this namespace registers, as the iptables tables, conntrack and NAT do. */
  private registerOps(): void {
    const table = (owner: string, priority: number, slots: Partial<Record<Hook, number>>) => {
      for (const [hook, slot] of Object.entries(slots) as [Hook, number][]) {
        this.hooks.register({ hook, pf: 'ipv4', priority, owner, fn: (skb, s) => this.run(slot, skb, s.inDev, s.outDev) });
      }
    };
    table('iptable_raw', NF_IP_PRI_RAW, { PREROUTING: RAW_PRE, OUTPUT: RAW_OUT });
    for (const hook of ['PREROUTING', 'OUTPUT'] as const) {
      this.hooks.register({
        hook, pf: 'ipv4', priority: NF_IP_PRI_CONNTRACK, owner: 'nf_conntrack',
        fn: (skb) => {
          if (this.trackingActive) this.conntrack.in(skb);
          return 'ACCEPT';
        },
      });
    }
    table('iptable_mangle', NF_IP_PRI_MANGLE, { PREROUTING: MANGLE_PRE, INPUT: MANGLE_IN, FORWARD: MANGLE_FWD, POSTROUTING: MANGLE_POST });
    // ipt_mangle_out: a change of addresses or mark routes the packet again.
    this.hooks.register({
      hook: 'OUTPUT', pf: 'ipv4', priority: NF_IP_PRI_MANGLE, owner: 'iptable_mangle',
      fn: (skb, s) => {
        const { src, dst } = skb.pkt;
        const mark = skb.mark;
        if (this.run(MANGLE_OUT, skb, undefined, s.outDev) === 'DROP') return 'DROP';
        if (skb.pkt.src !== src || skb.pkt.dst !== dst || skb.mark !== mark) s.reroute = true;
        return 'ACCEPT';
      },
    });
    const nat = (hook: Hook, manip: Manip, priority: number) =>
      this.hooks.register({ hook, pf: 'ipv4', priority, owner: 'nf_nat', fn: (skb, s) => this.natHook(hook, manip, skb, s.inDev, s.outDev) });
    nat('PREROUTING', 'dst', NF_IP_PRI_NAT_DST);
    nat('INPUT', 'src', NF_IP_PRI_NAT_SRC);
    nat('POSTROUTING', 'src', NF_IP_PRI_NAT_SRC);
    // nf_nat_ipv4_local_fn: a locally sent packet whose connection is DNATed is routed again.
    this.hooks.register({
      hook: 'OUTPUT', pf: 'ipv4', priority: NF_IP_PRI_NAT_DST, owner: 'nf_nat',
      fn: (skb, s) => {
        if (this.natHook('OUTPUT', 'dst', skb, undefined, s.outDev) === 'DROP') return 'DROP';
        const ct = skb.ct;
        if (ct && (skb.ctReply ? ct.orig : ct.reply).src !== (skb.ctReply ? ct.reply : ct.orig).dst) s.reroute = true;
        return 'ACCEPT';
      },
    });
    table('iptable_filter', NF_IP_PRI_FILTER, { INPUT: FILTER_IN, FORWARD: FILTER_FWD, OUTPUT: FILTER_OUT });
    for (const hook of ['INPUT', 'POSTROUTING'] as const) {
      this.hooks.register({
        hook, pf: 'ipv4', priority: NF_IP_PRI_CONNTRACK_CONFIRM, owner: 'nf_conntrack',
        fn: (skb) => {
          this.confirm(skb);
          return 'ACCEPT';
        },
      });
    }
  }

  prerouting(skb: SkBuff, inDev: NetDevice): 'ACCEPT' | 'DROP' {
    return this.hooks.run(skb, { hook: 'PREROUTING', inDev, reroute: false });
  }

  input(skb: SkBuff, inDev: NetDevice): 'ACCEPT' | 'DROP' {
    return this.hooks.run(skb, { hook: 'INPUT', inDev, reroute: false });
  }

  forward(skb: SkBuff, inDev: NetDevice, outDev: NetDevice): 'ACCEPT' | 'DROP' {
    return this.hooks.run(skb, { hook: 'FORWARD', inDev, outDev, reroute: false });
  }

  /** LOCAL_OUT. Reroute when mangle changed addresses or mark, or the connection is DNATed. */
  output(skb: SkBuff, outDev: NetDevice): HookResult {
    const state: NfHookState = { hook: 'OUTPUT', outDev, reroute: false };
    if (this.hooks.run(skb, state) === 'DROP') return { verdict: 'DROP', reroute: false };
    return { verdict: 'ACCEPT', reroute: state.reroute };
  }

  postrouting(skb: SkBuff, outDev: NetDevice): 'ACCEPT' | 'DROP' {
    return this.hooks.run(skb, { hook: 'POSTROUTING', inDev: skb.inDev, outDev, reroute: false });
  }
}
