import { AF_INET6, type Family } from '../../addr/family';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import { ConntrackTable, formatConn } from './conntrack';
import { NF_IP_PRI_CONNTRACK, NF_IP_PRI_CONNTRACK_CONFIRM, NF_IP_PRI_FILTER, NF_IP_PRI_MANGLE, NF_IP_PRI_NAT_DST, NF_IP_PRI_NAT_SRC, NF_IP_PRI_RAW, NFPROTO_IPV4, NfHooks, type NfHookFn, type NfHookOps, type NfHookState, type NfVerdict } from './core';
import { Nat, type Manip } from './nat';
import { nfNatMasquerade, nfNatRedirect, nfNatSetupInfo } from './nf_nat_masquerade';
import { nfLogIpPacket, ownedByProcess } from './nf_log_syslog';
import { sendReject } from './reject';
import { fibLookup, routeOutput } from '../route';
import { RecentNet } from './xt_recent';
import { IpSetNet } from './ipset/ip_set_core';
import { HashlimitNet } from './xt_hashlimit';
import { NfConncount } from './nf_conncount';
import { NfAcctNet } from './nfnetlink_acct';
import { emptyRuleset, type NftRuleset } from '../../nft/ruleset';
import { nftTraceInit, nftTraceNotify, type NftTraceListener } from './nf_tables_trace';
import { nftHasNatChains, nftHookOps, nftNatChainsAt, nftNeedsConntrack, nftRunBaseChain, nftSyncHookOps, type NftChainPriv } from './nft_chain_filter';
import { XtNetTables } from './xt_net';
import { type IpTable, traverse, verdictName, type Hook, type TableName, type XtKernelOps } from './x_tables';
import { translateRule } from '../../nft/xt_translate';
import { xtIpvs } from './xt_ipvs';

/*
 * The five IPv4 hooks: the iptables tables, conntrack, NAT and the confirm step register their
 * functions in the hook registry (core.ts) at the kernel's priorities (netfilter_ipv4.h): raw
 * -300, conntrack -200, mangle -150, nat DNAT -100, filter 0, nat SNAT 100, confirm last; each
 * only while it has work. Anything else (nftables, IPVS) registers its own beside them.
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
/** Every slot's chain bare: no table hook has work. */
const ALL_SLOTS_BARE = (1 << SLOTS.length) - 1;
const NAT_SLOT: Record<Hook, number> = { PREROUTING: 7, INPUT: 8, FORWARD: -1, OUTPUT: 9, POSTROUTING: 10 };

export interface HookResult {
  /** STOLEN: a hook sent the packet on itself (IPVS scheduling a local client's connection). */
  verdict: NfVerdict;
  /** A change in OUTPUT that requires routing the packet again (ip_route_me_harder). */
  reroute: boolean;
}

const ACCEPT_NO_REROUTE: HookResult = Object.freeze({ verdict: 'ACCEPT', reroute: false });

/** No nat chain of nf_tables at a hook: there is no ruleset yet. */
const NO_NAT_CHAINS: ReturnType<typeof nftNatChainsAt> = [];

/** No base chain of nf_tables hooked yet (nftSyncHookOps returns a new list when there is one). */
const NO_NFT_OPS: readonly NfHookOps<NftChainPriv>[] = [];

export class Netfilter {
  // Each extension's state in this namespace is made when something first asks for it (as
  // table_init and the pernet init of a module loaded on demand): an idle namespace holds none.
  get tables(): XtNetTables {
    return (this.tablesMade ??= new XtNetTables());
  }
  private tablesMade?: XtNetTables;
  /**
   * ip6tables' tables (NFPROTO_IPV6): the same tables and built-in chains, their own rules and
   * policies. No IPv6 packet exists yet (disable_ipv6=1 everywhere), so no hook runs them.
   */
  get tables6(): XtNetTables {
    return (this.tables6Made ??= new XtNetTables());
  }
  private tables6Made?: XtNetTables;

