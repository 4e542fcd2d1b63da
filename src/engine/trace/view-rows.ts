import type { Stack } from '../kernel/stack';
import { ipNeighRows, printIpNeighRows, type IpNeighRows } from '../export/print/ip-neigh';
import type { DeviceViewName } from '../views';

/*
 * How the view log (view-log.ts) keeps a view's state at a step: its text, or for a view that
 * changes at almost every hop, the values it prints, turned into text only when a step shows it.
 */

/**
 * A view kept as the values it prints rather than its text, printed only when a step shows it.
 * `ip neigh` changes at almost every hop of a flow's first packet (an entry made, resolved,
 * learned from a request): printing it there was most of what a Run's views cost.
 */
export interface Rows {
  readonly values: IpNeighRows;
  /** Printed once asked. */
  text?: string;
}

/** A view's state as kept: its text, or the values it prints (ROWS). */
export type Kept = string | Rows;

/** The views kept as rows, with what captures them and what prints them (the view's own printer). */
export const ROWS: Partial<Record<DeviceViewName, { capture(stack: Stack): IpNeighRows; print(values: IpNeighRows): string }>> = {
  'ip neigh': { capture: ipNeighRows, print: printIpNeighRows },
};

/** The text a kept state prints (`view`: the view it is a state of; none for plain text). */
export function textOf(kept: Kept, view: DeviceViewName | undefined): string {
  if (typeof kept === 'string') return kept;
  return (kept.text ??= ROWS[view!]!.print(kept.values));
}

/** Whether two kept states print the same. */
export function sameKept(a: Kept, b: Kept): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}
