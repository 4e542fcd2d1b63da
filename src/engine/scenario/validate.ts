import { checkKeys, checkString } from './checks';
import { checkDevices } from './devices';
import { IssueList, pathToString, type Issue, type ScenarioError, type ScenarioResult } from './errors';
import { checkFlows } from './flows';
import { MAX_ABOUT_LENGTH, MAX_ERRORS, MAX_TITLE_LENGTH } from './limits';
import { checkLesson } from './lesson';
import { checkLinks } from './links';
import { migrate, type JsonObject } from './migrate';
import type { Scenario, ScenarioDoc } from './types';

export const TOP_LEVEL_KEYS = ['hairpin', 'title', 'about', 'devices', 'links', 'flows', 'lesson'] as const;
const REQUIRED_KEYS = ['hairpin', 'title', 'devices'] as const;

/** Everything found in a document: issues and notes in the paths of the document as written. */
export interface Analysis {
  issues: Issue[];
  warnings: Issue[];
  /** Present exactly when there are no issues. */
  scenario?: Scenario;
}

/** Migrates, validates and applies defaults. Never throws on any JSON value. */
export function analyze(input: unknown): Analysis {
  const migrated = migrate(input);
  if (!migrated.doc) return { issues: migrated.issues, warnings: migrated.notes };
  const issues = new IssueList();
  const lessonWarnings = new IssueList();
  const scenario = checkCurrent(migrated.doc, issues, lessonWarnings);
  const home = (issue: Issue): Issue => ({ ...issue, path: migrated.pathBack(issue.path) });
  const all = [...migrated.issues, ...issues.items.map(home)];
  const warnings = [...migrated.notes, ...lessonWarnings.items.map(home)];
  return all.length ? { issues: all, warnings } : { issues: [], warnings, scenario };
}

/** Validates a document in the current format; the scenario comes back only when it added no issue. */
function checkCurrent(doc: JsonObject, issues: IssueList, warnings: IssueList): Scenario | undefined {
  checkKeys(doc, [], TOP_LEVEL_KEYS, REQUIRED_KEYS, issues);
  if (doc.title !== undefined) checkString(doc.title, ['title'], MAX_TITLE_LENGTH, issues);
  if (doc.about !== undefined) checkString(doc.about, ['about'], MAX_ABOUT_LENGTH, issues);
  const table = checkDevices(doc.devices, issues);
  const links = checkLinks(doc.links, table, issues);
  const flows = checkFlows(doc.flows, table, issues);
  checkLesson(doc.lesson, table, doc.flows, issues, warnings);
  if (issues.count) return undefined;
  return {
    title: typeof doc.title === 'string' ? doc.title : '',
    about: typeof doc.about === 'string' ? doc.about : '',
    devices: table.devices,
    links,
    flows,
    doc: normalizedDoc(doc),
  };
}

/**
 * The migrated document with `links` and `flows` filled in. A new root object, but nested values
 * are shared with the input (no deep copy of a large file): treat both as immutable.
 */
function normalizedDoc(doc: JsonObject): ScenarioDoc {
  const valid = doc as unknown as ScenarioDoc;
  return { ...valid, links: valid.links ?? [], flows: valid.flows ?? [] };
}

/**
 * Validates an already-parsed document (from the store, a URL, a test). There is no text, so
 * every error and warning has line and column 0 and no offset.
 */
export function validateScenario(doc: unknown): ScenarioResult {
  const analysis = analyze(doc);
  const toError = (issue: Issue): ScenarioError => ({ path: pathToString(issue.path), line: 0, column: 0, message: issue.message });
  const warnings = analysis.warnings.map(toError);
  if (analysis.scenario) return { ok: true, scenario: analysis.scenario, warnings };
  return { ok: false, errors: capErrors(analysis.issues.map(toError)), warnings };
}

/** At most MAX_ERRORS, then one line counting the rest: a broken file should not print forever. */
export function capErrors(errors: ScenarioError[], file?: string): ScenarioError[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const more = errors.length - MAX_ERRORS;
  const summary: ScenarioError = { path: '', line: 0, column: 0, message: `${more} more error${more === 1 ? '' : 's'} not shown` };
  if (file !== undefined) summary.file = file;
  return [...errors.slice(0, MAX_ERRORS), summary];
}
