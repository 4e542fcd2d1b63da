import { formatIp4 } from '../../addr/ipv4';
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
      return {
        parse(option, value, _i, column, ctx) {
          if (option === toOption) {
            if (range) throw iptError(column, `${name}: Multiple --${toOption} not supported`);
            range = parseNatRange(value, column, hasPorts(ctx));
          } else if (option === 'random') random = true;
          else if (option === 'random-fully') fullyRandom = true;
          else persistent = true;
        },
        finish(column) {
          if (!range) throw iptError(column, `${name}: option "--${toOption}" must be specified\n`);
          return name === 'SNAT' ? { name, range, random, fullyRandom, persistent } : { name, range, random, persistent };
        },
      };
    },
    target(info) {
      const range = kernelRange(info);
      return { needsConntrack: true, run: (c) => c.stack.nf.xt.natSetupInfo(c.skb, range, manip) };
    },
    save: (info) => `-j ${name} --${toOption} ${rangeText(kernelRange(info))}${flags(info).map((f) => ` --${f}`).join('')}`,
    print: (info) => ` to:${rangeText(kernelRange(info))}${flags(info).map((f) => ` ${f}`).join('')}`,
  };
}

export const SNAT = natExtension('SNAT');
export const DNAT = natExtension('DNAT');
