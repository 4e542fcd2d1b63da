import { AF_INET6 } from '../../addr/family';
import { formatIp4 } from '../../addr/ipv4';
import { formatIp6, parseIp6, type Ip6 } from '../../addr/ipv6';
import { iptError, parseXtablesIp } from '../../command/iptables-values';
import type { NatRange, PortRange } from '../../command/types';
import type { NatRange as KernelRange } from '../../kernel/netfilter/nat';
import { hasPorts, type XtTargetType } from '../xtables';

/* libxt_NAT (xt_nat): SNAT --to-source and DNAT --to-destination; the NAT core binds. */

export interface NatInfo {
  name: 'SNAT' | 'DNAT';
  range: NatRange;
  random: boolean;
  /** SNAT only. */
  fullyRandom?: boolean;
  persistent: boolean;
  /** ip6tables' SNAT/DNAT: the addresses are IPv6 (the kernel's range then holds none of IPv4). */
  range6?: { min: Ip6; max: Ip6 };
  ipv6?: true;
}

/** `port[-port]` of --to-ports and of --to-source/--to-destination, for a rule whose protocol has ports. */
export function parseToPorts(text: string, column: number, withPorts: boolean): PortRange {
  if (!withPorts) throw iptError(column, 'Need TCP, UDP, SCTP or DCCP with port specification');
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) {
    if (text.includes(':')) throw iptError(column, 'Invalid port:port syntax - use dash');
    throw iptError(column, `Port \`${text}' not valid`);
  }
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min > 65535) throw iptError(column, `Port \`${m[1]}' not valid`);
  if (max > 65535) throw iptError(column, `Port \`${m[2]}' not valid`);
  if (max < min) throw iptError(column, `Port range \`${text}' not valid`);
  return { min, max };
}

export const toPortsText = (p: PortRange) => `${p.min}${p.max !== p.min ? `-${p.max}` : ''}`;

/** libxt_NAT parse_to(): `[ip[-ip]][:port[-port]]`. */
export function parseNatRange(text: string, column: number, withPorts: boolean): NatRange {
  const range: NatRange = {};
  const colon = text.indexOf(':');
  const ipPart = colon < 0 ? text : text.slice(0, colon);
  if (colon >= 0) {
    const ports = parseToPorts(text.slice(colon + 1), column, withPorts);
    range.minPort = ports.min;
    range.maxPort = ports.max;
  }
  if (ipPart === '') {
    if (colon < 0) throw iptError(column, `Bad IP address "${text}"`);
    return range;
  }
  const dash = ipPart.indexOf('-');
  const first = dash < 0 ? ipPart : ipPart.slice(0, dash);
  const last = dash < 0 ? first : ipPart.slice(dash + 1);
  const minIp = parseXtablesIp(first);
  if (minIp === undefined || first.split('.').length !== 4) throw iptError(column, `Bad IP address "${first}"`);
  const maxIp = parseXtablesIp(last);
  if (maxIp === undefined || last.split('.').length !== 4) throw iptError(column, `Bad IP address "${last}"`);
  if (maxIp < minIp) throw iptError(column, `Bad IP address range "${ipPart}"`);
  range.minIp = minIp;
  range.maxIp = maxIp;
  return range;
}

/**
 * libxt_NAT parse_to() for AF_INET6: `addr[-addr]`, or `[addr[-addr]]:port[-port]` (brackets
 * keep the address's colons from the port's).
 */
export function parseNatRange6(text: string, column: number, withPorts: boolean): { ports?: PortRange; range6?: { min: Ip6; max: Ip6 } } {
  let start = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw iptError(column, 'Invalid address format');
    start = text.slice(1, end);
    const colon = text.indexOf(':', end + 1);
    if (colon >= 0) portText = text.slice(colon + 1);
  } else if (text.startsWith(':')) {
    start = '';
    portText = text.slice(1);
  }
  const out: { ports?: PortRange; range6?: { min: Ip6; max: Ip6 } } = {};
  if (portText !== undefined) out.ports = parseToPorts(portText, column, withPorts);
  if (start === '') return out;
  const dash = start.indexOf('-');
  const first = dash < 0 ? start : start.slice(0, dash);
  const min = parseIp6(first);
  if (!min) throw iptError(column, `Bad IP address "${first}"`);
  const max = dash < 0 ? min : parseIp6(start.slice(dash + 1));
  if (!max) throw iptError(column, `Bad IP address "${start.slice(dash + 1)}"`);
  out.range6 = { min, max };
  return out;
}

