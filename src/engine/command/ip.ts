import { Args, CommandError, matches } from './args';
import { expectAddr, expectPrefix, type FamilyState } from './inet';
import { parseIpAddr } from './ip-addr';
import { duparg, duparg2, incomplete, invarg } from './ip-names';
import { parseIpRoute } from './ip-route';
import { parseIpRule } from './ip-rule';
import { parseIpLink, parseLladdr } from './ip-link';
import { showDevAndSelectors } from './ip-show';
import type { IpCommand, IpGlobalOptions, IpNeighChange, IpNeighFlush, NudState, Word } from './types';

/**
 * `ip [OPTIONS] OBJECT COMMAND ...` (iproute2 ip/ip.c): global options, then the object,
 * abbreviated as ip allows (the first object in ip's own table that the word is a prefix of).
 */

/** ip.c's object table, in its order; only some are simulated. */
const OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link',
  'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics',
  'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'help', 'stats',
] as const;

type IpBody = IpCommand extends infer C ? (C extends unknown ? Omit<C, 'ipOptions'> : never) : never;

/** No global option given: one object for every such command (a config keeps what it read). */
const NO_OPTIONS: IpGlobalOptions = Object.freeze({ brief: false, details: false, stats: 0, color: false, json: false, oneline: false, numeric: false });

export function parseIp(args: Args, commandColumn: number): IpCommand {
  let options = NO_OPTIONS;
  const family: FamilyState = { known: false };
  while (!args.done && args.peek()!.text.startsWith('-') && args.peek()!.text.length > 1) {
    const word = args.take()!;
    if (options === NO_OPTIONS) options = { ...NO_OPTIONS };
    parseGlobalOption(word, args, options, family);
  }
  const objectWord = args.take();
  if (!objectWord) {
    throw new CommandError(commandColumn, 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }', 255);
  }
  const object = OBJECTS.find((name) => matches(objectWord.text, name));
  if (!object) throw new CommandError(objectWord.column, `Object "${objectWord.text}" is unknown, try "ip help".`, 1);
  let body: IpBody;
  switch (object) {
    case 'address':
      body = parseIpAddr(args, family);
      break;
    case 'route':
      body = parseIpRoute(args, family);
      break;
    case 'rule':
      body = parseIpRule(args, family);
      break;
    case 'neighbor':
    case 'neighbour':
      body = parseIpNeigh(args, family);
      break;
    case 'link':
      body = parseIpLink(args);
      break;
    default:
      throw new CommandError(objectWord.column, `hairpin: unsupported command 'ip ${object}'`, 2);
  }
  // Added in place: a spread copy of the body took a hidden class of its own, about 370 bytes per line.
  (body as { ipOptions?: IpGlobalOptions }).ipOptions = options;
  return body as IpCommand;
}

function parseGlobalOption(word: Word, args: Args, options: IpGlobalOptions, family: FamilyState): void {
  // ip accepts --opt as -opt.
  const opt = word.text.startsWith('--') ? word.text.slice(1) : word.text;
  const unsupported = () => new CommandError(word.column, `hairpin: ip option '${word.text}' is not supported`, 2);
  if (matches(opt, '-loops')) throw unsupported();
  if (matches(opt, '-family')) {
    const value = args.need(() => incomplete(args.endColumn));
    if (value.text === 'inet') options.family = 'inet';
    else if (value.text === 'link') options.family = 'link';
    else if (value.text === 'inet6') throw new CommandError(value.column, 'hairpin: IPv6 is not simulated', 2);
    else throw invarg(value, 'invalid protocol family');
    family.known = options.family === 'inet';
    return;
  }
  if (opt === '-4') { options.family = 'inet'; family.known = true; return; }
  if (opt === '-6') throw new CommandError(word.column, 'hairpin: IPv6 is not simulated', 2);
  if (opt === '-0') { options.family = 'link'; return; }
  if (opt === '-M' || opt === '-B') throw unsupported();
  if (matches(opt, '-human') || matches(opt, '-human-readable') || matches(opt, '-iec')) return;
  if (matches(opt, '-stats') || matches(opt, '-statistics')) { options.stats++; return; }
  if (matches(opt, '-details')) { options.details = true; return; }
  if (matches(opt, '-resolve')) return;
  if (matches(opt, '-oneline')) { options.oneline = true; return; }
  if (matches(opt, '-timestamp') || matches(opt, '-tshort')) throw unsupported();
  if (matches(opt, '-Version') || matches(opt, '-force') || matches(opt, '-batch')) throw unsupported();
  if (matches(opt, '-brief')) { options.brief = true; return; }
  if (matches(opt, '-json')) { options.json = true; return; }
  if (matches(opt, '-pretty')) return;
  if (matches(opt, '-rcvbuf')) throw unsupported();
  if (/^-colou?r(=(always|auto|never))?$/.test(opt) || opt === '-c') { options.color = !opt.endsWith('never'); return; }
  if (matches(opt, '-help')) throw unsupported();
  if (matches(opt, '-netns')) throw new CommandError(word.column, 'hairpin: network namespaces are not simulated (each device is one namespace)', 2);
  if (matches(opt, '-Numeric')) { options.numeric = true; return; }
  if (matches(opt, '-all') || opt === '-echo') throw unsupported();
  throw new CommandError(word.column, `Option "${opt}" is unknown, try "ip -help".`, 255);
}

