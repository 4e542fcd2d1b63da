import { Args, CommandError, matches, parseCNumber } from './args';
import { getprotobyname } from '../addr/protocols';
import { expectPrefix, type FamilyState } from './inet';
import { dsfieldFromText, incomplete, invarg, protocolFromName, routeTypeFromName, tableRef } from './ip-names';
import type { IpRuleChange, IpShow, RuleAction, TableRef, Word } from './types';
import { RT_TABLE } from './types';

/** `ip rule ...` (iproute2 ip/iprule.c do_iprule, iprule_modify). */
export function parseIpRule(args: Args, family: FamilyState): IpRuleChange | (Omit<IpShow, 'kind'> & { kind: 'ip-rule-show' }) {
  const sub = args.take();
  if (!sub) return { kind: 'ip-rule-show', selectors: [] };
  const t = sub.text;
  if (matches(t, 'list') || matches(t, 'lst') || matches(t, 'show')) return { kind: 'ip-rule-show', selectors: args.rest() };
  if (matches(t, 'flush')) {
    if (!args.done) throw new CommandError(args.take()!.column, "hairpin: ip rule flush with selectors is not supported", 2);
    return { kind: 'ip-rule', action: 'flush', not: false };
  }
  if (matches(t, 'save') || matches(t, 'restore')) {
    throw new CommandError(sub.column, `hairpin: unsupported command 'ip rule ${t}'`, 2);
  }
  if (matches(t, 'add')) return ruleModify('add', args, family);
  if (matches(t, 'delete')) return ruleModify('del', args, family);
  throw new CommandError(sub.column, `Command "${t}" is unknown, try "ip rule help".`, 255);
}

/** inet_proto_a2n: a name from /etc/protocols, else a decimal number up to 255 (get_u8 base 10). */
function inetProtoA2n(text: string): number | undefined {
  const byName = getprotobyname(text);
  if (byName !== undefined) return byName;
  return /^\d+$/.test(text) && Number(text) <= 255 ? Number(text) : undefined;
}

/**
 * sscanf("%hu-%hu") (or "%u-%u" for uids): the numbers it converted, wrapped to the field's
 * width as sscanf stores them; `end` absent when it stopped after the first. The kernel judges
 * the range itself.
 */
function scanRange(text: string, max: number): { start: number; end?: number } | undefined {
  const m = /^\s*\+?(\d+)(?:-\s*\+?(\d+))?/.exec(text);
  if (!m) return undefined;
  const wrap = (d: string) => Number(BigInt(d) % BigInt(max + 1));
  return { start: wrap(m[1]!), end: m[2] === undefined ? undefined : wrap(m[2]) };
}

/** check_ifname(): what the kernel would take as an interface name. */
function validIfname(name: string): boolean {
  return name.length > 0 && name.length < 16 && name !== '.' && name !== '..' && !/[/\s]/.test(name);
}

