import type { ScenarioDoc } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { sameReason } from '../engine/trace/why';

/*
 * "What changed" between the two scenarios of a broken/fixed pair: the config lines that
 * differ, device by device (a line diff, so a moved or edited line shows as removed + added),
 * and the first event where the traces of the same command part ways.
 */

export type DiffLine = { op: 'same' | 'removed' | 'added'; text: string };

export interface DeviceDiff {
  device: string;
  /** Every line of both configs in order, marked; only devices with a change are reported. */
  lines: DiffLine[];
}

/** A longest-common-subsequence line diff: removed lines before added ones at each change. */
export function lineDiff(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: the LCS length of a[i..] and b[j..]; configs are short, so O(n·m) is fine.
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: 'removed', text: a[i++]! });
    } else {
      out.push({ op: 'added', text: b[j++]! });
    }
  }
  return out;
}

/** Devices whose config differs (or that exist on one side only), in the order of `a` then `b`. */
export function configDiff(a: ScenarioDoc, b: ScenarioDoc): DeviceDiff[] {
  const names = [...new Set([...Object.keys(a.devices), ...Object.keys(b.devices)])];
  const out: DeviceDiff[] = [];
  for (const device of names) {
    const lines = lineDiff(a.devices[device]?.config ?? [], b.devices[device]?.config ?? []);
    if (lines.some((l) => l.op !== 'same')) out.push({ device, lines });
  }
  return out;
}

/** What makes two events "the same step": where, what, and the sentence that explains it. */
function sameStep(x: TraceEvent, y: TraceEvent): boolean {
  return x.device === y.device && x.kind === y.kind && x.port === y.port && sameReason(x.reason, y.reason);
}

export interface Divergence {
  /** Index of the first event that differs (both traces agree before it). */
  index: number;
  /** The events at that index; undefined when that trace has ended. */
  a?: TraceEvent;
  b?: TraceEvent;
}

/** The first place the two traces part, or undefined when they are the same step for step. */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || !sameStep(x, y)) return { index: i, a: x, b: y };
  }
  return undefined;
}
