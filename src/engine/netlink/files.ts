import type { FileWriteCommand, TextFileCommand } from '../command/types';
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

/** `cat > FILE <<EOF` / `echo … >> FILE` for a file a tool reads later (sysctl -p, iptables-restore FILE). */
export function textFile(stack: Stack, c: TextFileCommand): void {
  const before = c.append ? (stack.files.texts.get(c.path) ?? '') : '';
  stack.files.texts.set(c.path, before + c.text);
}
