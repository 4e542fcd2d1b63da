import { parseIp4 } from '../addr/ipv4';
import type { FileWriteCommand, TextFileCommand } from '../command/types';
import { rtTablesChanged } from '../kernel/describe';
import { STRERROR } from '../kernel/errors';
import type { Stack } from '../kernel/stack';
import { CommandFailure } from './libnetlink';

/** `echo ... >[>] FILE` for /etc/hosts, /etc/resolv.conf, /etc/iproute2/rt_tables and /proc/net/xt_recent/NAME. */
export function fileWrite(stack: Stack, c: FileWriteCommand): void {
  if ('list' in c) {
    // The proc file takes the whole write; bash words its errno.
    const errno = stack.nf.recent.write(c.list, c.text, parseIp4);
    if (errno === 2) throw new CommandFailure(`bash: ${c.file}: No such file or directory`, 1);
    if (errno) throw new CommandFailure(`bash: echo: write error: ${STRERROR[errno]}`, 1);
  } else if (c.file === '/etc/hosts') {
    stack.files.hosts = [...(c.append ? stack.files.hosts : []), ...c.entries.map((e) => ({ ip: e.address, names: e.names }))];
  } else if (c.file === '/etc/resolv.conf') {
    stack.files.nameservers = c.append ? [...stack.files.nameservers, ...c.nameservers] : [...c.nameservers];
  } else {
    const tables = new Map(stack.rtTables);
    if (!c.append) for (const [name, id] of stack.rtTables) if (!['local', 'main', 'default', 'unspec'].includes(name) || id < 0) tables.delete(name);
    for (const e of c.entries) tables.set(e.name, e.id);
    stack.files.rtTables = tables;
    rtTablesChanged();
  }
}

/** `cat > FILE <<EOF` / `echo … >> FILE` for a file a tool reads later (sysctl -p, iptables-restore FILE). */
export function textFile(stack: Stack, c: TextFileCommand): void {
  const before = c.append ? (stack.files.texts.get(c.path) ?? '') : '';
  stack.files.texts.set(c.path, before + c.text);
}
