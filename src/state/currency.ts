import { useSyncExternalStore } from 'react';
import type { ScenarioDoc } from '../engine/scenario/types';
import { useDocument } from './document';
import { useSession, type RunState } from './session';

/*
 * Whether the run on screen is a run of the document on screen. Derived, never stored: the run
 * keeps the document it ran (RanOn), and it is compared with the current one. Only what the
 * engine reads counts: devices in order (a default MAC is numbered by device order), their
 * kinds, ports and config, the links and the flows. Moving a device or renaming the scenario
 * changes no packet, so it leaves the run current; undo back to the document that ran makes it
 * current again.
 */

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return (a?.length ?? 0) === 0 && (b?.length ?? 0) === 0;
  return a.every((x, i) => same(x, b[i]!));
}

function samePorts(a: Record<string, string | null>, b: Record<string, string | null>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return sameList(ka, kb, (x, y) => x === y && a[x] === b[y]);
}

/**
 * Whether the engine would see the same scenario in `a` and `b` (positions and texts aside).
 * `withFlows` false: the flows aside (for a run whose command is known; see sameForCommand).
 */
export function sameRunInputs(a: ScenarioDoc, b: ScenarioDoc, withFlows = true): boolean {
  if (a === b) return true;
  const ids = Object.keys(a.devices);
  if (!sameList(ids, Object.keys(b.devices), (x, y) => x === y)) return false;
  for (const id of ids) {
    const da = a.devices[id]!;
    const db = b.devices[id]!;
    if (da === db) continue;
    if (da.kind !== db.kind || !samePorts(da.ports, db.ports) || !sameList(da.config, db.config, (x, y) => x === y)) return false;
  }
  return (
    sameList(a.links, b.links, (x, y) => x[0] === y[0] && x[1] === y[1]) &&
    (!withFlows ||
      sameList(a.flows, b.flows, (x, y) => x === y || (x.on === y.on && x.run === y.run && x.title === y.title && x.expect?.exit === y.expect?.exit)))
  );
}

type Command = { on: string; command: string };

function hasFlow(doc: ScenarioDoc, c: Command): boolean {
  return doc.flows.some((f) => f.on === c.on && f.run === c.command);
}

/**
 * For a run that knows its command, the flows are no input: saving, moving or deleting other
 * flows leaves it current. A flow that ran and is no longer there as it ran (edited, deleted)
 * dates it, as it did before: Run would now run something else.
 */
function sameForCommand(ran: ScenarioDoc, now: ScenarioDoc, c: Command): boolean {
  return sameRunInputs(ran, now, false) && (!hasFlow(ran, c) || hasFlow(now, c));
}

// Many components ask at once (every canvas node and link): the answer for the last pair is kept.
let last: { ran: ScenarioDoc; now: ScenarioDoc; command: Command | undefined; same: boolean } | undefined;

function ranOnCurrent(ran: ScenarioDoc, now: ScenarioDoc, command: Command | undefined): boolean {
  if (last?.ran !== ran || last.now !== now || last.command !== command) last = { ran, now, command, same: command ? sameForCommand(ran, now, command) : sameRunInputs(ran, now) };
  return last.same;
}

/** A finished (or failed) run whose document is no longer the one on screen. */
export function isOutOfDate(run: RunState, doc: ScenarioDoc): boolean {
  if (run.status !== 'done' && run.status !== 'error') return false;
  return run.doc !== undefined && !ranOnCurrent(run.doc, doc, run.command);
}

/** The same, for the stores' current state (outside React). */
export function runIsOutOfDate(): boolean {
  return isOutOfDate(useSession.getState().run, useDocument.getState().doc);
}

/** Calls `onChange` when either store changes: the answer depends on both. */
function subscribeToBoth(onChange: () => void): () => void {
  const fromSession = useSession.subscribe(onChange);
  const fromDocument = useDocument.subscribe(onChange);
  return () => {
    fromSession();
    fromDocument();
  };
}

/**
 * Whether the run on screen was made on an earlier version of the document. Every canvas node
 * and link asks: it re-renders when the answer changes, not at every edit, progress report or
 * new run (the answer is a boolean, read from both stores at once).
 */
export function useRunOutOfDate(): boolean {
  return useSyncExternalStore(subscribeToBoth, runIsOutOfDate);
}
