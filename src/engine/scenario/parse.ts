import { pathToString, type Issue, type ScenarioError, type ScenarioResult } from './errors';
import { isObject } from './checks';
import { LineIndex, locate, parseJson, type EarlyCheck, type PlacedIssue } from './json';
import { MAX_DEVICES, MAX_FLOWS, MAX_LINKS } from './limits';
import { analyze, capErrors } from './validate';

export type { ScenarioResult as ParseResult } from './errors';
/** For a document that is already an object; errors then have line and column 0. */
export { validateScenario } from './validate';

/**
 * Parses and validates scenario text. Every error has the JSON path of the offending value,
 * its 1-based line and column, and `file` when given. Never throws on any string.
 */
export function parseScenario(text: string, file?: string): ScenarioResult {
  if (typeof text !== 'string') {
    // Guards JavaScript callers; a string is the only thing that can be parsed.
    return { ok: false, errors: [withFile({ path: '', line: 0, column: 0, message: 'expected the text of a scenario' }, file)], warnings: [] };
  }
  const parsed = parseJson(text, countsWithinLimits);
  let lines: LineIndex | undefined; // only errors and warnings need it
  const place = (issue: PlacedIssue): ScenarioError => {
    const { line, column } = (lines ??= new LineIndex(text)).position(issue.offset);
    return withFile({ path: pathToString(issue.path), line, column, offset: issue.offset, length: issue.length, message: issue.message }, file);
  };
  if (!parsed.ok) return { ok: false, errors: [place(parsed.error)], warnings: [] };

  const { root, value, duplicates } = parsed.json;
  const analysis = analyze(value);
  const placeIssue = (issue: Issue): ScenarioError => place({ ...issue, ...locate(root, issue.path, issue.target) });
  const warnings = analysis.warnings.map(placeIssue);
  const errors = [...duplicates.map(place), ...analysis.issues.map(placeIssue)];
  if (analysis.scenario && errors.length === 0) return { ok: true, scenario: analysis.scenario, warnings };
  // Stable sort: document order, and discovery order at one spot.
  errors.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  return { ok: false, errors: capErrors(errors, file), warnings };
}

function withFile(error: ScenarioError, file: string | undefined): ScenarioError {
  return file === undefined ? error : { file, ...error };
}

/**
 * The validator's count limits, checked on the plain value so that a document of 50,000
 * devices is refused in a few hundred milliseconds, before positions are worked out for all of it.
 * Same messages and places as the validator's own checks.
 */
const countsWithinLimits: EarlyCheck = (value, valueSpan) => {
  if (!isObject(value)) return undefined;
  const limits: [key: string, what: string, max: number][] = [['devices', 'devices', MAX_DEVICES], ['nodes', 'devices', MAX_DEVICES], ['links', 'links', MAX_LINKS], ['flows', 'flows', MAX_FLOWS]];
  for (const [key, what, max] of limits) {
    const v = value[key];
    const count = Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : 0;
    if (count > max) return { path: [key], ...valueSpan(key), message: `has ${count} ${what}; the limit is ${max}` };
  }
  return undefined;
};
