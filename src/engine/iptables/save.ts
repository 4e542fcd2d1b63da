import { AF_INET, type Family } from '../addr/family';
import { formatIptAddr } from '../command/iptables-values';
import type { IptRule } from '../kernel/netfilter/x_tables';
import { findMatch, findTarget } from './extensions';
import { not, protocolName } from './xtables';

/*
 * A rule as `iptables -S` and iptables-save print it (nft_rule_print_save), from its parsed
 * parts: -s -d -i -o -p, each extension's save function, then the target's.
 */

/** The rule's words before the target: the ipt_ip part, then each match's `-m NAME …`. */
export function matchParts(rule: Pick<IptRule, 'head' | 'matches'>, family: Family = AF_INET): string[] {
  const h = rule.head;
  const parts: string[] = [];
  if (h.source) parts.push(`${not(h.source.invert)}-s ${formatIptAddr(h.source.addr)}/${h.source.len}`);
  if (h.destination) parts.push(`${not(h.destination.invert)}-d ${formatIptAddr(h.destination.addr)}/${h.destination.len}`);
  if (h.inInterface) parts.push(`${not(h.inInterface.invert)}-i ${h.inInterface.name}`);
  if (h.outInterface) parts.push(`${not(h.outInterface.invert)}-o ${h.outInterface.name}`);
  if (h.protocol) parts.push(`${not(h.protocol.invert)}-p ${protocolName(h.protocol.proto)}`);
  for (const m of rule.matches) if (m.info) parts.push(findMatch(m.info.name, family)!.save(m.info));
  return parts;
}

/** `-j TARGET --options` or `-g CHAIN`; empty for a rule without target. */
export function targetPart(rule: Pick<IptRule, 'target'>, family: Family = AF_INET): string {
  const t = rule.target;
  if (t.enters !== undefined) return `${t.goto ? '-g' : '-j'} ${t.enters}`;
  return t.info ? findTarget(t.info.name, family)!.save(t.info) : '';
}

/** The whole rule after `-A CHAIN`, as the kernel model keeps it for traces and -D. */
export function ruleText(rule: Pick<IptRule, 'head' | 'matches' | 'target'>, family: Family = AF_INET): string {
  return matchParts(rule, family).concat(targetPart(rule, family)).join(' ');
}
