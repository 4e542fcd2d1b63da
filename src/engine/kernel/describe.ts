import { formatIp4, formatPrefix } from '../addr/ipv4';
import type { FibResult } from './fib';
import { RT_TABLE_MAIN } from './fib';

/** A route as one `ip route` line (without table/proto noise), for traces. */
export function describeRoute(r: { fib?: FibResult }): string {
  const route = r.fib?.route;
  if (!route) return 'no route';
  const parts: string[] = [];
  if (route.type !== 'unicast') parts.push(route.type);
  parts.push(route.len === 0 ? 'default' : formatPrefix(route.dst, route.len));
  if (route.gateway !== undefined) parts.push(`via ${formatIp4(route.gateway)}`);
  if (route.dev) parts.push(`dev ${route.dev.name}`);
  if (route.table !== RT_TABLE_MAIN) parts.push(`table ${route.table}`);
  if (route.prefsrc) parts.push(`src ${formatIp4(route.prefsrc)}`);
  if (route.priority) parts.push(`metric ${route.priority}`);
  return parts.join(' ');
}
