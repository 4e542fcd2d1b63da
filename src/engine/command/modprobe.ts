import { CommandError } from './args';
import type { Word } from './types';

/* kmod's modprobe as a config line or a flow runs them. */

export interface ModprobeCommand {
  kind: 'modprobe';
  /** -r: remove instead of insert. */
  remove: boolean;
  /** -q: say nothing when a module is missing (the status still says so). */
  quiet: boolean;
  /** The modules named (one unless -a or -r; module parameters are not simulated). */
  modules: Word[];
}

export function parseModprobe(words: readonly Word[], column: number): ModprobeCommand {
  const c: ModprobeCommand = { kind: 'modprobe', remove: false, quiet: false, modules: [] };
  let all = false;
  for (const w of words) {
    if (w.text.startsWith('--')) {
      const long: Record<string, () => void> = { '--remove': () => (c.remove = true), '--quiet': () => (c.quiet = true), '--all': () => (all = true) };
      if (!long[w.text]) throw new CommandError(w.column, `hairpin: modprobe option '${w.text}' is not simulated`, 2);
      long[w.text]!();
    } else if (w.text.startsWith('-') && w.text.length > 1) {
      for (const f of w.text.slice(1)) {
        if (f === 'r') c.remove = true;
        else if (f === 'q') c.quiet = true;
        else if (f === 'a') all = true;
        else throw new CommandError(w.column, `hairpin: modprobe option '-${f}' is not simulated`, 2);
      }
    } else c.modules.push(w);
  }
  // modprobe.c: "modprobe: ERROR: missing parameters. See -h." (status 1).
  if (c.modules.length === 0) throw new CommandError(column, 'modprobe: ERROR: missing parameters. See -h.', 1);
  if (c.modules.length > 1 && !all && !c.remove) throw new CommandError(c.modules[1]!.column, 'hairpin: modprobe module parameters are not simulated (use -a to load several modules)', 2);
  return c;
}
