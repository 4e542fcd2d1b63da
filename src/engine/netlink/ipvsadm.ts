import type { IpvsadmCommand, IpvsadmEntry } from '../command/ipvsadm';
import { printIpvsadmEntry } from '../export/print/ipvsadm';
import { Errno } from '../kernel/errors';
import { ipVsFlush, ipVsSetCtl, ipVsSetTimeout, netIpvs, type IpVsSetCmd } from '../kernel/ipvs/ip_vs_ctl';
import { UNMODELLED_SCHEDULERS } from '../kernel/ipvs/ip_vs_sched';
import { emptyStats } from '../kernel/ipvs/ip_vs';
import { STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import { CommandFailure, type Output } from './libnetlink';

/*
 * ipvsadm's calls into the kernel (libipvs) and its wording of the answer (ipvs_strerror:
 * one table per call, then the common errnos, then strerror); a refused call exits 255.
 */

const SET_CMD: Partial<Record<IpvsadmEntry['op'], IpVsSetCmd>> = {
  'add-service': 'add', 'edit-service': 'edit', 'delete-service': 'del',
  'add-server': 'add-dest', 'edit-server': 'edit-dest', 'delete-server': 'del-dest', zero: 'zero',
};

const { EEXIST, ENOENT, ESRCH, EPERM, EINVAL, EOPNOTSUPP, EAFNOSUPPORT, EMSGSIZE } = Errno;
const ENOMEM = 12;
const ENOPROTOOPT = 92;

const PER_CALL: Partial<Record<IpVsSetCmd, Record<number, string>>> = {
  add: { [EEXIST]: 'Service already exists', [ENOENT]: 'Scheduler or persistence engine not found' },
  edit: { [ESRCH]: 'No such service', [ENOENT]: 'Scheduler or persistence engine not found' },
  del: { [ESRCH]: 'No such service' },
  zero: { [ESRCH]: 'No such service' },
  'add-dest': { [ESRCH]: 'Service not defined', [EEXIST]: 'Destination already exists' },
  'edit-dest': { [ESRCH]: 'Service not defined', [ENOENT]: 'No such destination' },
  'del-dest': { [ESRCH]: 'Service not defined', [ENOENT]: 'No such destination' },
};

const COMMON: Record<number, string> = {
  [EPERM]: 'Permission denied (you must be root)',
  [EINVAL]: 'Invalid operation.  Possibly wrong module version, address not unicast, ...',
  [ENOPROTOOPT]: 'Protocol not available',
  [ENOMEM]: 'Memory allocation problem',
  [EOPNOTSUPP]: 'Operation not supported with IPv6',
  [EAFNOSUPPORT]: 'Operation not supported with specified address family',
  [EMSGSIZE]: 'Module is wrong version',
};

/** ipvs_strerror. */
export function ipvsStrerror(cmd: IpVsSetCmd, errno: number): string {
  return PER_CALL[cmd]?.[errno] ?? COMMON[errno] ?? STRERROR[errno] ?? `Unknown error ${errno}`;
}

/** Runs one entry: what it printed, and its status (process_options' result). */
function runEntry(stack: Stack, e: IpvsadmEntry): { stdout: string; stderr: string; status: number } {
  if (e.op === 'list' || e.op === 'save') return printIpvsadmEntry(stack, e);
  if (e.op === 'set') {
    ipVsSetTimeout(stack, ...e.timeouts!);
    return { stdout: '', stderr: '', status: 0 };
  }
  if (e.op === 'flush') {
    ipVsFlush(stack);
    return { stdout: '', stderr: '', status: 0 };
  }
  if (e.op === 'zero' && !e.service) {
    // ipvs_zero_service of the empty service: every service's counters.
    for (const svc of netIpvs(stack).services) {
      svc.stats = emptyStats();
      for (const d of svc.destinations) d.stats = emptyStats();
    }
    return { stdout: '', stderr: '', status: 0 };
  }
  const cmd = SET_CMD[e.op]!;
  if ((cmd === 'add' || cmd === 'edit') && UNMODELLED_SCHEDULERS.includes(e.scheduler)) {
    throw new CommandFailure(`hairpin: the IPVS scheduler ${e.scheduler} is not simulated (rr, wrr, lc, wlc, sh, dh and mh are)`, 2, e.column);
  }
  const server = e.server ?? { addr: 0, port: 0 };
  const errno = ipVsSetCtl(
    stack, cmd,
    { ...e.service!, schedName: e.scheduler, flags: e.flags, timeout: e.timeout, netmask: e.netmask },
    { ...server, connFlags: e.fwd, weight: e.weight, uThreshold: 0, lThreshold: 0, tunType: e.tunType, tunPort: e.tunPort, tunFlags: e.tunFlags },
  );
  if (errno) return { stdout: '', stderr: `${ipvsStrerror(cmd, errno)}\n`, status: 255 };
  return { stdout: '', stderr: '', status: 0 };
}

export function ipvsadm(stack: Stack, c: IpvsadmCommand): Output {
  if (!c.restore) {
    const out = runEntry(stack, c.entry);
    if (out.status) throw new CommandFailure(out.stderr, out.status, c.entry.column, undefined, out.stdout);
    return out;
  }
  // restore_table: each line as its own command; a parse failure ends ipvsadm there (fail() exits),
  // a refused call is printed and the next line runs; the status is the last line's.
  let stdout = '';
  let stderr = '';
  let status = 0;
  for (const line of c.restore) {
    if ('error' in line) throw new CommandFailure(stderr + line.error, line.status, line.column, line.line, stdout);
    const out = runEntry(stack, line.entry);
    stdout += out.stdout;
    stderr += out.stderr;
    status = out.status;
  }
  if (status) throw new CommandFailure(stderr, status, c.entry.column, undefined, stdout);
  return { stdout, stderr };
}
