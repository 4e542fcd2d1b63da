import type { StateCreator } from 'zustand';
import { create } from 'zustand';
import { countCommands } from '../engine/scenario/commands';
import {
  MAX_CONFIG_COMMANDS,
  MAX_CONFIG_LINES,
  MAX_DEVICES,
  MAX_FLOWS,
  MAX_LINE_LENGTH,
  MAX_LINKS,
  MAX_PORTS_PER_DEVICE,
  MAX_TITLE_LENGTH,
} from '../engine/scenario/limits';
import type { ScenarioDoc } from '../engine/scenario/types';
import { groupDigits } from '../engine/sim/budgets';

/*
 * The format's limits, kept at the edit: an edit that would take the document past one is
 * refused with the limit named, and the document stays as it was. So the document on screen is
 * always one that can be saved (and shared, and run): autosave never stalls on it.
 */

/** Commands in one device's config, counted once per config array (arrays are never mutated). */
const commandCounts = new WeakMap<readonly string[], number>();
function commandsIn(config: readonly string[] | undefined): number {
  if (!config) return 0;
  let n = commandCounts.get(config);
  if (n === undefined) {
    n = config.reduce((sum, line) => sum + countCommands(line), 0);
    commandCounts.set(config, n);
  }
  return n;
}

function totalCommands(doc: ScenarioDoc): number {
  let n = 0;
  for (const id in doc.devices) n += commandsIn(doc.devices[id]!.config);
  return n;
}

/**
 * Why `next` may not replace `prev`, or undefined. Only what grew past a limit counts, so an
 * edit that shrinks an (imported) document that is already too big is never refused.
 */
export function editLimitProblem(prev: ScenarioDoc, next: ScenarioDoc): string | undefined {
  if (next.devices !== prev.devices) {
    const count = Object.keys(next.devices).length;
    if (count > MAX_DEVICES && count > Object.keys(prev.devices).length) return `A scenario has at most ${groupDigits(MAX_DEVICES)} devices.`;
    let configChanged = false;
    for (const id in next.devices) {
      const d = next.devices[id]!;
      const before = prev.devices[id];
      if (d === before) continue;
      const ports = Object.keys(d.ports).length;
      if (ports > MAX_PORTS_PER_DEVICE && ports > Object.keys(before?.ports ?? {}).length) return `A device has at most ${MAX_PORTS_PER_DEVICE} ports (${id} has ${MAX_PORTS_PER_DEVICE}).`;
      const config = d.config ?? [];
      if (config === before?.config) continue;
      configChanged = true;
      if (config.length > MAX_CONFIG_LINES && config.length > (before?.config?.length ?? 0)) return `A device's config has at most ${groupDigits(MAX_CONFIG_LINES)} lines.`;
      const longest = Math.max(0, ...(before?.config ?? []).map((l) => l.length));
      const i = config.findIndex((l) => l.length > MAX_LINE_LENGTH && l.length > longest);
      if (i >= 0) return `A config line is at most ${groupDigits(MAX_LINE_LENGTH)} characters; line ${i + 1} of ${id} would have ${groupDigits(config[i]!.length)}.`;
    }
    if (configChanged) {
      const total = totalCommands(next);
      if (total > MAX_CONFIG_COMMANDS && total > totalCommands(prev)) return `A scenario's configs hold at most ${groupDigits(MAX_CONFIG_COMMANDS)} commands in all (each route and iptables rule is one); this edit would make ${groupDigits(total)}.`;
    }
  }
  if (next.links !== prev.links && next.links.length > MAX_LINKS && next.links.length > prev.links.length) return `A scenario has at most ${groupDigits(MAX_LINKS)} links.`;
  if (next.flows !== prev.flows) {
    if (next.flows.length > MAX_FLOWS && next.flows.length > prev.flows.length) return `A scenario has at most ${groupDigits(MAX_FLOWS)} flows.`;
    if (next.flows.some((f, i) => f.run.length > MAX_LINE_LENGTH && f !== prev.flows[i])) return `A flow command is at most ${groupDigits(MAX_LINE_LENGTH)} characters.`;
  }
  if (next.title !== prev.title && next.title.length > MAX_TITLE_LENGTH) return `A scenario's title is at most ${MAX_TITLE_LENGTH} characters.`;
  return undefined;
}

/** The last edit refused, shown until dismissed or the next one is refused. */
export const useEditRefusal = create<{ message?: string; count: number; dismiss(): void }>()((set) => ({
  count: 0,
  dismiss: () => set({ message: undefined }),
}));

/**
 * Store middleware: a change of `doc` that is an edit (same `generation`; a load is validated
 * when it is read) and breaks a limit is not applied, and the refusal is shown. Undo and redo
 * bypass it: they return to documents that were accepted.
 */
export function limitGuard<T extends { doc: ScenarioDoc; generation: number }>(config: StateCreator<T, [], []>): StateCreator<T, [], []> {
  return (set, get, store) => {
    const guarded =
      (apply: (partial: T | Partial<T>, replace?: false) => void) =>
      (partial: T | Partial<T> | ((s: T) => T | Partial<T>), replace?: boolean) => {
        const before = get();
        const next = typeof partial === 'function' ? partial(before) : partial;
        if (next.doc && next.doc !== before.doc && (next.generation ?? before.generation) === before.generation) {
          const problem = editLimitProblem(before.doc, next.doc);
          if (problem) {
            useEditRefusal.setState((s) => ({ message: `Not changed: ${problem}`, count: s.count + 1 }));
            return;
          }
        }
        (apply as (p: T | Partial<T>, r?: boolean) => void)(next, replace);
      };
    const setState = store.setState;
    store.setState = guarded(setState as never) as typeof store.setState;
    return config(guarded(set as never) as typeof set, get, store);
  };
}