/** print_range for AF_INET6: brackets round the addresses when ports follow. */
function range6Text(info: NatInfo): string {
  const r = info.range;
  const ports = r.minPort !== undefined;
  let s = '';
  if (info.range6) {
    const { min, max } = info.range6;
    s = formatIp6(min) + (formatIp6(max) !== formatIp6(min) ? `-${formatIp6(max)}` : '');
    if (ports) s = `[${s}]`;
  }
  if (ports) s += `:${r.minPort}${r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
  return s;
}

/** The range as the kernel holds it (struct nf_nat_range2): absent addresses 0, absent ends the start. */
function kernelRange(info: NatInfo): KernelRange {
  const r = info.range;
  return { minIp: r.minIp ?? 0, maxIp: r.maxIp ?? r.minIp ?? 0, minPort: r.minPort, maxPort: r.maxPort ?? r.minPort, random: info.random || info.fullyRandom, persistent: info.persistent };
}

function rangeText(r: KernelRange): string {
  let s = formatIp4(r.minIp) + (r.maxIp !== r.minIp ? `-${formatIp4(r.maxIp)}` : '');
  if (r.minPort !== undefined) s += `:${r.minPort}${r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
  return s;
}

/** Which of --random, --random-fully, --persistent are set (random-fully also randomises). */
function flags(info: NatInfo): string[] {
  const out: string[] = [];
  if (info.random && !info.fullyRandom) out.push('random');
  if (info.fullyRandom) out.push('random-fully');
  if (info.persistent) out.push('persistent');
  return out;
}

function natExtension(name: 'SNAT' | 'DNAT'): XtTargetType<NatInfo> {
  const toOption = name === 'SNAT' ? 'to-source' : 'to-destination';
  const manip = name === 'SNAT' ? 'src' : 'dst';
  return {
    kind: 'target',
    name,
    detail: name === 'SNAT' ? 'rewrite the source' : 'rewrite the destination',
    options: [
      { name: toOption, hasArg: true, detail: `${name} to` },
      { name: 'random', hasArg: false },
      { name: 'persistent', hasArg: false },
      ...(name === 'SNAT' ? [{ name: 'random-fully', hasArg: false }] : []),
    ],
    restriction: name === 'SNAT' ? { table: 'nat', hooks: ['POSTROUTING', 'INPUT'] } : { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
    parser() {
      let range: NatRange | undefined;
      let random = false;
      let fullyRandom = false;
      let persistent = false;
      let range6: NatInfo['range6'];
      return {
        parse(option, value, _i, column, ctx) {
          if (option === toOption && ctx.family === AF_INET6) {
            if (range) throw iptError(column, `${name}: Multiple --${toOption} not supported`);
            const parsed = parseNatRange6(value, column, hasPorts(ctx));
            range = parsed.ports ? { minPort: parsed.ports.min, maxPort: parsed.ports.max } : {};
            if (parsed.range6) range6 = parsed.range6;
          } else if (option === toOption) {
            if (range) throw iptError(column, `${name}: Multiple --${toOption} not supported`);
            range = parseNatRange(value, column, hasPorts(ctx));
          } else if (option === 'random') random = true;
          else if (option === 'random-fully') fullyRandom = true;
          else persistent = true;
        },
        finish(column, ctx) {
          if (!range) throw iptError(column, `${name}: option "--${toOption}" must be specified\n`);
          const info: NatInfo = name === 'SNAT' ? { name, range, random, fullyRandom, persistent } : { name, range, random, persistent };
          if (ctx.family === AF_INET6) Object.assign(info, { ipv6: true }, range6 ? { range6 } : {});
          return info;
        },
      };
    },
    target(info) {
      const range = kernelRange(info);
      return { needsConntrack: true, run: (c) => c.stack.nf.xt.natSetupInfo(c.skb, range, manip) };
    },
    save: (info) => `-j ${name} --${toOption} ${info.ipv6 ? range6Text(info) : rangeText(kernelRange(info))}${flags(info).map((f) => ` --${f}`).join('')}`,
    print: (info) => ` to:${info.ipv6 ? range6Text(info) : rangeText(kernelRange(info))}${flags(info).map((f) => ` ${f}`).join('')}`,
  };
}

export const SNAT = natExtension('SNAT');
export const DNAT = natExtension('DNAT');
