import { pathToString, type Issue, type ScenarioError, type ScenarioResult } from './errors';
import { LineIndex, locate, parseJson, type PlacedIssue } from './json';
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
  const parsed = parseJson(text);
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
