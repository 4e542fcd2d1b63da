import { sysctlFileSettings, sysctlLoadedPaths } from '../command/files';
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
    // Column 0: a file the command did not name (the default one): the command's own place.
    if (column > 0) out.column ??= column;
  };
  // A failed read adds one to the status, a failed write makes it at least 1 (procps-ng 4.0.2, as tried).
  const write = (key: string, value: string, column: number) => {
    const errno = sysctlWrite(stack, key, value);
    if (errno === 0) {
      if (c.via === 'sysctl' && !c.quiet) out.stdout += c.valuesOnly ? `${value}\n` : `${key} = ${value}\n`;
      return;
    }
    if (errno === Errno.ENOENT && c.ignoreUnknown) return;
    out.status ||= 1;
    if (c.via === 'proc') fail(`bash: ${procPath(key)}: No such file or directory`, column);
    else if (errno === Errno.ENOENT) fail(`sysctl: cannot stat ${procPath(key)}: No such file or directory`, column);
    else fail(`sysctl: setting key "${key}": Invalid argument`, column);
  };
  if (c.load !== undefined) {
    for (const file of sysctlLoadedPaths(c.load, stack.files.texts.keys())) {
      if (c.load === 'system') out.stdout += `* Applying ${file.text} ...\n`;
      const text = stack.files.texts.get(file.text);
      if (text === undefined) {
        fail(`sysctl: cannot open "${file.text}": No such file or directory`, file.column);
        out.status ||= 1;
        continue;
      }
      // procps reads the whole file first (reporting bad lines), then applies its settings in order.
      const { settings, badLines } = sysctlFileSettings(text);
      for (const n of badLines) fail(`sysctl: ${file.text}(${n}): invalid syntax, continuing...`, file.column);
      for (const { key, value } of settings) write(key, value, file.column);
    }
    return out;
  }
  const args = [...c.writes.map((w) => ({ ...w, write: true as const })), ...c.reads.map((r) => ({ ...r, write: false as const }))].sort((a, b) => a.column - b.column);
  for (const a of args) {
    if (a.write) {
      write(a.key, a.value, a.column);
      continue;
    }
    const v = stack.sysctl.get(a.key);
    if (v === undefined) {
      if (c.ignoreUnknown) continue;
      fail(`sysctl: cannot stat ${procPath(a.key)}: No such file or directory`, a.column);
      out.status++;
    } else out.stdout += c.valuesOnly ? `${v}\n` : `${a.key} = ${v}\n`;
  }
  return out;
}
