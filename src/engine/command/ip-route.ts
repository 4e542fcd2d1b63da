import type { Ip4 } from '../addr/ipv4';
import { Args, CommandError, matches, parseCNumber } from './args';
import { expectAddr, expectPrefix, type FamilyState, type InetPrefix } from './inet';
import {
  dsfieldFromText, duparg2, incomplete, invarg, protocolFromName, routeTypeFromName, scopeFromName, tableRef,
} from './ip-names';
import type { Cidr, IpRouteChange, IpRouteFlush, IpRouteGet, IpRouteShow, RouteAction, RouteType, TableRef } from './types';
import { SCOPE, RT_TABLE } from './types';

/** `ip route ...` (iproute2 ip/iproute.c do_iproute, iproute_modify, iproute_get). */
export function parseIpRoute(args: Args, family: FamilyState): IpRouteChange | IpRouteShow | IpRouteFlush | IpRouteGet {
  const sub = args.take();
  if (!sub) return { kind: 'ip-route-show', table: { kind: 'id', id: RT_TABLE.main } };
  const t = sub.text;
  if (matches(t, 'add')) return routeModify('add', args, family);
  if (matches(t, 'change') || t === 'chg') return routeModify('change', args, family);
  if (matches(t, 'replace')) return routeModify('replace', args, family);
  if (matches(t, 'prepend')) return routeModify('prepend', args, family);
  if (matches(t, 'append')) return routeModify('append', args, family);
  if (matches(t, 'test')) return routeModify('test', args, family);
  if (matches(t, 'delete')) return routeModify('del', args, family);
  if (matches(t, 'list') || matches(t, 'show') || matches(t, 'lst')) return { kind: 'ip-route-show', ...listSelectors(args, family) };
  if (matches(t, 'get')) return routeGet(args, family);
  if (matches(t, 'flush')) {
    if (args.done) throw new CommandError(args.endColumn, '"ip route flush" requires arguments.', 1);
    return { kind: 'ip-route-flush', ...listSelectors(args, family) };
  }
  if (matches(t, 'save') || matches(t, 'restore') || matches(t, 'showdump')) {
    throw new CommandError(sub.column, `hairpin: unsupported command 'ip route ${t}'`, 2);
  }
  throw new CommandError(sub.column, `Command "${t}" is unknown, try "ip route help".`, 255);
}

/** Route metrics and options ip knows that change nothing the simulator models, or are IPv6/MPLS only. */
const NOT_SIMULATED_STRCMP = ['as', 'from', 'expires', 'hoplimit', 'advmss', 'rtt', 'rto_min', 'nhid', 'encap', 'ttl-propagate'];
const NOT_SIMULATED_MATCHES = ['reordering', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'features', 'quickack', 'congctl', 'rttvar', 'ssthresh', 'realms'];

