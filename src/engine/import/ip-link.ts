import type { Line } from './detect';
import type { Importer } from './importer';

/** One interface as `ip link` / `ip addr` (or their -j forms) show it. */
export interface Interface {
  name: string;
  /** After '@': `ifN` for a veth's peer in another namespace, else the lower device (vlan, macvlan). */
  parent?: string;
  flags: string[];
  mtu?: number;
  master?: string;
  /** link/ether, link/loopback, link/none, link/ipip … without "link/". */
  type?: string;
  mac?: string;
  /** What `-d` shows: the link kind (bridge, veth, vlan …) and a VLAN's id. */
  kind?: string;
  vlanId?: number;
}

/** Kinds a config line makes (`ip link add … type KIND`); a veth end is a port, the rest are not modelled. */
const MADE = new Set(['bridge', 'dummy', 'vlan']);
/** First words of `ip -d link` detail lines. */
const KINDS = /^(bridge|veth|vlan|dummy|vxlan|macvlan|macvtap|ipvlan|ipip|gre|gretap|sit|bond|team|wireguard|tun|vrf|geneve|ifb|openvswitch|xfrm|vti)$/;

const HEADER = /^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>\s*(.*)$/;

export function parseHeader(text: string): Interface | undefined {
  const m = HEADER.exec(text.trim());
  if (!m) return undefined;
  const rest = m[5]!.split(/\s+/);
  const value = (key: string) => {
    const i = rest.indexOf(key);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const mtu = value('mtu');
  return { name: m[2]!, parent: m[3], flags: m[4]!.split(',').filter(Boolean), mtu: mtu === undefined ? undefined : Number(mtu), master: value('master') };
}

/** `    link/ether 96:00:03:a1:b2:c3 brd ff:ff:ff:ff:ff:ff link-netns x`: the type and address. */
export function parseLinkLine(text: string, into: Interface): boolean {
  const m = /^\s+link\/(\S+)(?:\s+([0-9a-fA-F:]+))?/.exec(text);
  if (!m) return false;
  into.type = m[1]!;
  if (m[2] && /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(m[2])) into.mac = m[2].toLowerCase();
  return true;
}

/**
 * Makes the interface a port, with the lines a boot needs for what the output shows of it
 * (down, an MTU other than 1500), or says why it is not one.
 */
export function declareInterface(imp: Importer, iface: Interface, line: number, text: string): boolean {
  if (iface.name === 'lo' || iface.type === 'loopback') {
    imp.skip(line, text, 'lo: every device has it; it is never a port');
    return false;
  }
  if (iface.type !== undefined && iface.type !== 'ether') {
    imp.notPorts.set(iface.name, `device type ${iface.type} (${iface.name}) not modelled`);
    imp.skip(line, text, `device type ${iface.type} (${iface.name}) not modelled`);
    return false;
  }
  if (iface.kind !== undefined && iface.kind !== 'veth') return makeInterface(imp, iface, line, text);
  // Made by a line already (`ip -d link` said what it is): `ip addr` adds nothing to that.
  if (imp.created.has(iface.name)) return true;
  if (iface.parent !== undefined && !/^if\d+$/.test(iface.parent) && iface.parent !== 'NONE') {
    const reason = `${iface.name}@${iface.parent}: a device stacked on ${iface.parent} (vlan, macvlan …); its type is not in this output, so it is not recreated`;
    imp.notPorts.set(iface.name, reason);
    imp.skip(line, text, reason);
    return false;
  }
  if (!imp.port(iface.name, iface.mac ?? null, line, text)) return false;
  if (!iface.flags.includes('UP') && iface.flags.length) imp.add('link', line, `ip link set dev ${iface.name} down`);
  if (iface.mtu !== undefined && iface.mtu !== 1500 && Number.isInteger(iface.mtu)) imp.add('link', line, `ip link set dev ${iface.name} mtu ${iface.mtu}`);
  setMaster(imp, iface, line);
  return true;
}

function setMaster(imp: Importer, iface: Interface, line: number): void {
  if (iface.master === undefined) return;
  // Whether the master is a bridge `-d` showed is known only once every interface is read.
  imp.add('link', line, `ip link set dev ${iface.name} master ${iface.master}`);
  imp.masters.push({ name: iface.name, master: iface.master, place: { source: imp.source, line } });
}

/** A bridge, dummy or VLAN that `-d` showed: the config lines that make it. */
function makeInterface(imp: Importer, iface: Interface, line: number, text: string): boolean {
  const { name, kind } = iface;
  const refuse = (reason: string) => {
    imp.notPorts.set(name, reason);
    imp.skip(line, text, reason);
    return false;
  };
  if (imp.created.has(name)) return true;
  // An `ip addr` read before took it for a port; `-d` knows better.
  imp.ports.delete(name);
  if (!MADE.has(kind!)) return refuse(`device type ${kind} (${name}) not modelled`);
  if (kind === 'vlan') {
    if (iface.parent === undefined || iface.vlanId === undefined) return refuse(`${name}: a VLAN whose lower device or id this output does not show`);
    if (!imp.device(iface.parent, line, text)) return false;
    imp.add('link', line, `ip link add link ${iface.parent} name ${name} type vlan id ${iface.vlanId}`);
  } else {
    imp.add('link', line, `ip link add ${name} type ${kind}`);
    if (iface.mac) imp.add('link', line, `ip link set dev ${name} address ${iface.mac}`);
  }
  imp.created.add(name);
  if (iface.mtu !== undefined && iface.mtu !== 1500 && Number.isInteger(iface.mtu)) imp.add('link', line, `ip link set dev ${name} mtu ${iface.mtu}`);
  if (iface.flags.includes('UP')) imp.add('link', line, `ip link set dev ${name} up`);
  setMaster(imp, iface, line);
  return true;
}

/** `    bridge forward_delay 1500 …`, `    vlan protocol 802.1Q id 10 …`: the kind `ip -d` shows. */
function parseDetailLine(text: string, into: Interface): boolean {
  const words = text.trim().split(/\s+/);
  if (!/^\s/.test(text) || ['inet', 'inet6', 'valid_lft', 'altname'].includes(words[0]!)) return false;
  if (KINDS.test(words[0]!)) {
    into.kind = words[0];
    const id = /\bid (\d+)/.exec(text);
    if (into.kind === 'vlan' && id) into.vlanId = Number(id[1]);
  }
  // promiscuity, addrgenmode, bridge_slave … lines: details of no consequence to the config.
  return /^[a-z_]+$/.test(words[0]!);
}

/**
 * `ip link` / `ip addr` text: a header line per interface, then its link/ line and, for
 * `ip addr`, its addresses (handled by `onOther`).
 */
export function importLinkBlocks(imp: Importer, lines: Line[], onOther?: (iface: Interface | undefined, port: boolean, line: Line) => void): void {
  let iface: Interface | undefined;
  let header: Line | undefined;
  let port = false;
  let linkSeen = false;
  const flush = () => {
    if (iface && header) port = declareInterface(imp, iface, header.n, header.text);
    header = undefined;
  };
  for (const line of lines) {
    if (line.text.trim() === '') continue;
    const h = parseHeader(line.text);
    if (h) {
      flush();
      iface = h;
      header = line;
      port = false;
      linkSeen = false;
      continue;
    }
    if (iface && header && !linkSeen && parseLinkLine(line.text, iface)) {
      linkSeen = true;
      continue;
    }
    if (iface && header && linkSeen && parseDetailLine(line.text, iface)) continue;
    flush();
    if (/^\s+altname\s/.test(line.text)) imp.skip(line.n, line.text, 'altname: alternative names are not modelled');
    else if (onOther) onOther(iface, port, line);
    else imp.skip(line.n, line.text, 'not part of `ip link` output');
  }
  flush();
}

/** One entry of `ip -j link` / `ip -j addr`. */
export function interfaceFromJson(e: Record<string, unknown>): Interface | undefined {
  if (typeof e.ifname !== 'string') return undefined;
  return {
    name: e.ifname,
    parent: typeof e.link === 'string' ? e.link : undefined,
    flags: Array.isArray(e.flags) ? e.flags.filter((f): f is string => typeof f === 'string') : [],
    mtu: typeof e.mtu === 'number' ? e.mtu : undefined,
    master: typeof e.master === 'string' ? e.master : undefined,
    type: typeof e.link_type === 'string' ? e.link_type : undefined,
    ...linkInfo(e.linkinfo),
    mac: typeof e.address === 'string' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(e.address) ? e.address.toLowerCase() : undefined,
  };
}

/** `ip -d -j link`: "linkinfo": {"info_kind": "vlan", "info_data": {"id": 10}}. */
function linkInfo(info: unknown): Pick<Interface, 'kind' | 'vlanId'> {
  if (typeof info !== 'object' || info === null) return {};
  const { info_kind: kind, info_data: data } = info as Record<string, unknown>;
  if (typeof kind !== 'string') return {};
  const id = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).id : undefined;
  return { kind, vlanId: typeof id === 'number' ? id : undefined };
}