function ruleModify(action: 'add' | 'del', args: Args, family: FamilyState): IpRuleChange {
  if (args.done) throw new CommandError(args.endColumn, `"ip rule ${action}" requires arguments.`, 1);
  const rule: IpRuleChange = { kind: 'ip-rule', action, not: false };
  let table: TableRef | undefined;
  let explicitAction: RuleAction | undefined;
  const next = () => args.need(() => incomplete(args.endColumn));
  const notSimulated = (word: Word) => new CommandError(word.column, `hairpin: ip rule selector '${word.text}' is not simulated`, 2);
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    // iprule_modify's order: e.g. `t` is tun_id (before table) and `p` is preference.
    if (t === 'not') rule.not = true;
    else if (t === 'from') {
      const p = expectPrefix(next(), family);
      rule.from = { addr: p.addr, len: p.len };
    } else if (t === 'to') {
      const p = expectPrefix(next(), family);
      rule.to = { addr: p.addr, len: p.len };
    } else if (matches(t, 'preference') || matches(t, 'order') || matches(t, 'priority')) {
      const value = next();
      const pref = parseCNumber(value.text);
      if (pref === undefined) throw invarg(value, 'preference value is invalid\n');
      rule.priority = pref;
    } else if (t === 'dsfield' || t === 'tos') {
      const value = next();
      const tos = dsfieldFromText(value.text);
      if (tos === undefined) throw invarg(value, 'TOS value is invalid\n');
      rule.tos = tos;
    } else if (t === 'fwmark') {
      const value = next();
      const slash = value.text.indexOf('/');
      const markText = slash < 0 ? value.text : value.text.slice(0, slash);
      const mark = parseCNumber(markText);
      if (mark === undefined) throw invarg({ text: markText, column: value.column }, 'fwmark value is invalid\n');
      rule.fwmark = { value: mark };
      if (slash >= 0) {
        const maskText = value.text.slice(slash + 1);
        const mask = parseCNumber(maskText);
        if (mask === undefined) throw invarg({ text: maskText, column: value.column + slash + 1 }, 'fwmask value is invalid\n');
        rule.fwmark.mask = mask;
      }
    } else if (matches(t, 'realms') || matches(t, 'tun_id')) throw notSimulated(word);
    else if (matches(t, 'protocol')) {
      const value = next();
      const protocol = protocolFromName(value.text);
      if (protocol === undefined) throw invarg(value, '"protocol" value is invalid\n');
      rule.protocol = protocol;
    } else if (matches(t, 'table') || t === 'lookup') {
      const value = next();
      table = tableRef(value, `Error: argument "${value.text}" is wrong: invalid table ID\n`);
    } else if (matches(t, 'suppress_prefixlength') || t === 'sup_pl') {
      const value = next();
      const n = /^\d+$/.test(value.text) || /^0x/i.test(value.text) ? parseCNumber(value.text, 0x7fffffff) : undefined;
      if (n === undefined) throw invarg(value, 'suppress_prefixlength value is invalid\n');
      rule.suppressPrefixLength = n;
    } else if (matches(t, 'suppress_ifgroup') || t === 'sup_group') {
      throw notSimulated(word);
    } else if (t === 'dev' || t === 'iif') {
      const value = next();
      if (!validIfname(value.text)) throw invarg(value, '"iif"/"dev" not a valid ifname');
      rule.iif = value.text;
    } else if (t === 'oif') {
      const value = next();
      if (!validIfname(value.text)) throw invarg(value, '"oif" not a valid ifname');
      rule.oif = value.text;
    } else if (t === 'ipproto') {
      const value = next();
      const proto = inetProtoA2n(value.text);
      if (proto === undefined) throw invarg(value, 'Invalid "ipproto" value\n');
      rule.ipproto = proto;
    } else if (t === 'sport' || t === 'dport') {
      const value = next();
      const range = scanRange(value.text, 0xffff);
      if (!range) throw invarg(value, `invalid ${t} range\n`);
      rule[t] = { start: range.start, end: range.end ?? range.start };
    } else if (t === 'uidrange') {
      const value = next();
      const range = scanRange(value.text, 0xffffffff);
      if (range?.end === undefined) throw invarg(value, 'invalid UID range\n');
      rule.uidrange = { start: range.start, end: range.end };
    } else if (t === 'l3mdev') {
      throw new CommandError(word.column, `hairpin: ip rule selector 'l3mdev' is not simulated (it needs a VRF device, which the simulator does not model)`, 2);
    } else if (t === 'nat' || matches(t, 'map-to')) {
      throw notSimulated(word);
    } else {
      const value = t === 'type' ? next() : word;
      if (matches(value.text, 'goto')) {
        const target = next();
        const n = parseCNumber(target.text);
        if (n === undefined) throw invarg(target, 'invalid target\n');
        explicitAction = { kind: 'goto', target: n };
      } else if (matches(value.text, 'nop')) {
        explicitAction = { kind: 'nop' };
      } else {
        const type = routeTypeFromName(value.text);
        if (type === undefined) throw invarg(value, 'Failed to parse rule type');
        if (type === 'blackhole' || type === 'unreachable' || type === 'prohibit') explicitAction = { kind: type };
        else if (type === 'unicast') explicitAction = undefined;
        else throw new CommandError(value.column, `hairpin: ip rule action '${value.text}' is not simulated`, 2);
        // An action word counts as "table given": ip then sends no default table.
        table ??= { kind: 'id', id: RT_TABLE.unspec };
      }
    }
  }
  if (explicitAction) rule.ruleAction = explicitAction;
  else if (table) rule.ruleAction = { kind: 'lookup', table };
  else if (action === 'add') rule.ruleAction = { kind: 'lookup', table: { kind: 'id', id: RT_TABLE.main } };
  return rule;
}
