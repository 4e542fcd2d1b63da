import { formatIp4 } from '../../addr/ipv4';
import type { IpRouteGet } from '../../command/types';
import { STRERROR } from '../../kernel/errors';
import { RT_TABLE_LOCAL, RT_TABLE_MAIN, type FibResult } from '../../kernel/fib';
import { routeInput, routeOutput } from '../../kernel/route';
import { NexthopExceptions } from '../../kernel/fnhe';
import type { Stack } from '../../kernel/stack';
import { fail, ok, tableName, type Printed } from './common';
import { routeLine } from './ip-route';

/*
 * `ip route get` as iproute2 6.1 prints the kernel's answer (RTM_GETROUTE, rt_fill_info):
 *   8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.2 uid 0 \n    cache \n
 *   local 192.168.1.9 dev lo table local src 192.168.1.2 uid 0 \n    cache <local> \n
 *   8.8.8.8 from 10.0.0.254 via 192.168.1.1 dev eth0 \n    cache iif eth1 \n
 * The type is printed unless unicast, `table` unless main, `src` only when no `from` was
 * given, `mark` in decimal below 16 and in hex from 16, `uid` only for output routes.
 * Errors are the errno's strerror after "RTNETLINK answers: ", exit status 2.
 */

function rtnlError(errno: number): Printed {
  return fail(`RTNETLINK answers: ${STRERROR[errno] ?? `errno ${errno}`}`, 2);
}

/** Without custom rules the kernel keeps local and main merged: a local route answers as table main. */
function tableOf(stack: Stack, fib: FibResult | undefined): number {
  if (!fib) return RT_TABLE_MAIN;
  return fib.route.table === RT_TABLE_LOCAL && !stack.hasCustomRules() ? RT_TABLE_MAIN : fib.route.table;
}

function markText(mark: number | undefined): string {
  if (!mark) return '';
  return mark >= 16 ? ` mark 0x${(mark >>> 0).toString(16)}` : ` mark ${mark}`;
}

export function printRouteGet(stack: Stack, c: IpRouteGet): Printed {
  const warn = c.warning ? `${c.warning}\n` : '';
  const withWarning = (p: Printed): Printed => ({ ...p, stderr: warn + p.stderr });
  const from = c.from || undefined;
  const table = (fib: FibResult | undefined) => {
    const id = tableOf(stack, fib);
    return id === RT_TABLE_MAIN ? '' : ` table ${tableName(stack, id)}`;
  };
  const fibmatch = (fib: FibResult | undefined): Printed => {
    if (!fib) return rtnlError(101);
    return ok(routeLine(stack, { ...fib.route, table: tableOf(stack, fib) }, { showTable: true }));
  };
  // RTA_IP_PROTO, RTA_SPORT, RTA_DPORT: the flow ip rule selectors and the L4 multipath hash see.
  const keys = c.ipproto !== undefined || c.sport !== undefined || c.dport !== undefined ? { proto: c.ipproto ?? 0, sport: c.sport ?? 0, dport: c.dport ?? 0 } : undefined;
  if (c.iif) {
    const dev = stack.byName.get(c.iif.text);
    if (!dev) return withWarning(fail(`Cannot find device "${c.iif.text}"`, 1));
    const res = routeInput(stack, from ?? 0, c.dst, c.tos ?? 0, c.mark ?? 0, dev, keys);
    if (!res.ok) return withWarning(rtnlError(res.errno));
    if (c.fibmatch) return withWarning(fibmatch(res.fib));
    const head = `${c.dst ? formatIp4(c.dst) : '0.0.0.0'}${from !== undefined ? ` from ${formatIp4(from)}` : ''}`;
    let line: string;
    let flags = '';
    if (res.type === 'forward') {
      line = `${head}${res.gateway !== undefined ? ` via ${formatIp4(res.gateway)}` : ''} dev ${res.dev!.name}${table(res.fib)}`;
      if (res.doRedirect) flags = '<redirect> ';
    } else {
      line = `${res.type} ${head} dev lo${table(res.fib)}`;
      flags = res.type === 'local' ? '<local> ' : '<local,brd> ';
    }
    return withWarning(ok(`${line}${markText(c.mark)} \n    cache ${flags}iif ${dev.name} \n`));
  }
  let oif;
  if (c.oif) {
    oif = stack.byName.get(c.oif.text);
    if (!oif) return withWarning(fail(`Cannot find device "${c.oif.text}"`, 1));
  }
  const res = routeOutput(stack, { dst: c.dst, src: from, oif, mark: c.mark, tos: c.tos, keys });
  if (!res.ok) return withWarning(rtnlError(res.errno));
  if (c.fibmatch) return withWarning(fibmatch(res.fib));
  const prefix = res.type === 'unicast' ? '' : `${res.type} `;
  const via = res.gateway !== undefined && res.type === 'unicast' ? ` via ${formatIp4(res.gateway)}` : '';
  const src = from === undefined ? ` src ${formatIp4(res.src)}` : '';
  const line = `${prefix}${formatIp4(c.dst)}${from !== undefined ? ` from ${formatIp4(from)}` : ''}${via} dev ${res.dev.name}${table(res.fib)}${src}${markText(c.mark)} uid ${c.uid ?? 0} \n`;
  const exception = res.redirected && res.fib ? stack.fnhe.find(res.fib.route, c.dst) : undefined;
  if (exception) return withWarning(ok(line + NexthopExceptions.cacheLine(exception, stack.env.now())));
  const flags = res.type === 'local' ? '<local> ' : res.type === 'broadcast' ? '<local,brd> ' : '';
  return withWarning(ok(`${line}    cache ${flags}\n`));
}
