import type { Scenario } from './types';

/** One step of a JSON path: an object key or an array index. */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/**
 * A problem in a scenario. `path` names the JSON value ("devices.pc1.ports.eth0",
 * "links[2][1]", "flows[0].on"; "" for the document itself). Paths and positions always refer
 * to the document as written, even when it was migrated from an older format.
 */
export interface ScenarioError {
  file?: string;
  path: string;
  /** 1-based line, or 0 when unknown (validateScenario on an object has no text). */
  line: number;
  /** 1-based column in UTF-16 code units (as editors count), or 0 when unknown. */
  column: number;
  /** 0-based offset and length of the offending text, for editors to underline; absent when unknown. */
  offset?: number;
  length?: number;
  message: string;
}

/** Same shape as an error; a warning does not stop the scenario from loading. */
export type ScenarioWarning = ScenarioError;

export type ScenarioResult =
  | { ok: true; scenario: Scenario; warnings: ScenarioWarning[] }
  | { ok: false; errors: ScenarioError[]; warnings: ScenarioWarning[] };

/**
 * What a check points at, resolved to a position only when there is text: the value itself,
 * the key naming it (unknown keys, bad names), or the object that lacks it (missing keys).
 */
export type Target = 'value' | 'key' | 'parent';

/** A problem found by validation or migration, before it has a position. */
export interface Issue {
  path: JsonPath;
  message: string;
  target: Target;
}

/** Collects issues; validation never stops at the first one. */
export class IssueList {
  readonly items: Issue[] = [];
  add(path: JsonPath, message: string, target: Target = 'value'): void {
    this.items.push({ path, message, target });
  }
  get count(): number {
    return this.items.length;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** "devices.pc1.ports.eth0", "links[2][1]"; keys that are not identifiers are quoted: `devices["pc 1"]`. */
export function pathToString(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `file:line:column: path: message`, leaving out whatever is unknown or empty. */
export function format(e: ScenarioError): string {
  let where = e.file ?? '';
  if (e.line > 0) where += `${where ? ':' : ''}${e.line}:${e.column}`;
  return [where, e.path, e.message].filter((part) => part !== '').join(': ');
}

/** One formatted error per line. */
export function formatAll(errors: readonly ScenarioError[]): string {
  return errors.map(format).join('\n');
}
