import { formatIp4, inPrefix, parseIp4 } from '../../addr/ipv4';
import type { IpGlobalOptions, IpShow } from '../../command/types';
import type { InAddr } from '../../kernel/devinet';
import type { NetDevice } from '../../kernel/netdevice';
import type { Stack } from '../../kernel/stack';
import { fail, ok, scopeName, type Printed } from './common';
import { linkDetails } from './ip-link-details';
import { runtimeLinkView } from './ip-link-kinds';

/*
 * `ip addr` and `ip link` as iproute2 6.1 prints them (ip/ipaddress.c). Ports are printed as
 * the lab builds them (veth pairs: qdisc noqueue; an unlinked port's peer is down, so it is
 * NO-CARRIER with state LOWERLAYERDOWN), but with their plain names: no `@ifN`, no `link-netns`.
 * A switch also shows its bridge device (br0) after the ports, as the lab's bridge does.
 */

export interface LinkView {
  ifindex: number;
  name: string;
  flags: string;
  mtu: number;
  master?: string;
  state: string;
  linkLine: string;
  addrs: readonly InAddr[];
  /** A veth's peer: printed as NAME@PEER. */
  peer?: string;
  /** Absent: noqueue (what the lab's ports and bridge have). */
  qdisc?: string;
  /** IFLA_INFO_KIND (veth for a topology port, as the lab builds it) and IFLA_INFO_SLAVE_KIND. */
  kind?: string;
  slaveKind?: string;
}

function shownName(l: LinkView): string {
  return l.peer ? `${l.name}@${l.peer}` : l.name;
}

/** Every interface of the stack in ifindex order (a switch's bridge device last: made after its ports). */
export function linkViews(stack: Stack): LinkView[] {
  const out: LinkView[] = [];
  for (const d of stack.devices) {
    if (d.type === 'bridge') {
      out.push(bridgeView(stack, d));
      continue;
    }
    if (d.type === 'veth' || d.type === 'dummy' || d.type === 'macvlan' || d.type === 'vlan' || d.type === 'vxlan' || d.type === 'ipip') {
      out.push(runtimeLinkView(d, stack));
      continue;
    }
    let flags: string;
    let state: string;
    if (d.loopback) {
      flags = d.up ? 'LOOPBACK,UP,LOWER_UP' : 'LOOPBACK';
      state = d.up ? 'UNKNOWN' : 'DOWN';
    } else if (!d.up) {
      flags = 'BROADCAST,MULTICAST';
      state = 'DOWN';
    } else if (d.carrier) {
      flags = 'BROADCAST,MULTICAST,UP,LOWER_UP';
      state = 'UP';
    } else {
      flags = 'NO-CARRIER,BROADCAST,MULTICAST,UP';
      state = 'LOWERLAYERDOWN';
    }
    out.push({
      ifindex: d.ifindex,
      name: d.name,
      flags,
      mtu: d.mtu,
      master: d.master?.name,
      slaveKind: d.master ? 'bridge' : undefined,
      kind: d.loopback ? undefined : 'veth',
      state,
      linkLine: d.loopback ? `link/loopback ${d.mac} brd 00:00:00:00:00:00` : `link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff`,
      addrs: d.addrs,
      ...(d.qdiscNoop ? { qdisc: 'noop' } : {}),
    });
  }
  return out;
}

/** A bridge has carrier while a port has (br_port_carrier_check) and the lowest port address, unless the user set one. */
function bridgeView(stack: Stack, d: NetDevice): LinkView {
  const ports = stack.devices.filter((p) => p.master === d);
  const carrier = ports.some((p) => p.running);
  const mac = d.bridge?.addressSet ? d.mac : (ports.map((p) => p.mac).sort()[0] ?? d.mac);
  return {
    ifindex: d.ifindex,
    name: d.name,
    flags: !d.up ? 'BROADCAST,MULTICAST' : carrier ? 'BROADCAST,MULTICAST,UP,LOWER_UP' : 'NO-CARRIER,BROADCAST,MULTICAST,UP',
    mtu: d.mtu,
    state: d.up && carrier ? 'UP' : 'DOWN',
    linkLine: `link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff`,
    addrs: d.addrs,
    qdisc: d.qdiscNoop ? 'noop' : 'noqueue',
    kind: 'bridge',
  };
}

/** `-d`: the device's details after its link line (ip-link-details.ts). */
function detailsOf(stack: Stack, l: LinkView): string {
  const d = stack.devices.find((x) => x.ifindex === l.ifindex);
  return d ? linkDetails(d, stack.env.now()) : '';
}

function header(l: LinkView, link: boolean): string {
  return `${l.ifindex}: ${shownName(l)}: <${l.flags}> mtu ${l.mtu} qdisc ${l.qdisc ?? 'noqueue'} ${l.master ? `master ${l.master} ` : ''}state ${l.state} ${link ? 'mode DEFAULT ' : ''}group default qlen 1000`;
}

function inetLine(a: InAddr): string {
  const brd = a.broadcast !== undefined ? `brd ${formatIp4(a.broadcast)} ` : '';
  // print_addrinfo: "inet LOCAL peer ADDRESS/LEN" when IFA_ADDRESS differs from IFA_LOCAL.
  const addr = a.peer !== undefined ? `${formatIp4(a.local)} peer ${formatIp4(a.peer)}/${a.prefixLen}` : `${formatIp4(a.local)}/${a.prefixLen}`;
  return `inet ${addr} ${brd}scope ${scopeName(a.scope)} ${a.secondary ? 'secondary ' : ''}${a.noprefixroute ? 'noprefixroute ' : ''}${a.label}`;
}

