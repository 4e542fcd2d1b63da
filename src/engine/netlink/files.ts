import type { FileWriteCommand } from '../command/types';
import type { Stack } from '../kernel/stack';

/** `echo ... >[>] FILE` for /etc/hosts, /etc/resolv.conf and /etc/iproute2/rt_tables. */
export function fileWrite(stack: Stack, c: FileWriteCommand): void {
  if (c.file === '/etc/hosts') {
    if (!c.append) stack.files.hosts.length = 0;
    for (const e of c.entries) stack.files.hosts.push({ ip: e.address, names: e.names });
  } else if (c.file === '/etc/resolv.conf') {
    stack.files.nameservers = c.append ? [...stack.files.nameservers, ...c.nameservers] : [...c.nameservers];
  } else {
    if (!c.append) for (const [name, id] of [...stack.rtTables]) if (!['local', 'main', 'default', 'unspec'].includes(name) || id < 0) stack.rtTables.delete(name);
    for (const e of c.entries) stack.rtTables.set(e.name, e.id);
  }
}