// ------------------------------------------------------------------------------------ neigh

function parseIpNeigh(args: Args, family: FamilyState): IpBody {
  const sub = args.take();
  if (!sub) return { kind: 'ip-neigh-show', selectors: [] };
  const t = sub.text;
  if (matches(t, 'add')) return neighModify('add', args, family);
  if (matches(t, 'change') || t === 'chg') return neighModify('change', args, family);
  if (matches(t, 'replace')) return neighModify('replace', args, family);
  if (matches(t, 'delete')) return neighModify('del', args, family);
  if (matches(t, 'get')) throw new CommandError(sub.column, "hairpin: unsupported command 'ip neigh get'", 2);
  if (matches(t, 'show') || matches(t, 'lst') || matches(t, 'list')) return { kind: 'ip-neigh-show', ...showDevAndSelectors(args) };
  if (matches(t, 'flush')) return neighFlush(args, family);
  throw new CommandError(sub.column, `Command "${t}" is unknown, try "ip neigh help".`, 255);
}

const NUD_NAMES: [string, NudState, 'prefix' | 'exact'][] = [
  ['permanent', 'permanent', 'prefix'], ['reachable', 'reachable', 'prefix'], ['noarp', 'noarp', 'exact'],
  ['none', 'none', 'exact'], ['stale', 'stale', 'exact'], ['incomplete', 'incomplete', 'exact'],
  ['delay', 'delay', 'exact'], ['probe', 'probe', 'exact'], ['failed', 'failed', 'prefix'],
];

/** `ip neigh flush [dev DEV] [nud STATE|all] [[to] PREFIX]` (ipneigh.c do_show_or_flush). */
function neighFlush(args: Args, family: FamilyState): IpBody {
  if (args.done) throw new CommandError(args.endColumn, 'Flush requires arguments.', 1);
  const out: Omit<IpNeighFlush, 'kind'> = {};
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'dev') {
      const value = next();
      if (out.dev) throw duparg('dev', value);
      out.dev = value;
    } else if (t === 'nud') {
      const value = next();
      if (value.text === 'all') out.nud = 'all';
      else {
        const found = NUD_NAMES.find(([name, , how]) => (how === 'prefix' ? matches(value.text, name) : value.text === name));
        if (!found) throw invarg(value, 'nud state is bad');
        out.nud = found[1];
      }
    } else if (matches(t, 'proxy') || t === 'unused' || t === 'master' || t === 'vrf') {
      throw new CommandError(word.column, `hairpin: ip neigh flush selector '${t}' is not supported`, 2);
    } else {
      const value = t === 'to' ? next() : word;
      const p = expectPrefix(value, family);
      out.prefix = { addr: p.addr, len: p.len };
    }
  }
  return { kind: 'ip-neigh-flush', ...out };
}

function neighModify(action: IpNeighChange['action'], args: Args, family: FamilyState): IpBody {
  let lladdr: Word | undefined;
  let nud: NudState = 'permanent';
  let dst: number | undefined;
  let dev: Word | undefined;
  let proxy = false;
  let router = false;
  const next = () => args.need(() => incomplete(args.endColumn));
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (matches(t, 'lladdr')) {
      const value = next();
      if (lladdr) throw duparg('lladdr', value);
      lladdr = value;
    } else if (t === 'nud') {
      const value = next();
      const found = NUD_NAMES.find(([name, , how]) => (how === 'prefix' ? matches(value.text, name) : value.text === name));
      if (!found) throw invarg(value, 'nud state is bad');
      nud = found[1];
    } else if (matches(t, 'proxy')) {
      const value = next();
      if (dst !== undefined) throw duparg('address', value);
      dst = expectAddr(value, family);
      proxy = true;
    } else if (t === 'router') {
      router = true;
    } else if (matches(t, 'extern_learn') || matches(t, 'protocol')) {
      throw new CommandError(word.column, `hairpin: ip neigh option '${t}' is not supported`, 2);
    } else if (t === 'dev') {
      dev = next();
    } else {
      const value = t === 'to' ? next() : word;
      if (dst !== undefined) throw duparg2('to', value);
      dst = expectAddr(value, family);
    }
  }
  if (!dev || dst === undefined) throw new CommandError(args.endColumn, 'Device and destination are required arguments.', 255);
  let mac: string | null | undefined;
  if (lladdr) mac = lladdr.text === 'null' ? null : parseLladdr(lladdr);
  return { kind: 'ip-neigh', action, address: dst, dev, ...(mac !== undefined ? { lladdr: mac } : {}), nud, proxy, router };
}