function routeModify(action: RouteAction, args: Args, family: FamilyState): IpRouteChange {
  let dst: InetPrefix | undefined;
  let type: RouteType | undefined;
  let via: Ip4 | undefined;
  let table: TableRef | undefined;
  let scope: number | undefined;
  const command: Partial<IpRouteChange> = {};
  let onlink = false;
  const next = () => args.need(() => incomplete(args.endColumn));
  const notSimulated = (word: string, column: number) =>
    new CommandError(column, `hairpin: ip route option '${word}' is not simulated`, 2);
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    // Tested in iproute_modify's order: where a prefix matches two keywords, the first wins.
    if (t === 'src') command.src = expectAddr(next(), family);
    else if (t === 'via') {
      if (via !== undefined) throw invarg(word, 'use nexthop syntax to specify multiple via\n');
      let value = next();
      if (value.text === 'inet') value = next();
      else if (['inet6', 'mpls', 'link', 'bridge'].includes(value.text)) throw notSimulated(`via ${value.text}`, value.column);
      via = expectAddr(value, family);
    } else if (NOT_SIMULATED_STRCMP.slice(0, 3).includes(t)) throw notSimulated(t, word.column);
    else if (t === 'tos' || matches(t, 'dsfield')) {
      const value = next();
      const tos = dsfieldFromText(value.text);
      if (tos === undefined) throw invarg(value, '"tos" value is invalid\n');
      command.tos = tos;
    } else if (matches(t, 'metric') || matches(t, 'priority') || t === 'preference') {
      const value = next();
      const metric = parseCNumber(value.text);
      if (metric === undefined) throw invarg(value, '"metric" value is invalid\n');
      command.metric = metric;
    } else if (t === 'scope') {
      const value = next();
      scope = scopeFromName(value.text);
      if (scope === undefined) throw invarg(value, 'invalid "scope" value\n');
    } else if (t === 'mtu') {
      let value = next();
      if (value.text === 'lock') value = next();
      const mtu = parseCNumber(value.text);
      if (mtu === undefined) throw invarg(value, '"mtu" value is invalid\n');
      command.mtu = mtu;
    } else if (NOT_SIMULATED_STRCMP.includes(t) || NOT_SIMULATED_MATCHES.some((k) => matches(t, k))) {
      throw notSimulated(t, word.column);
    } else if (t === 'onlink') onlink = true;
    else if (t === 'nexthop') {
      // iproute_modify hands everything from the first `nexthop` on to parse_nexthops.
      command.nexthops = parseNexthops(args, family);
    } else if (matches(t, 'protocol')) {
      const value = next();
      const protocol = protocolFromName(value.text);
      if (protocol === undefined) throw invarg(value, '"protocol" value is invalid\n');
      command.protocol = protocol;
    } else if (matches(t, 'table')) {
      table = tableRef(next(), '');
      if (table.kind === 'name') table.unknownError = `Error: argument "${table.name}" is wrong: "table" value is invalid\n`;
    } else if (matches(t, 'vrf')) throw notSimulated(t, word.column);
    else if (t === 'dev' || t === 'oif') command.dev = next();
    else if (matches(t, 'pref')) {
      // IPv6 router preference: ip accepts it, an IPv4 route ignores it.
      const value = next();
      if (!['low', 'medium', 'high'].includes(value.text) && parseCNumber(value.text, 255) === undefined) {
        throw invarg(value, '"pref" value is invalid\n');
      }
    } else if (matches(t, 'fastopen_no_cookie')) throw notSimulated(t, word.column);
    else {
      let value = t === 'to' ? next() : word;
      const first = value.text.charAt(0);
      if (!(first >= '0' && first <= '9')) {
        const named = routeTypeFromName(value.text);
        if (typeof named === 'string') {
          type = named;
          value = next();
        }
      }
      if (dst) throw duparg2('to', value);
      dst = expectPrefix(value, family);
    }
  }
  if (!dst) throw new CommandError(args.endColumn, 'Usage: ip route { list | flush } SELECTOR', 255);
  const hasNexthops = command.nexthops !== undefined;
  const routeType = type ?? (action === 'del' ? undefined : 'unicast');
  if (routeType === 'anycast' || routeType === 'multicast' || routeType === 'nat' || routeType === 'xresolve') {
    throw new CommandError(args.endColumn, `hairpin: ${routeType} routes are not simulated`, 2);
  }
  const inLocalTable = routeType === 'local' || routeType === 'broadcast';
  const result: IpRouteChange = {
    ...command,
    kind: 'ip-route',
    action,
    dst: { addr: dst.addr, len: dst.len },
    table: table ?? { kind: 'id', id: inLocalTable ? RT_TABLE.local : RT_TABLE.main },
    onlink,
  };
  if (routeType) result.type = routeType;
  if (via !== undefined) result.via = via;
  if (action !== 'del') {
    result.protocol ??= 3; // RTPROT_BOOT
    result.scope = scope ?? defaultScope(routeType!, via !== undefined || hasNexthops);
  } else if (scope !== undefined) {
    result.scope = scope;
  }
  return result;
}

/** parse_nexthops / parse_one_nh: `nexthop` groups to the end of the line. */
function parseNexthops(args: Args, family: FamilyState): NonNullable<IpRouteChange['nexthops']> {
  const out: NonNullable<IpRouteChange['nexthops']> = [];
  let nh: NonNullable<IpRouteChange['nexthops']>[number] = { weight: 1, onlink: false };
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'nexthop') {
      out.push(nh);
      nh = { weight: 1, onlink: false };
    } else if (t === 'via') {
      let value = next();
      if (value.text === 'inet') value = next();
      nh.via = expectAddr(value, family);
    } else if (t === 'dev') nh.dev = next();
    else if (t === 'weight') {
      const value = next();
      const w = /^\d+$/.test(value.text) ? Number(value.text) : 0;
      if (!w || w > 256) throw invarg(value, '"weight" is invalid\n');
      nh.weight = w;
    } else if (t === 'onlink') nh.onlink = true;
    else if (matches(t, 'realms') || t === 'encap' || t === 'as') {
      throw new CommandError(word.column, `hairpin: nexthop option '${t}' is not simulated`, 2);
    } else throw invarg(word, 'Failed to parse nexthop type');
  }
  out.push(nh);
  return out;
}

/** iproute_modify's scope when none is given: host for local, link for broadcast and direct routes. */
function defaultScope(type: RouteType, hasGateway: boolean): number {
  if (type === 'local') return SCOPE.host;
  if (type === 'broadcast') return SCOPE.link;
  if (type === 'unicast') return hasGateway ? SCOPE.global : SCOPE.link;
  return SCOPE.global;
}

