import { formatIp4, type Ip4 } from '../addr/ipv4';
import { Args, CommandError, matches, parseCNumber } from './args';
import { expectAddr, expectPrefix, type FamilyState, type InetPrefix } from './inet';
import { duparg, duparg2, incomplete, invarg, scopeFromName } from './ip-names';
import { showDevAndSelectors } from './ip-show';
import type { IpAddrChange, IpAddrFlush, IpShow, Word } from './types';

/** `ip address ...` (iproute2 ip/ipaddress.c do_ipaddr, ipaddr_modify). */
export function parseIpAddr(args: Args, family: FamilyState): IpAddrChange | IpAddrFlush | Omit<IpShow, 'kind'> & { kind: 'ip-addr-show' } {
  const sub = args.take();
  if (!sub) return { kind: 'ip-addr-show', selectors: [] };
  const t = sub.text;
  if (matches(t, 'add')) return addrModify('add', args, family);
  if (matches(t, 'change') || t === 'chg') return addrModify('change', args, family);
  if (matches(t, 'replace')) return addrModify('replace', args, family);
  if (matches(t, 'delete')) return addrModify('del', args, family);
  if (matches(t, 'list') || matches(t, 'show') || matches(t, 'lst')) return { kind: 'ip-addr-show', ...showDevAndSelectors(args) };
  if (matches(t, 'flush')) return addrFlush(args, family);
  if (matches(t, 'save') || matches(t, 'showdump') || matches(t, 'restore')) {
    throw new CommandError(sub.column, `hairpin: unsupported command 'ip address ${t}'`, 2);
  }
  throw new CommandError(sub.column, `Command "${t}" is unknown, try "ip address help".`, 255);
}

function addrModify(action: IpAddrChange['action'], args: Args, family: FamilyState): IpAddrChange {
  let local: InetPrefix | undefined;
  let dev: Word | undefined;
  let label: string | undefined;
  let scope: number | undefined;
  let broadcast: Ip4 | '+' | '-' | undefined;
  let metric: number | undefined;
  let noprefixroute = false;
  let peer: InetPrefix | undefined;
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'peer' || t === 'remote') {
      const value = next();
      if (peer) throw duparg('peer', value);
      peer = expectPrefix(value, family);
    } else if (matches(t, 'broadcast') || t === 'brd') {
      const value = next();
      if (broadcast !== undefined) throw duparg('broadcast', value);
      broadcast = value.text === '+' || value.text === '-' ? value.text : expectAddr(value, family);
    } else if (t === 'anycast') {
      throw new CommandError(word.column, 'hairpin: anycast addresses are not simulated', 2);
    } else if (t === 'scope') {
      const value = next();
      scope = scopeFromName(value.text);
      if (scope === undefined) throw invarg(value, 'invalid scope value.');
    } else if (t === 'dev') {
      dev = next();
    } else if (t === 'label') {
      label = next().text;
    } else if (matches(t, 'metric') || matches(t, 'priority') || matches(t, 'preference')) {
      const value = next();
      metric = parseCNumber(value.text);
      if (metric === undefined) throw invarg(value, '"metric" value is invalid\n');
    } else if (matches(t, 'valid_lft') || matches(t, 'preferred_lft')) {
      const value = next();
      if (value.text !== 'forever' && parseCNumber(value.text) === undefined) {
        throw invarg(value, `${matches(t, 'valid_lft') ? 'valid' : 'preferred'}_lft value`);
      }
    } else if (t === 'noprefixroute') {
      noprefixroute = true;
    } else if (['home', 'nodad', 'optimistic', 'mngtmpaddr', 'autojoin'].includes(t)) {
      // IPv6 or multicast flags: accepted by ip, no effect on an IPv4 address.
    } else {
      const value = t === 'local' ? next() : word;
      if (local) throw duparg2('local', value);
      local = expectPrefix(value, family);
    }
  }
  if (!dev) throw new CommandError(args.endColumn, 'Not enough information: "dev" argument is required.', 1);
  // With no address the request reaches the kernel without one, and it refuses.
  if (!local) throw new CommandError(args.endColumn, 'RTNETLINK answers: Operation not supported', 2);
  // ipaddr_modify: with a peer the prefix length is the peer's (its /N, else 32), unless 0.
  const command: IpAddrChange = {
    kind: 'ip-addr',
    action,
    address: local.addr,
    prefixLen: peer && peer.len ? peer.len : local.len,
    prefixGiven: peer ? true : local.lenGiven,
    dev,
    noprefixroute,
  };
  if (peer) command.peer = peer.addr;
  if (action === 'del' && !peer && !local.lenGiven) {
    const a = formatIp4(local.addr);
    command.warning =
      'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
      `         Explicitly specify the prefix length (${a}/32) to avoid this warning.\n` +
      '         This special behaviour is likely to disappear in further releases,\n' +
      '         fix your scripts!';
  }
  if (label !== undefined) command.label = label;
  if (scope !== undefined) command.scope = scope;
  if (broadcast !== undefined) command.broadcast = broadcast;
  if (metric !== undefined) command.metric = metric;
  return command;
}

function addrFlush(args: Args, family: FamilyState): IpAddrFlush {
  if (args.done) throw new CommandError(args.endColumn, 'Flush requires arguments.', 1);
  const command: IpAddrFlush = { kind: 'ip-addr-flush' };
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'dev') command.dev = next();
    else if (t === 'scope') {
      const value = next();
      const scope = scopeFromName(value.text);
      if (scope === undefined && value.text !== 'all') throw invarg(value, 'invalid "scope"\n');
      if (scope !== undefined) command.scope = scope;
    } else if (t === 'label') command.label = next().text;
    else if (t === 'to') {
      const p = expectPrefix(next(), family);
      command.prefix = { addr: p.addr, len: p.len };
    } else if (['up', 'primary', 'secondary', 'permanent', 'dynamic', 'temporary', 'deprecated', 'tentative'].includes(t)) {
      // Filters ip accepts; a simulated box has only permanent primary/secondary addresses.
    } else {
      if (command.dev) throw duparg2('dev', word);
      command.dev = word;
    }
  }
  return command;
}