  tablesOf(family: Family): XtNetTables {
    return family === AF_INET6 ? this.tables6 : this.tables;
  }
  get conntrack(): ConntrackTable {
    return (this.conntrackMade ??= new ConntrackTable(this.stack));
  }
  private conntrackMade?: ConntrackTable;
  /** Whether the conntrack table holds an entry: asking does not make it (a Run asks of every namespace). */
  get hasConntrackEntries(): boolean {
    return this.conntrackMade?.hasEntries() ?? false;
  }
  get nat(): Nat {
    return (this.natMade ??= new Nat(this.stack));
  }
  private natMade?: Nat;
  /** xt_recent's lists in this namespace. */
  get recent(): RecentNet {
    return (this.recentMade ??= new RecentNet(this.stack));
  }
  private recentMade?: RecentNet;
  /** ip_set's sets in this namespace. */
  get ipset(): IpSetNet {
    return (this.ipsetMade ??= new IpSetNet(this.stack));
  }
  private ipsetMade?: IpSetNet;
  /** xt_hashlimit's tables in this namespace. */
  get hashlimit(): HashlimitNet {
    return (this.hashlimitMade ??= new HashlimitNet(this.stack));
  }
  private hashlimitMade?: HashlimitNet;
  /** nf_conncount for connlimit's per-rule trees. */
  get conncount(): NfConncount {
    return (this.conncountMade ??= new NfConncount(this.stack));
  }
  private conncountMade?: NfConncount;
  /** nfnetlink_acct's objects in this namespace. */
  get nfacct(): NfAcctNet {
    return (this.nfacctMade ??= new NfAcctNet());
  }
  private nfacctMade?: NfAcctNet;
  /** The nf_tables ruleset `nft` writes (its own tables, beside iptables' ones); a commit replaces it whole. */
  get nftables(): NftRuleset {
    return (this.nftRuleset ??= emptyRuleset());
  }
  /** nf_tables_commit registers the new base chains' hooks then and there (after what iptables registered before). */
  set nftables(rs: NftRuleset) {
    this.nftRuleset = rs;
    this.invalidate();
    this.sync();
  }
  /** Undefined until `nft` first asks: the same as an empty ruleset. */
  private nftRuleset?: NftRuleset;
  /** Whether nf_tables holds a table: asking does not make the ruleset. */
  get hasNftTables(): boolean {
    return (this.nftRuleset?.tables.length ?? 0) > 0;
  }
  /** The NFNLGRP_NFTRACE group's members (`nft monitor trace`): nf_tables_trace.ts reports to them. */
  get nftTraceListeners(): Set<NftTraceListener> {
    return (this.nftTraceListenersMade ??= new Set());
  }
  /** Made at first use: most namespaces never need it. */
  private nftTraceListenersMade?: Set<NftTraceListener>;
  /** The hook operations of the ruleset's base chains (nftSyncHookOps: a chain a commit leaves in place keeps its own). */
  private nftOps: readonly NfHookOps<NftChainPriv>[] = NO_NFT_OPS;
  private nftOpsOf?: NftRuleset;
  private tracking?: boolean;

  /** Every nf_hook_ops registered in this namespace. */
  readonly hooks = new NfHooks();

  constructor(private readonly stack: Stack) {}

  /** What the iptables extensions reach the kernel through; made when a rule first needs it. */
  get xt(): XtKernelOps {
    return (this.xtOps ??= this.makeXtOps());
  }
  private xtOps?: XtKernelOps;

  private makeXtOps(): XtKernelOps {
    return {
      natSetupInfo: (skb, range, manip) => nfNatSetupInfo(this.stack, skb, range, manip),
      masquerade: (skb, out, ports, random) => nfNatMasquerade(this.stack, skb, out, ports, random),
      redirect: (skb, hook, inDev, ports, random) => nfNatRedirect(this.stack, skb, hook, inDev, ports, random),
      reject: (skb, withWhat, hook) => sendReject(this.stack, skb, withWhat, hook),
      fibLookup: (flow) => fibLookup(this.stack, flow),
      reverseMtu: (skb) => {
        const back = routeOutput(this.stack, { dst: skb.pkt.src, anySrc: true });
        return back.ok ? back.dev.mtu : 0xffffffff;
      },
      log: (skb, hook, info, prefix, inDev, outDev) => {
        // Early demux gives a received packet its socket before INPUT (not in PREROUTING).
        const fullSock = ownedByProcess(skb) || (hook === 'INPUT' && this.stack.sockets.earlyDemuxFullSock(skb.pkt));
        const line = nfLogIpPacket(skb, inDev, outDev, info, prefix, fullSock);
        this.stack.printk.printk(this.stack.env.now(), info.level, line);
        return line;
      },
      ipvs: (skb) => xtIpvs(this.stack, skb),
    };
  }