/** Selectors of `ip route show|flush` (iproute_list_flush_or_save). */
function listSelectors(args: Args, family: FamilyState): Omit<IpRouteShow, 'kind'> {
  const out: Omit<IpRouteShow, 'kind'> = { table: { kind: 'id', id: RT_TABLE.main } };
  const next = () => args.need(() => incomplete(args.endColumn));
  const cidr = (p: InetPrefix): Cidr => ({ addr: p.addr, len: p.len });
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (matches(t, 'table')) {
      const value = next();
      if (value.text === 'all' || value.text === 'cache') out.table = value.text;
      else out.table = tableRef(value, `Error: argument "${value.text}" is wrong: table id value is invalid\n`);
    } else if (matches(t, 'cached') || matches(t, 'cloned')) out.table = 'cache';
    else if (t === 'tos' || matches(t, 'dsfield')) {
      const value = next();
      if (dsfieldFromText(value.text) === undefined) throw invarg(value, 'TOS value is invalid\n');
    } else if (matches(t, 'protocol')) {
      const value = next();
      const protocol = protocolFromName(value.text);
      if (protocol === undefined && value.text !== 'all') throw invarg(value, 'invalid "protocol"\n');
      if (protocol !== undefined) out.protocol = protocol;
    } else if (matches(t, 'scope')) {
      const value = next();
      const scope = scopeFromName(value.text);
      if (scope === undefined && value.text !== 'all') throw invarg(value, 'invalid "scope"\n');
      if (scope !== undefined) out.scope = scope;
    } else if (matches(t, 'type')) {
      const value = next();
      const type = routeTypeFromName(value.text);
      if (type === undefined) throw invarg(value, 'node type value is invalid\n');
      if (typeof type === 'string') out.type = type;
    } else if (t === 'dev' || t === 'oif') out.dev = next();
    else if (t === 'via') out.via = cidr(expectPrefix(next(), family));
    else if (t === 'src') out.src = cidr(expectPrefix(next(), family));
    else if (t === 'iif' || t === 'mark' || matches(t, 'metric') || matches(t, 'priority') || t === 'preference' || matches(t, 'realms') || matches(t, 'vrf')) {
      throw new CommandError(word.column, `hairpin: ip route show selector '${t}' is not supported`, 2);
    } else if (matches(t, 'from')) {
      throw new CommandError(word.column, "hairpin: ip route show selector 'from' is not supported", 2);
    } else {
      let value = matches(t, 'to') ? next() : word;
      let kind: 'root' | 'match' | 'exact' = 'exact';
      if (matches(value.text, 'root')) { kind = 'root'; value = next(); }
      else if (matches(value.text, 'match')) { kind = 'match'; value = next(); }
      else if (matches(value.text, 'exact')) value = next();
      out[kind] = cidr(expectPrefix(value, family));
    }
  }
  return out;
}

function routeGet(args: Args, family: FamilyState): IpRouteGet {
  const out: Partial<IpRouteGet> = { fibmatch: false };
  let dst: Ip4 | undefined;
  const next = () => args.need(() => incomplete(args.endColumn));
  const unsigned = (msg: string, max = 0xffffffff) => {
    const value = next();
    const n = parseCNumber(value.text, max);
    if (n === undefined) throw invarg(value, msg);
    return n;
  };
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'tos' || matches(t, 'dsfield')) {
      const value = next();
      const tos = dsfieldFromText(value.text);
      if (tos === undefined) throw invarg(value, 'TOS value is invalid\n');
      out.tos = tos;
    } else if (matches(t, 'from')) out.from = expectPrefix(next(), family).addr;
    else if (matches(t, 'iif')) out.iif = next();
    else if (matches(t, 'mark')) out.mark = unsigned('invalid mark value');
    else if (matches(t, 'oif') || t === 'dev') out.oif = next();
    else if (matches(t, 'notify') || matches(t, 'connected') || matches(t, 'vrf') || t === 'as') {
      throw new CommandError(word.column, `hairpin: ip route get option '${t}' is not supported`, 2);
    } else if (matches(t, 'uid')) out.uid = unsigned('invalid UID\n');
    else if (matches(t, 'fibmatch')) out.fibmatch = true;
    else if (matches(t, 'sport')) out.sport = unsigned('invalid sport\n', 0xffff);
    else if (matches(t, 'dport')) out.dport = unsigned('invalid dport\n', 0xffff);
    else if (matches(t, 'ipproto')) {
      const value = next();
      const proto = ({ tcp: 6, udp: 17, icmp: 1 } as Record<string, number>)[value.text] ?? parseCNumber(value.text, 255);
      if (proto === undefined) throw invarg(value, 'Invalid "ipproto" value\n');
      out.ipproto = proto;
    } else {
      const value = t === 'to' ? next() : word;
      const prefix = expectPrefix(value, family);
      dst = prefix.addr;
      if (prefix.len !== 32) out.warning = `Warning: /${prefix.len} as prefix is invalid, only /32 (or none) is supported.`;
      else delete out.warning;
    }
  }
  if (dst === undefined) throw new CommandError(args.endColumn, 'need at least a destination address', 1);
  return { ...out, kind: 'ip-route-get', dst, fibmatch: out.fibmatch ?? false };
}
