import type { ModprobeCommand } from '../command/modprobe';
import { loadModule, moduleExists, moduleLoaded, moduleNormalize, unloadModule, UTS_RELEASE } from '../kernel/module';
import type { Stack } from '../kernel/stack';
import type { ProcessIO } from './process';

/*
 * kmod 30's modprobe: each module named (with its dependencies) is loaded, or with -r removed.
 * A module the machine's /lib/modules does not have is fatal, as kmod words it.
 */

export function startModprobe(stack: Stack, c: ModprobeCommand, io: ProcessIO): undefined {
  let status = 0;
  const fatal = (text: string) => {
    if (!c.quiet) io.stderr(`modprobe: FATAL: ${text}\n`);
    status = 1;
  };
  for (const w of c.modules) {
    const name = w.text;
    if (!moduleExists(name)) {
      io.locate?.({ column: w.column });
      fatal(c.remove ? `Module ${name} not found.` : `Module ${name} not found in directory /lib/modules/${UTS_RELEASE}`);
      break;
    }
    if (!c.remove) loadModule(stack, name);
    else if (!moduleLoaded(stack, name)) {
      io.locate?.({ column: w.column });
      fatal(`Module ${moduleNormalize(name)} is not in kernel.`);
      break;
    } else unloadModule(stack, name);
  }
  stack.env.schedule(0, () => io.exit(status));
  return undefined;
}