  /**
   * One bit per slot whose chain is bare (built-in, no rules, policy ACCEPT, no user chains in
   * its table), or -1 until worked out again after a ruleset change. Not per packet.
   */
  private bare = -1;

  private bareSlots(): number {
    let mask = 0;
    for (let i = 0; i < SLOTS.length; i++) {
      const t = this.tablesMade?.loaded(SLOTS[i]![0]);
      // A table nobody set up has only its empty built-in chains, with ACCEPT policies.
      if (!t) {
        mask |= 1 << i;
        continue;
      }
      // A table with user chains has a chain a rule could jump to: never bare.
      if (this.hasUserChains(t)) continue;
      const chain = t.chains.get(SLOTS[i]![1]);
      if (chain && chain.rules.length === 0 && chain.policy === 'ACCEPT') mask |= 1 << i;
    }
    return mask;
  }

  /** ipt_do_table for one (table, hook) slot: called by the tables' hook functions below. */
  run(slot: number, skb: SkBuff, inDev?: NetDevice, outDev?: NetDevice): 'ACCEPT' | 'DROP' {
    if (slot < 0) return 'ACCEPT';
    if (this.bare < 0) this.bare = this.bareSlots();
    // An empty built-in chain with an ACCEPT policy decides nothing: the common case of every
    // hook on a box without rules. (iptables-nft base chains keep no policy counter to move.)
    // A packet `nft monitor trace` follows is reported even by a chain without rules, if iptables-nft made it.
    if (this.bare & (1 << slot) && !skb.nftrace) return 'ACCEPT';
    const [table, hook] = SLOTS[slot]!;
    const t = this.tables[table];
    const chain = t.chains.get(hook);
    if (!chain) return 'ACCEPT';
    const before = skb.pkt;
    const traced = skb.nftrace && t.nft?.chains.has(hook) ? nftTraceInit('ip', table) : undefined;
    const res = traverse(t, { stack: this.stack, skb, hook, table, inDev, outDev }, traced && ((name, rule, v) => {
      nftTraceNotify(this.stack, traced, skb, { inDev, outDev }, { chain: name, type: 'rule', rule: { handle: t.nft?.rules.get(rule) ?? 0, stmts: translateRule(rule) }, verdict: verdictName(v) });
    }));
    if (traced && !res.decidedBy) {
      nftTraceNotify(this.stack, traced, skb, { inDev, outDev }, { chain: hook, type: 'rule', verdict: 'continue' });
      nftTraceNotify(this.stack, traced, skb, { inDev, outDev }, { chain: hook, type: 'policy', policy: chain.policy === 'DROP' ? 'drop' : 'accept' });
    }
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
    this.synced = false;
  }

  /**
   * Connection tracking runs only once something needs it in this namespace: a nat table in
   * use, or a rule with a conntrack-based match or target. Until then `conntrack -L` is empty.
   */
  get trackingActive(): boolean {
    if (this.tracking === undefined) {
      this.tracking = this.natInUse() || (this.nftRuleset !== undefined && nftNeedsConntrack(this.nftRuleset)) || this.rulesNeedConntrack();
    }
    return this.tracking;
  }

  /** A loaded iptables table holds a rule with a conntrack-based match or target. */
  private rulesNeedConntrack(): boolean {
    for (const t of this.tablesMade?.allLoaded() ?? []) for (const ch of t.chains.values()) for (const r of ch.rules) if (r.target.needsConntrack || r.matches.some((m) => m.needsConntrack)) return true;
    return false;
  }

  /** Whether nat hooks are registered: an iptables nat chain holds rules, or nft has a nat base chain. */
  natInUse(): boolean {
    for (const ch of this.tablesMade?.loaded('nat')?.chains.values() ?? []) if (ch.rules.length || !ch.builtin) return true;
    return this.nftRuleset !== undefined && nftHasNatChains(this.nftRuleset);
  }

