import { Args, CommandError, matches, parseCNumber } from './args';
import { showDevAndSelectors } from './ip-show';
import { checkIfname, duparg, duparg2, incomplete, invarg, parseInteger, parseLladdr } from './ip-names';
import { parseIpLinkAdd, parseIpLinkDel } from './ip-link-add';
import { parseBridgeSlave } from './ip-link-bridge-slave';
import type { IpLinkAdd, IpLinkDel, IpLinkSet, IpShow, Word } from './types';

/** `ip link set|show` (iproute2 ip/iplink.c do_iplink, iplink_parse). */
export function parseIpLink(args: Args): IpLinkSet | IpLinkAdd | IpLinkDel | (Omit<IpShow, 'kind'> & { kind: 'ip-link-show' }) {
  const sub = args.take();
  if (!sub) return { kind: 'ip-link-show', selectors: [] };
  const t = sub.text;
  if (matches(t, 'add')) return parseIpLinkAdd(args);
  if (matches(t, 'delete')) return parseIpLinkDel(args);
  if (matches(t, 'replace')) {
    throw new CommandError(sub.column, `hairpin: unsupported command 'ip link ${t}' (the topology's ports are the links)`, 2);
  }
  if (matches(t, 'set') || matches(t, 'change')) return linkSet(args);
  if (matches(t, 'show') || matches(t, 'lst') || matches(t, 'list')) return { kind: 'ip-link-show', ...showDevAndSelectors(args) };
  if (matches(t, 'xstats') || matches(t, 'afstats') || matches(t, 'property')) {
    throw new CommandError(sub.column, `hairpin: unsupported command 'ip link ${t}'`, 2);
  }
  throw new CommandError(sub.column, `Command "${t}" is unknown, try "ip link help".`, 255);
}

/** Keywords ip link set knows that the simulator does not model. */
const UNSUPPORTED = [
  'index', 'netns', 'trailers', 'carrier', 'vf', 'vrf', 'dynamic', 'mode', 'state',
  'numtxqueues', 'numrxqueues', 'addrgenmode', 'link-netns', 'link-netnsid', 'protodown', 'protodown_reason',
  'gso_max_size', 'gso_max_segs', 'gro_max_size', 'parentdev', 'type', 'xdp', 'xdpgeneric', 'xdpdrv', 'xdpoffload',
];

function linkSet(args: Args): IpLinkSet {
  let dev: Word | undefined;
  const command: Omit<IpLinkSet, 'dev'> = { kind: 'ip-link-set' };
  const next = () => args.need(() => incomplete(args.endColumn));
  let mtuSeen = false;
  while (!args.done) {
    const word = args.take()!;
    const t = word.text;
    if (t === 'up') command.up = true;
    else if (t === 'down') command.up = false;
    else if (t === 'name') {
      const value = next();
      if (command.name !== undefined) throw duparg('name', value);
      if (!checkIfname(value.text)) throw invarg(value, '"name" not a valid ifname');
      command.name = value.text;
    }
    else if (matches(t, 'link') || matches(t, 'broadcast') || t === 'brd' || matches(t, 'alias') || matches(t, 'group')) {
      throw new CommandError(word.column, `hairpin: ip link set option '${t}' is not supported`, 2);
    } else if (matches(t, 'address')) {
      command.address = parseLladdr(next());
    } else if (matches(t, 'txqueuelen') || t === 'qlen' || matches(t, 'txqlen')) {
      const value = next();
      if (parseCNumber(value.text) === undefined) throw invarg(value, 'Invalid "txqueuelen" value\n');
    } else if (t === 'mtu') {
      const value = next();
      if (mtuSeen) throw duparg('mtu', value);
      mtuSeen = true;
      const mtu = parseInteger(value.text);
      if (mtu === undefined) throw invarg(value, 'Invalid "mtu" value\n');
      command.mtu = mtu;
    } else if (t === 'arp') command.arp = onOff(t, next());
    else if (t === 'promisc') command.promisc = onOff(t, next());
    else if (t === 'multicast' || t === 'allmulticast') onOff(t, next());
    else if (t === 'master') command.master = next();
    else if (t === 'nomaster') command.master = null;
    else if (t === 'type' && args.peek()?.text === 'bridge_slave') {
      args.take();
      command.brport = parseBridgeSlave(args);
    }
    else if (UNSUPPORTED.includes(t)) {
      throw new CommandError(word.column, `hairpin: ip link set option '${t}' is not supported`, 2);
    } else {
      const value = t === 'dev' ? next() : word;
      if (dev) throw duparg2('dev', value);
      dev = value;
    }
  }
  if (!dev) throw new CommandError(args.endColumn, 'Not enough information: "dev" argument is required.', 255);
  return { ...command, dev };
}

function onOff(key: string, value: Word): boolean {
  if (value.text === 'on') return true;
  if (value.text === 'off') return false;
  throw new CommandError(value.column, `Error: argument of "${key}" must be "on" or "off", not "${value.text}"`, 255);
}

export { parseLladdr };
