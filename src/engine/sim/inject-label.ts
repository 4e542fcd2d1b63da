import { formatIp4, type Ip4 } from '../addr/ipv4';
import type { InjectSpec } from './inject';

/*
 * What an injected packet is called, apart from the code that injects it: the page names a
 * packet before it runs (the run target, the flow picker), and must not load the simulator
 * to do so.
 */

/** The source port used when the spec gives none: an ephemeral one. */
export const DEFAULT_SPORT = 40000;

/** "tcp 203.0.113.5:55234 > 91.99.148.215:22", as the CLI takes it and the summary prints it. */
export function describeInjected(spec: InjectSpec, src?: Ip4): string {
  const from = src ?? spec.src;
  const ends = (ip: Ip4 | undefined, port: number | undefined) => `${ip === undefined ? '(any)' : formatIp4(ip)}${spec.proto === 'icmp' || port === undefined ? '' : `:${port}`}`;
  return `${spec.proto} ${ends(from, spec.sport ?? (spec.proto === 'icmp' ? undefined : DEFAULT_SPORT))} → ${ends(spec.dst, spec.dport ?? (spec.proto === 'icmp' ? undefined : 0))}`;
}

/** What the run of an injected packet is called (the flow picker, the run target, the summary's command). */
export function injectedRunLabel(spec: InjectSpec, src?: number): string {
  const text = describeInjected(spec, src);
  return spec.fromLocal ? `packet from a local process: ${text}` : `packet into ${spec.inPort}: ${text}`;
}