  private hasUserChains(t: IpTable): boolean {
    return t.chains.size > (t.name === 'filter' ? 3 : t.name === 'raw' ? 2 : t.name === 'nat' ? 4 : 5);
  }

  /**
   * nf_nat_inet_fn: for a connection's first packet the nat chains registered at this hook (the
   * iptables nat table's and nft's nat base chains) in priority order until one binds it or
   * drops, then the binding for every packet.
   */
  natHook(hook: Hook, manip: Manip, skb: SkBuff, inDev?: NetDevice, outDev?: NetDevice): 'ACCEPT' | 'DROP' {
    const ct = skb.ct;
    if (!ct) return 'ACCEPT';
    if (skb.ctInfo === 'new' && !skb.ctReply) {
      const done = manip === 'src' ? ct.srcNatDone : ct.dstNatDone;
      if (!done) {
        const iptPriority = manip === 'src' ? NF_IP_PRI_NAT_SRC : NF_IP_PRI_NAT_DST;
        const lookups: { priority: number; run: () => 'ACCEPT' | 'DROP' }[] = [{ priority: iptPriority, run: () => this.run(NAT_SLOT[hook], skb, inDev, outDev) }];
        for (const n of this.nftRuleset ? nftNatChainsAt(this.nftRuleset, hook) : NO_NAT_CHAINS) {
          const at = lookups.findIndex((l) => l.priority > n.priority);
          lookups.splice(at < 0 ? lookups.length : at, 0, { priority: n.priority, run: () => nftRunBaseChain(this.stack, n.table, n.chain, { stack: this.stack, skb, hook, inDev, outDev }).verdict });
        }
        for (const l of lookups) {
          if (l.run() === 'DROP') return 'DROP';
          if (manip === 'src' ? ct.srcNatDone : ct.dstNatDone) break;
        }
        // No rule bound it: a null binding, so later packets skip the table too.
        if (!(manip === 'src' ? ct.srcNatDone : ct.dstNatDone)) this.nat.setup(ct, { minIp: manip === 'src' ? skb.pkt.src : skb.pkt.dst, maxIp: manip === 'src' ? skb.pkt.src : skb.pkt.dst }, manip);
      }
    }
    this.nat.apply(skb, manip);
    return 'ACCEPT';
  }

  confirm(skb: SkBuff): void {
    const ct = skb.ct;
    // __nf_conntrack_confirm: only a packet of the original direction enters the table (an ICMP
    // error attached to an unconfirmed connection does not).
    if (!ct || ct.confirmed || skb.ctReply) return;
    this.conntrack.confirm(skb);
    if (this.stack.tracing) this.stack.trace({ layer: 'conntrack', kind: 'conntrack-new', packet: skb.pkt, dir: 'original', reason: { code: 'ct_confirmed' }, facts: { conntrack: formatConn(ct) } });
  }

  /**
   * Every operation this namespace can register, each with when it is needed. As in the kernel,
   * an operation is registered only while it has work: a table's hook while its chain there is
   * not bare, conntrack, NAT and confirm while connection tracking runs (nf_ct_netns_get).
   */
  private readonly ops: { ops: NfHookOps; needed: (bare: number, tracking: boolean) => boolean; registered: boolean }[] = [];
  /** False after a ruleset change until the registered operations are brought up to date. */
  private synced = false;