/** `ip -br link`: NAME STATE MAC <FLAGS>; `ip -br addr`: NAME STATE ADDRESS… */
export function importBrief(imp: Importer, lines: Line[], addAddress: (dev: string, address: string, line: Line) => void): void {
  for (const line of lines) {
    const fields = line.text.trim().split(/\s+/);
    if (fields.length < 2 || fields[0] === '') continue;
    const [full, state] = fields as [string, string];
    const [name, parent] = full.split('@') as [string, string | undefined];
    const mac = fields[2] && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(fields[2]) ? fields[2].toLowerCase() : undefined;
    const type = fields[2] === '00:00:00:00:00:00' ? 'loopback' : undefined;
    const flagField = fields.find((f) => f.startsWith('<'));
    const flags = flagField?.replace(/[<>]/g, '').split(',') ?? (state === 'DOWN' ? ['BROADCAST'] : ['UP']);
    // `ip -br link` shows a MAC for Ethernet-like links only: one without is a tunnel (link/none, ipip …).
    const linkForm = flagField !== undefined;
    const kindless = linkForm && mac === undefined && name !== 'lo' ? 'none' : type;
    if (!declareInterface(imp, { name, parent, flags, type: kindless, mac }, line.n, line.text)) continue;
    if (!linkForm) for (const address of fields.slice(2)) addAddress(name, address, line);
  }
}
