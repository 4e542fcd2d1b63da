import type { TableRef, Word } from '../command/types';
import { STRERROR } from '../kernel/errors';
import type { NetDevice } from '../kernel/netdevice';
import type { NlAck } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';

/*
 * The tools' side of netlink (iproute2's lib/libnetlink.c and lib/ll_map.c): names resolved
 * before a request is sent, and the kernel's ack worded as the tools word it.
 */

/** A refusal: the tool's stderr, its exit status, and the column to underline. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitStatus: number,
    readonly column?: number,
    /** The config line it concerns when not the command's own (a rule inside iptables-restore input). */
    readonly line?: number,
    /** What the tool printed on stdout before failing (sysctl goes on past a bad key). */
    readonly stdout = '',
  ) {
    super(message);
  }
}

export interface Output {
  stdout: string;
  stderr: string;
}

/** ll_name_to_index for a `dev NAME` argument: iproute2's "Cannot find device" at the name's column. */
export function device(stack: Stack, w: Word): NetDevice {
  const dev = stack.byName.get(w.text);
  if (!dev) throw new CommandFailure(`Cannot find device "${w.text}"`, 1, w.column);
  return dev;
}

/** rtnl_rttable_a2n: a table name through /etc/iproute2/rt_tables, else the parser's own error. */
export function resolveTable(stack: Stack, t: TableRef, exitStatus = 1): number {
  if (t.kind === 'id') return t.id;
  const id = stack.rtTables.get(t.name);
  if (id === undefined) throw new CommandFailure(t.unknownError, exitStatus, t.column);
  return id;
}

/**
 * rtnl_talk's error path: with an extended ack iproute2 prints "Error: MSG." (nl_dump_ext_ack),
 * else "RTNETLINK answers: " and strerror. `ip` exits 2.
 */
export function rtnlTalk(ack: NlAck, exitStatus = 2): void {
  if (ack.errno === 0) return;
  throw new CommandFailure(ack.extack !== undefined ? `Error: ${ack.extack}.` : `RTNETLINK answers: ${STRERROR[ack.errno] ?? `errno ${ack.errno}`}`, exitStatus);
}