  private defineOps(): void {
    const op = <P>(owner: string, priority: number, hook: Hook, fn: NfHookFn<P>, priv: P, needed: (bare: number, tracking: boolean) => boolean) =>
      this.ops.push({ ops: { hook, pf: NFPROTO_IPV4, priority, owner, fn, priv } as NfHookOps, needed, registered: false });
    const table = (owner: string, priority: number, hook: Hook, slot: number, fn: NfHookFn<{ nf: Netfilter; slot: number }> = iptDoTable) =>
      op(owner, priority, hook, fn, { nf: this, slot }, (bare) => !(bare & (1 << slot)));
    const tracked = <P>(owner: string, priority: number, hook: Hook, fn: NfHookFn<P>, priv: P) => op(owner, priority, hook, fn, priv, (_, tracking) => tracking);
    table('iptable_raw', NF_IP_PRI_RAW, 'PREROUTING', RAW_PRE);
    table('iptable_raw', NF_IP_PRI_RAW, 'OUTPUT', RAW_OUT);
    tracked('nf_conntrack', NF_IP_PRI_CONNTRACK, 'PREROUTING', conntrackIn, this);
    tracked('nf_conntrack', NF_IP_PRI_CONNTRACK, 'OUTPUT', conntrackIn, this);
    table('iptable_mangle', NF_IP_PRI_MANGLE, 'PREROUTING', MANGLE_PRE);
    table('iptable_mangle', NF_IP_PRI_MANGLE, 'INPUT', MANGLE_IN);
    table('iptable_mangle', NF_IP_PRI_MANGLE, 'FORWARD', MANGLE_FWD);
    table('iptable_mangle', NF_IP_PRI_MANGLE, 'OUTPUT', MANGLE_OUT, mangleOut);
    table('iptable_mangle', NF_IP_PRI_MANGLE, 'POSTROUTING', MANGLE_POST);
    tracked('nf_nat', NF_IP_PRI_NAT_DST, 'PREROUTING', natFn, { nf: this, manip: 'dst' as Manip });
    tracked('nf_nat', NF_IP_PRI_NAT_DST, 'OUTPUT', natLocalFn, this);
    table('iptable_filter', NF_IP_PRI_FILTER, 'INPUT', FILTER_IN);
    table('iptable_filter', NF_IP_PRI_FILTER, 'FORWARD', FILTER_FWD);
    table('iptable_filter', NF_IP_PRI_FILTER, 'OUTPUT', FILTER_OUT);
    tracked('nf_nat', NF_IP_PRI_NAT_SRC, 'INPUT', natFn, { nf: this, manip: 'src' as Manip });
    tracked('nf_nat', NF_IP_PRI_NAT_SRC, 'POSTROUTING', natFn, { nf: this, manip: 'src' as Manip });
    tracked('nf_conntrack', NF_IP_PRI_CONNTRACK_CONFIRM, 'INPUT', conntrackConfirm, this);
    tracked('nf_conntrack', NF_IP_PRI_CONNTRACK_CONFIRM, 'POSTROUTING', conntrackConfirm, this);
  }

  /**
   * Registers the operations the ruleset now needs and unregisters the rest (as a committed
   * ruleset does). Run when a box's config is loaded; a later change is synced at the next packet.
   */
  sync(): void {
    this.synced = true;
    if (this.bare < 0) this.bare = this.bareSlots();
    const tracking = this.trackingActive;
    // The operations are made when first needed: a namespace without rules never needs them.
    if (!this.ops.length && (tracking || this.bare !== ALL_SLOTS_BARE)) this.defineOps();
    for (const o of this.ops) {
      const needed = o.needed(this.bare, tracking);
      if (needed && !o.registered) this.hooks.register(o.ops);
      else if (!needed && o.registered) this.hooks.unregister(o.ops);
      o.registered = needed;
    }
    // A committed ruleset: its base chains' operations replace the old ones (nf_tables_commit).
    if (this.nftOpsOf !== this.nftRuleset) {
      // Most namespaces never have an nft table: nothing to register or keep.
      if (this.nftOps.length || this.nftRuleset?.tables.length) this.nftOps = nftSyncHookOps(this.hooks, this.nftOps, nftHookOps(this.stack, this.nftables));
      this.nftOpsOf = this.nftRuleset;
    }
  }

  /** nf_hook_slow; meanwhile conntrack and IPVS connections may move anywhere (the view log is told; counters tell it themselves). */
  private runHooks(skb: SkBuff, state: NfHookState): NfVerdict {
    this.stack.stateBegin('netfilter');
    const verdict = this.hooks.run(skb, state);
    this.stack.stateEnd('netfilter');
    return verdict;
  }

