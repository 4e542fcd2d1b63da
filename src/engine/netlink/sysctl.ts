import type { SysctlCommand } from '../command/types';
import { Errno } from '../kernel/errors';
import { sysctlWrite } from '../kernel/rtnetlink';
import type { Stack } from '../kernel/stack';

/*
 * procps-ng 4.0.2's sysctl (and `echo V > /proc/sys/...`): every argument in command-line
 * order, a read or a write of /proc/sys. A key that fails is reported and the rest still run;
 * the exit status is the number of failures (sysctl.c adds up each setting's return code).
 */

export interface SysctlOutput {
  stdout: string;
  stderr: string;
  status: number;
  /** The column of the first argument that failed. */
  column?: number;
}

const procPath = (key: string) => `/proc/sys/${key.replace(/\./g, '/')}`;

export function sysctl(stack: Stack, c: SysctlCommand): SysctlOutput {
  const out: SysctlOutput = { stdout: '', stderr: '', status: 0 };
  const fail = (message: string, column: number) => {
    out.stderr += `${message}\n`;
    out.status++;
    out.column ??= column;
  };
  const args = [...c.writes.map((w) => ({ ...w, write: true as const })), ...c.reads.map((r) => ({ ...r, write: false as const }))].sort((a, b) => a.column - b.column);
  for (const a of args) {
    if (a.write) {
      const errno = sysctlWrite(stack, a.key, a.value);
      if (errno === 0) {
        if (c.via === 'sysctl' && !c.quiet) out.stdout += c.valuesOnly ? `${a.value}\n` : `${a.key} = ${a.value}\n`;
      } else if (c.via === 'proc') fail(`bash: ${procPath(a.key)}: No such file or directory`, a.column);
      else if (errno === Errno.ENOENT) fail(`sysctl: cannot stat ${procPath(a.key)}: No such file or directory`, a.column);
      else fail(`sysctl: setting key "${a.key}": Invalid argument`, a.column);
      continue;
    }
    const v = stack.sysctl.get(a.key);
    if (v === undefined) fail(`sysctl: cannot stat ${procPath(a.key)}: No such file or directory`, a.column);
    else out.stdout += c.valuesOnly ? `${v}\n` : `${a.key} = ${v}\n`;
  }
  return out;
}
