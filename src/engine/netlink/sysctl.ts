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

/** procps-ng 4.0.2's `sysctl --help` text (printed to stdout on a usage error). */
const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

/**
 * A regular expression as sysctl's -r compiles it (regcomp, REG_EXTENDED|REG_NOSUB): one that
 * does not compile selects nothing, silently (tried: `sysctl -a -r 'x('` prints nothing, exit 0).
 */
function patternTest(source: string): (name: string) => boolean {
  try {
    const re = new RegExp(source);
    return (name) => re.test(name);
  } catch {
    return () => false;
  }
}

export function sysctl(stack: Stack, c: SysctlCommand): SysctlOutput {
  const out: SysctlOutput = { stdout: '', stderr: '', status: 0 };
  if (c.usage !== undefined) return { stdout: USAGE, stderr: `${c.usage}\n`, status: 0 };
  const line = (key: string, value: string | number) => (c.namesOnly ? `${key}\n` : c.valuesOnly ? `${value}\n` : `${key} = ${value}\n`);
  const selected = c.pattern ? patternTest(c.pattern.source) : () => true;
  if (c.all) {
    // -a lists /proc/sys; the simulator has its net/ part (the namespace's own), not kernel/, vm/ or fs/.
    for (const key of stack.sysctl.names()) if (selected(key)) out.stdout += line(key, stack.sysctl.get(key)!);
    return out;
  }
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
    // A directory (`sysctl net.ipv4.conf.lo`) lists the settings under it.
    const under = v === undefined ? stack.sysctl.names().filter((k) => k.startsWith(`${a.key}.`)) : [];
    if (under.length) {
      for (const key of under) if (selected(key)) out.stdout += line(key, stack.sysctl.get(key)!);
      continue;
    }
    if (v === undefined) {
      if (c.ignoreUnknown) continue;
      fail(`sysctl: cannot stat ${procPath(a.key)}: No such file or directory`, a.column);
      out.status++;
    } else out.stdout += line(a.key, v);
  }
  return out;
}
