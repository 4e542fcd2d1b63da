import { parseConfigScript } from '../../engine/command/iptables-restore';
import type { ConfigIssue } from '../../engine/sim/run';

/*
 * The config's problems, placed in the text: parse errors come from the parser on every edit
 * (instant, on the main thread); refusals ("Error: Nexthop has invalid gateway.") come from
 * booting the scenario in the worker, debounced, and stay only on lines that still read as
 * they did when the engine saw them. Pure: ConfigEditor turns these into lint diagnostics.
 */

export interface LineProblem {
  /** 1-based line and column, as the engine reports them. */
  line: number;
  column: number;
  message: string;
  kind: 'parse' | 'refused';
}

export interface Problem extends LineProblem {
  /** 0-based offsets into the whole text (lines joined with "\n"), `to` exclusive. */
  from: number;
  to: number;
}

/** Parse errors of a device's config lines (here-documents for iptables-restore included). */
export function parseProblems(lines: readonly string[]): LineProblem[] {
  const out: LineProblem[] = [];
  for (const parsed of parseConfigScript(lines)) {
    if (!parsed.ok) out.push({ line: parsed.error.line, column: parsed.error.column, message: parsed.error.message, kind: 'parse' });
  }
  return out;
}

/**
 * The engine's issues for `device` (refusals, and parse errors as the simulator met them when it
 * booted), computed when the config read `checked`, kept only where the line still reads the
 * same in `current`: an issue of an edited line is out of date. Where the engine and
 * parseProblems agree, placeProblems keeps one copy.
 */
export function engineProblems(issues: readonly ConfigIssue[], device: string, checked: readonly string[], current: readonly string[]): LineProblem[] {
  return issues
    .filter((i) => i.device === device)
    .filter((i) => i.line >= 1 && i.line <= current.length && checked[i.line - 1] === current[i.line - 1])
    .map((i) => ({ line: i.line, column: i.column, message: i.message, kind: i.kind }));
}

/** Start offset of each line in the joined text. */
function lineStarts(lines: readonly string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  return starts;
}

/**
 * Where to underline: a parse error marks the word at its column (or the line's last character
 * when the column is past the end, as for "missing argument"); a refusal marks the command
 * from its column to the end of the line.
 */
export function problemRange(line: string, column: number, kind: LineProblem['kind']): { from: number; to: number } {
  const len = line.length;
  if (len === 0) return { from: 0, to: 0 };
  let from = Math.max(0, Math.min(column - 1, len - 1));
  if (column - 1 >= len) {
    // Past the end: underline the last word.
    while (from > 0 && /\s/.test(line[from]!)) from--;
    let start = from;
    while (start > 0 && !/\s/.test(line[start - 1]!)) start--;
    return { from: start, to: from + 1 };
  }
  if (kind === 'refused') {
    const rest = line.slice(from);
    const end = /&&|\|\||;|\s&\s*$/.exec(rest);
    return { from, to: end ? from + end.index : len };
  }
  let to = from;
  while (to < len && !/[\s;&|]/.test(line[to]!)) to++;
  return { from, to: Math.max(to, from + 1) };
}

/** Line problems → placed problems, in text order, without duplicates. */
export function placeProblems(lines: readonly string[], problems: readonly LineProblem[]): Problem[] {
  const starts = lineStarts(lines);
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const text = lines[p.line - 1];
    if (text === undefined) continue;
    const key = `${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = problemRange(text, p.column, p.kind);
    out.push({ ...p, from: starts[p.line - 1]! + r.from, to: starts[p.line - 1]! + r.to });
  }
  return out.sort((a, b) => a.from - b.from || a.line - b.line);
}

/**
 * The editor's text as config lines: trailing blank lines are not part of the script. Takes the
 * string or the editor's own lines (CodeMirror's Text, whose toJSON is its lines: no join and
 * split of a 100,000-line config at every keystroke).
 */
export function textToLines(text: string | { toJSON(): string[] }): string[] {
  const lines = (typeof text === 'string' ? text.split('\n') : text.toJSON()).map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

export function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}