  prerouting(skb: SkBuff, inDev: NetDevice): 'ACCEPT' | 'DROP' {
    if (!this.synced) this.sync();
    if (this.hooks.ipv4.PREROUTING.length === 0) return 'ACCEPT';
    // Nothing steals a packet here (IPVS does at LOCAL_IN): a stolen one would go no further, as a dropped one.
    return this.runHooks(skb, { hook: 'PREROUTING', pf: NFPROTO_IPV4, inDev, outDev: undefined, reroute: false }) === 'ACCEPT' ? 'ACCEPT' : 'DROP';
  }

  input(skb: SkBuff, inDev: NetDevice): NfVerdict {
    if (!this.synced) this.sync();
    if (this.hooks.ipv4.INPUT.length === 0) return 'ACCEPT';
    return this.runHooks(skb, { hook: 'INPUT', pf: NFPROTO_IPV4, inDev, outDev: undefined, reroute: false });
  }

  forward(skb: SkBuff, inDev: NetDevice, outDev: NetDevice): NfVerdict {
    if (!this.synced) this.sync();
    if (this.hooks.ipv4.FORWARD.length === 0) return 'ACCEPT';
    return this.runHooks(skb, { hook: 'FORWARD', pf: NFPROTO_IPV4, inDev, outDev, reroute: false });
  }

  /** LOCAL_OUT. Reroute when mangle changed addresses or mark, or the connection is DNATed. */
  output(skb: SkBuff, outDev: NetDevice): HookResult {
    if (!this.synced) this.sync();
    if (this.hooks.ipv4.OUTPUT.length === 0) return ACCEPT_NO_REROUTE;
    const state: NfHookState = { hook: 'OUTPUT', pf: NFPROTO_IPV4, inDev: undefined, outDev, reroute: false };
    const verdict = this.runHooks(skb, state);
    if (verdict !== 'ACCEPT') return { verdict, reroute: false };
    return { verdict: 'ACCEPT', reroute: state.reroute };
  }

  postrouting(skb: SkBuff, outDev: NetDevice): 'ACCEPT' | 'DROP' {
    if (!this.synced) this.sync();
    if (this.hooks.ipv4.POSTROUTING.length === 0) return 'ACCEPT';
    return this.runHooks(skb, { hook: 'POSTROUTING', pf: NFPROTO_IPV4, inDev: skb.inDev, outDev, reroute: false }) === 'ACCEPT' ? 'ACCEPT' : 'DROP';
  }
}

/* The hook functions (each with its ops' priv): the tables, conntrack, NAT and confirm. */

const iptDoTable: NfHookFn<{ nf: Netfilter; slot: number }> = (p, skb, s) => p.nf.run(p.slot, skb, s.inDev, s.outDev);

const conntrackIn: NfHookFn<Netfilter> = (nf, skb) => {
  if (nf.trackingActive) nf.conntrack.in(skb);
  return 'ACCEPT';
};

/** ipt_mangle_out: a change of addresses or mark routes the packet again. */
const mangleOut: NfHookFn<{ nf: Netfilter; slot: number }> = (p, skb, s) => {
  const { src, dst } = skb.pkt;
  const mark = skb.mark;
  if (p.nf.run(p.slot, skb, undefined, s.outDev) === 'DROP') return 'DROP';
  if (skb.pkt.src !== src || skb.pkt.dst !== dst || skb.mark !== mark) s.reroute = true;
  return 'ACCEPT';
};

const natFn: NfHookFn<{ nf: Netfilter; manip: Manip }> = (p, skb, s) => p.nf.natHook(s.hook, p.manip, skb, s.inDev, s.outDev);

/** nf_nat_ipv4_local_fn: a locally sent packet whose connection is DNATed is routed again. */
const natLocalFn: NfHookFn<Netfilter> = (nf, skb, s) => {
  if (nf.natHook('OUTPUT', 'dst', skb, undefined, s.outDev) === 'DROP') return 'DROP';
  const ct = skb.ct;
  if (ct && (skb.ctReply ? ct.orig : ct.reply).src !== (skb.ctReply ? ct.reply : ct.orig).dst) s.reroute = true;
  return 'ACCEPT';
};

const conntrackConfirm: NfHookFn<Netfilter> = (nf, skb) => {
  nf.confirm(skb);
  return 'ACCEPT';
};
