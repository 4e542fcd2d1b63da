import type { Ip6 } from '../../addr/ipv6';
import { ipv4Length } from '../../wire/ipv4';
import type { NetDevice } from '../netdevice';
import type { SkBuff } from '../skbuff';
import type { Stack } from '../stack';
import type { NfLogInfo } from './nf_log_syslog';
import type { RejectWith } from './reject';
import type { XtIpvsView } from './xt_ipvs';
import type { NativeNft } from '../../nft/xt_native';

/*
 * iptables tables and chains (net/ipv4/netfilter/ip_tables.c, ipt_do_table): rules are
 * matchers plus a target; jumps push a return point, RETURN pops it, the end of a built-in
 * chain applies its policy. Counters count packets and bytes per rule (iptables-nft base
 * chains keep no policy counter: `iptables -L -v` always shows 0 there).
 */

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';

export const TABLE_CHAINS: Record<TableName, Hook[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/**
 * What the targets ask of the namespace's NAT core and reject path (xt_nat, xt_MASQUERADE,
 * xt_REDIRECT, ipt_REJECT): reached through `stack.nf.xt`, so an extension module, which the
 * editor loads too, imports no kernel code.
 */
export interface XtKernelOps {
  natSetupInfo(skb: SkBuff, range: { minIp: number; maxIp: number; minPort?: number; maxPort?: number; random?: boolean; persistent?: boolean }, manip: 'src' | 'dst'): 'ACCEPT' | 'DROP';
  masquerade(skb: SkBuff, out: NetDevice, ports: { min: number; max: number } | undefined, random: boolean | undefined): 'ACCEPT' | 'DROP';
  redirect(skb: SkBuff, hook: Hook, inDev: NetDevice | undefined, ports: { min: number; max: number } | undefined, random: boolean | undefined): 'ACCEPT' | 'DROP';
  reject(skb: SkBuff, withWhat: RejectWith, hook: Hook): void;
  /** fib_lookup (xt_rpfilter's reverse lookup): the route's type and the devices its nexthops use. */
  fibLookup(flow: FibLookupFlow): { type: string; devs: readonly NetDevice[] } | undefined;
  /** tcpmss_reverse_mtu: the MTU of the route back to the packet's source (~0 when there is none). */
  reverseMtu(skb: SkBuff): number;
  /** nf_log_packet with the syslog logger: the line written to the kernel log, returned. */
  log(skb: SkBuff, hook: Hook, info: NfLogInfo, prefix: string, inDev: NetDevice | undefined, outDev: NetDevice | undefined): string;
  /** xt_ipvs: whether IPVS sent the packet on, and its IPVS entry (xt_ipvs.ts). */
  ipvs(skb: SkBuff): XtIpvsView;
}

/** A flowi4 for fib_lookup from a match: iif is a device name (`lo` for LOOPBACK_IFINDEX). */
export interface FibLookupFlow {
  dst: number;
  src: number;
  mark: number;
  tos: number;
  iif: string;
}

export interface XtContext {
  stack: Stack;
  skb: SkBuff;
  hook: Hook;
  table: TableName;
  inDev?: NetDevice;
  outDev?: NetDevice;
}

/**
 * What a rule's extension was loaded with (struct xt_entry_match/xt_entry_target: the
 * extension's name and its parsed data). The tools print a rule back from it.
 */
export interface XtInfo {
  readonly name: string;
}

export interface Match {
  /** The extension and its options; absent for the ipt_ip part (-s -d -i -o -p), kept in `head`. */
  readonly info?: XtInfo;
  /** xt_match.table and .hooks, or what its checkentry refuses (checked when the rule is added). */
  readonly restriction?: MatchRestriction;
  /** Loading it turns connection tracking on in the namespace (nf_ct_netns_get). */
  readonly needsConntrack?: boolean;
  /** xt_match.proto: the rule's -p must be this protocol, not inverted (xt_check_match). */
  readonly proto?: number;
  test(ctx: XtContext): boolean;
  /** xt_match.checkentry, run in the namespace the rule is added to: an errno refuses the rule. */
  checkentry?(stack: Stack): number | undefined;
  /** xt_match.destroy, when the rule leaves the namespace. */
  destroy?(stack: Stack): void;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'RETURN' | 'CONTINUE' | { jump: string } | { goto: string };

/** Where a match may be used: the tables it allows (all when absent) and the hooks. */
export interface MatchRestriction {
  readonly tables?: readonly TableName[];
  readonly hooks: readonly Hook[];
}

/** xt_target.table, .hooks and .proto: where a target may be used (others go anywhere). */
export interface TargetRestriction {
  /** Absent: any table (xt_TCPMSS, xt_CLASSIFY). */
  readonly table?: TableName;
  /** Absent: any hook. */
  readonly hooks?: readonly Hook[];
  /** The rule must say `-p` this, not inverted (xt_check_target: TCPMSS needs `-p tcp`). */
  readonly proto?: number;
  /**
   * Hooks a checkentry allows (TCPMSS's clamping): nft_compat gives it the hook of a base chain
   * only, so a rule in a user chain passes wherever it is jumped to from.
   */
  readonly baseChainHooks?: readonly Hook[];
}

export interface Target {
  readonly name: string;
  /** The extension and its options; absent for a jump and for a rule without target. */
  readonly info?: XtInfo;
  readonly needsConntrack?: boolean;
  /** For `-j CHAIN` / `-g CHAIN`: the user chain it enters (checked for hooks and loops). */
  readonly enters?: string;
  /** `-g CHAIN`: a goto, not a jump. */
  readonly goto?: boolean;
  readonly restriction?: TargetRestriction;
  /** xt_target.checkentry's side effects once the rule passed the table check (a warning in the kernel log). */
  readonly checkentryEffects?: (stack: Stack, head: IptHead) => void;
  /** The protocol its checkentry requires of the rule's -p (REJECT --reject-with tcp-reset: tcp). */
  readonly proto?: number;
  run(ctx: XtContext): Verdict;
  /** xt_target.checkentry and .destroy, as a match's. */
  checkentry?(stack: Stack): number | undefined;
  destroy?(stack: Stack): void;
}

/** struct ipt_ip as the rule was given it: what -S and -L print for -s -d -i -o -p. */
export interface IptHead {
  /** An Ip4 in an IPv4 table; an Ip6 in an IPv6 one (struct ip6t_ip6). */
  readonly source?: { readonly addr: number | Ip6; readonly len: number; readonly invert: boolean };
  readonly destination?: { readonly addr: number | Ip6; readonly len: number; readonly invert: boolean };
  readonly inInterface?: { readonly name: string; readonly invert: boolean };
  readonly outInterface?: { readonly name: string; readonly invert: boolean };
  /** Absent for `all` (0). */
  readonly protocol?: { readonly proto: number; readonly invert: boolean };
}

/**
 * struct ipt_entry. Its struct ipt_ip (the source and destination a rule names, as int32
 * address and mask, mask 0 for any) is inline, as in the kernel, so a packet they exclude is
 * turned away before any match is called (ip_packet_match) without a second object to load:
 * with 30,000 rules that second load was a cache miss per rule. `matches` still tests -s/-d too.
 */
export interface IptRule extends IptIp {
  readonly head: IptHead;
  /** The ipt_ip tests, then the extension matches, in the order they run. */
  readonly matches: readonly Match[];
  readonly target: Target;
  /** The rule as `iptables -S` prints it (after `-A CHAIN`), for traces and for -D/-C. */
  readonly text: string;
  /** A rule nft added to this chain: its expressions, as nf_tables runs and nft lists them (nft/xt_native.ts). */
  readonly nft?: NativeNft;
  packets: number;
  bytes: number;
}

export interface IptIp {
  readonly src: number;
  readonly smsk: number;
  readonly invSrc: boolean;
  readonly dst: number;
  readonly dmsk: number;
  readonly invDst: boolean;
}

/** A rule naming no addresses: every packet passes its header part. */
export const ANY_IP: IptIp = { src: 0, smsk: 0, invSrc: false, dst: 0, dmsk: 0, invDst: false };

/** ip_packet_match's address part (FWINV: a `!` flips each test). */
function ipPacketMatch(ip: IptIp, src: number, dst: number): boolean {
  return ((src & ip.smsk) !== ip.src) === ip.invSrc && ((dst & ip.dmsk) !== ip.dst) === ip.invDst;
}

export class Chain {
  readonly rules: IptRule[] = [];
  constructor(
    readonly name: string,
    public policy?: 'ACCEPT' | 'DROP',
  ) {}
  get builtin(): boolean {
    return this.policy !== undefined;
  }
}

export class IpTable {
  readonly chains = new Map<string, Chain>();
  /**
   * Whether nf_tables holds this table: iptables-nft adds it (with its base chains) along with
   * the first rule, user chain or policy it writes; listing, flushing or zeroing adds nothing.
   * iptables-save prints only the tables that exist.
   */
  created = false;
  /**
   * The table as nf_tables holds it (nf_tables_api.c): its handle, the handle counter of its
   * chains and rules, and the chains iptables-nft created, in creation order. iptables-nft adds
   * a built-in chain only when it first writes to it (a rule, a policy), so a table lists just those.
   */
  nft?: NfTablesObjects;
  constructor(readonly name: TableName) {
    for (const hook of TABLE_CHAINS[name]) this.chains.set(hook, new Chain(hook, 'ACCEPT'));
  }
}

export interface NfTablesObjects {
  handle: number;
  /** The table's handle counter (hgenerator), when nft did not make the table first. */
  hgen: number;
  /** Handles of the table's chains, in creation order (the order nft lists them). */
  chains: Map<string, number>;
  /** Each rule's handle. */
  rules: WeakMap<IptRule, number>;
}

/** `iptables -Z`: every rule's counters back to 0. */
export function zeroCounters(chains: Iterable<Chain>): void {
  for (const ch of chains) for (const r of ch.rules) r.packets = r.bytes = 0;
}

export interface TraversalResult {
  verdict: 'ACCEPT' | 'DROP';
  /** The rule that decided (or undefined for the policy), with its chain and 1-based line. */
  decidedBy?: { chain: string; line: number; rule: IptRule };
  /** Every rule that matched on the way, in order. */
  matched: { chain: string; line: number; rule: IptRule }[];
}

/** Jumps and gotos in one traversal (not rules: a long chain is fine, a loop of jumps is not). */
const MAX_JUMPS = 10_000;

function allMatch(matches: readonly Match[], ctx: XtContext): boolean {
  for (let i = 0; i < matches.length; i++) if (!matches[i]!.test(ctx)) return false;
  return true;
}

/** A rule's verdict as nf_tables names it (iptables-nft's rules are nf_tables rules: nf_tables_trace.ts). */
export function verdictName(v: Verdict): string {
  if (typeof v !== 'string') return 'jump' in v ? `jump ${v.jump}` : `goto ${v.goto}`;
  return v.toLowerCase();
}

/** ipt_do_table for one table at one hook; `ruleRan` hears of each rule whose target ran, with its verdict. */
export function traverse(table: IpTable, ctx: XtContext, ruleRan?: (chain: string, rule: IptRule, verdict: Verdict) => void): TraversalResult {
  const matched: TraversalResult['matched'] = [];
  const start = table.chains.get(ctx.hook)!;
  const stack: { chain: Chain; index: number }[] = [];
  let chain = start;
  let index = 0;
  const len = ipv4Length(ctx.skb.pkt);
  let jumps = 0;
  const work = ctx.stack.env.work;
  for (;;) {
    if (index >= chain.rules.length) {
      if (chain === start || !stack.length) {
        if (chain !== start) {
          chain = start;
          index = start.rules.length;
        }
        return { verdict: start.policy ?? 'ACCEPT', matched };
      }
      ({ chain, index } = stack.pop()!);
      continue;
    }
    const rule = chain.rules[index]!;
    if (work && ++work.rules > work.limit) break; // the run is over: it stops with 'rule-budget'
    const line = index + 1;
    index++;
    if (!ipPacketMatch(rule, ctx.skb.pkt.src, ctx.skb.pkt.dst)) continue;
    if (!allMatch(rule.matches, ctx)) continue;
    // iptables -L -v prints the counters; an iptables-nft table's show in nft list ruleset too.
    ctx.stack.stateChange(table.name);
    if (table.nft) ctx.stack.stateChange('nft');
    rule.packets++;
    rule.bytes += len;
    const at = { chain: chain.name, line, rule };
    matched.push(at);
    const v = rule.target.run(ctx);
    ruleRan?.(chain.name, rule, v);
    if (v === 'CONTINUE') continue;
    if (v === 'ACCEPT' || v === 'DROP') return { verdict: v, decidedBy: at, matched };
    if (v === 'RETURN') {
      if (!stack.length) {
        return { verdict: start.policy ?? 'ACCEPT', matched };
      }
      ({ chain, index } = stack.pop()!);
      continue;
    }
    const next = table.chains.get('jump' in v ? v.jump : v.goto);
    if (!next) continue;
    if (++jumps > MAX_JUMPS) break;
    if ('jump' in v) stack.push({ chain, index });
    chain = next;
    index = 0;
  }
  // A loop of jumps (the kernel refuses such rulesets at load time) or the run's rule budget
  // spent: never hang here.
  return { verdict: 'DROP', matched };
}