const LFT = 'valid_lft forever preferred_lft forever';

interface AddrFilter {
  up: boolean;
  /** `type KIND`: the link kind, or `KIND_slave` for the ports of one. */
  kind?: string;
  /** `master DEV`: the ports of DEV. */
  master?: string;
  scope?: number;
  secondary?: boolean;
  to?: { addr: number; len: number };
  label?: string;
}

function parseSelectors(show: IpShow): AddrFilter | string {
  const f: AddrFilter = { up: false };
  const words = show.selectors.map((w) => w.text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const v = words[i + 1];
    if (w === 'up') f.up = true;
    else if (w === 'primary') f.secondary = false;
    else if (w === 'secondary') f.secondary = true;
    else if (w === 'scope' && v !== undefined) {
      const s = ({ global: 0, site: 200, link: 253, host: 254, nowhere: 255 } as Record<string, number>)[v] ?? Number(v);
      if (!Number.isInteger(s)) return `Error: argument "${v}" is wrong: invalid "scope"\n`;
      f.scope = s;
      i++;
    } else if (w === 'to' && v !== undefined) {
      const [a, l] = v.split('/');
      const addr = parseIp4(a!);
      if (addr === undefined) return `Error: any valid prefix is expected rather than "${v}".\n`;
      f.to = { addr, len: l === undefined ? 32 : Number(l) };
      i++;
    } else if (w === 'label' && v !== undefined) {
      f.label = v;
      i++;
    } else if (w === 'type' && v !== undefined) {
      f.kind = v;
      i++;
    } else if (w === 'master' && v !== undefined) {
      f.master = v;
      i++;
    } else return `hairpin: ip ${show.kind === 'ip-link-show' ? 'link' : 'addr'} show selector '${w}' is not supported\n`;
  }
  return f;
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(s);
}

/** `ip addr show` / `ip link show` with `-4`, `-o`, `-br`. */
export function printIpAddrShow(stack: Stack, show: IpShow, opts: IpGlobalOptions): Printed {
  const link = show.kind === 'ip-link-show';
  if (opts.json || opts.stats > 0) return fail(`hairpin: ip ${opts.json ? '-j' : '-s'} is not supported`, 2);
  // ipaddr_list_flush_or_save: `type` needs its value before anything is printed.
  const last = show.selectors.at(-1)?.text;
  if (last === 'type' || last === 'master') return fail('Command line is not complete. Try option "help"', 255);
  const filter = parseSelectors(show);
  if (typeof filter === 'string') return fail(filter, 1);
  let views = linkViews(stack);
  // `master DEV` is looked up by name as the words are read (invarg's message ends in its own newline too).
  if (filter.master !== undefined && !views.some((l) => l.name === filter.master)) return fail(`Error: argument "${filter.master}" is wrong: Device does not exist\n\n`, 255);
  if (show.dev) {
    views = views.filter((l) => l.name === show.dev!.text);
    if (views.length === 0) return fail(`Device "${show.dev.text}" does not exist.`, 1);
  }
  if (filter.up) views = views.filter((l) => l.flags.includes('UP'));
  if (filter.master !== undefined) views = views.filter((l) => l.master === filter.master);
  if (filter.kind !== undefined) views = views.filter((l) => (filter.kind!.endsWith('_slave') ? l.slaveKind === filter.kind!.slice(0, -'_slave'.length) : l.kind === filter.kind));
  // A `to` prefix makes the listing inet-only, as -4 does (its family comes from the prefix).
  const inet = opts.family === 'inet' || filter.to !== undefined;
  const addrOf = (l: LinkView) =>
    l.addrs.filter(
      (a) =>
        (filter.scope === undefined || a.scope === filter.scope) &&
        (filter.secondary === undefined || a.secondary === filter.secondary) &&
        (!filter.to || inPrefix(a.local, filter.to.addr, filter.to.len)) &&
        (filter.label === undefined || globMatch(filter.label, a.label)),
    );
  const addrFiltered = filter.scope !== undefined || filter.secondary !== undefined || filter.to !== undefined || filter.label !== undefined;
  let out = '';
  for (const l of views) {
    const addrs = link || opts.family === 'link' ? [] : addrOf(l);
    if (!link && (inet || addrFiltered) && addrs.length === 0) continue;
    if (opts.brief) {
      out += link
        ? `${shownName(l).padEnd(16)} ${l.state.padEnd(14)} ${l.linkLine.split(' ')[1]} <${l.flags}> \n`
        : `${shownName(l).padEnd(16)} ${l.state.padEnd(14)} ${addrs.map((a) => `${a.peer !== undefined ? `${formatIp4(a.local)} peer ${formatIp4(a.peer)}` : formatIp4(a.local)}/${a.prefixLen} `).join('')}\n`;
      continue;
    }
    if (opts.oneline && !link) {
      for (const a of addrs) out += `${l.ifindex}: ${l.name}    ${inetLine(a)}\\       ${LFT}\n`;
      continue;
    }
    const lines = [header(l, link)];
    if (!inet) lines.push(`    ${l.linkLine}${opts.details ? detailsOf(stack, l) : ''}`);
    for (const a of addrs) lines.push(`    ${inetLine(a)}`, `       ${LFT}`);
    // -o: every line break, the details' own included, becomes a backslash.
    out += opts.oneline ? `${lines.join('\n').replaceAll('\n', '\\')}\n` : `${lines.join('\n')}\n`;
  }
  return ok(out);
}
