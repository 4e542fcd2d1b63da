import { DMESG_LEVELS, type DmesgCommand } from '../command/dmesg';
import { ctimeText } from '../export/print/iptables-save';
import type { Stack } from '../kernel/stack';
import type { ProcessIO } from './process';

/*
 * util-linux dmesg reading the kernel log (SYSLOG_ACTION_READ_ALL, then CLEAR for -c/-C): one
 * line per record, `[seconds.micros]` since boot (with -T the date, the machine having booted at
 * the virtual clock's start), the level as <N> with -r, facility and level as words with -x.
 * Every record here is the kernel's own (facility kern).
 */

/** "[%5ld.%06ld] " of the record's time since boot. */
function timestamp(ns: number): string {
  const micros = Math.floor(ns / 1000);
  return `[${String(Math.floor(micros / 1e6)).padStart(5)}.${String(micros % 1e6).padStart(6, '0')}] `;
}

export function dmesgOutput(stack: Stack, c: DmesgCommand): string {
  if (c.clear === 'only') return '';
  let out = '';
  for (const r of stack.printk.read()) {
    if (c.levels && !c.levels.includes(r.level)) continue;
    if (c.raw) out += `<${r.level}>`;
    else if (c.decode) out += `${'kern'.padEnd(6)}:${DMESG_LEVELS[r.level]!.padEnd(6)}: `;
    if (!c.noTime) out += c.ctime ? `[${ctimeText(r.ts)}] ` : timestamp(r.ts);
    out += `${r.text}\n`;
  }
  return out;
}

export function startDmesg(stack: Stack, c: DmesgCommand, io: ProcessIO): undefined {
  const out = dmesgOutput(stack, c);
  if (c.clear) stack.printk.clear();
  if (out) io.stdout(out);
  stack.env.schedule(0, () => io.exit(0));
  return undefined;
}
