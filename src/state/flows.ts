import { MAX_ABOUT_LENGTH, MAX_FLOWS, MAX_LINE_LENGTH, MAX_TITLE_LENGTH } from '../engine/scenario/limits';
import type { FlowDoc, ScenarioDoc } from '../engine/scenario/types';
import { titleProblem } from '../persist/commands';
import { lessonAfterFlows } from './lesson';

/*
 * Authoring the document's flows, its title and its about text: pure functions from a document
 * to the next one (never mutating it, so zundo's history keeps the old one), and the checks the
 * scenario format makes on each field (src/engine/scenario/flows.ts), said of the form's fields
 * so the author sees them before saving instead of the document failing to load later.
 */

/** A flow as the form holds it: the expected exit status as typed ("" for none). */
export interface FlowDraft {
  title: string;
  on: string;
  run: string;
  exit: string;
}

export type FlowField = keyof FlowDraft;
export type FlowProblems = Partial<Record<FlowField, string>>;

export function draftOf(flow: FlowDoc): FlowDraft {
  return { title: flow.title ?? '', on: flow.on, run: flow.run, exit: flow.expect?.exit === undefined ? '' : String(flow.expect.exit) };
}

/** What the format would refuse in `draft`, field by field ({} when it can be saved). */
export function flowProblems(doc: ScenarioDoc, draft: FlowDraft): FlowProblems {
  const problems: FlowProblems = {};
  if (draft.title.length > MAX_TITLE_LENGTH) problems.title = `A flow's title is at most ${MAX_TITLE_LENGTH} characters; this one has ${draft.title.length}.`;
  else if (/[\r\n\0]/.test(draft.title)) problems.title = 'A title is one line.';
  if (!Object.hasOwn(doc.devices, draft.on)) problems.on = draft.on ? `There is no device ${JSON.stringify(draft.on)}.` : 'Choose the device the command runs on.';
  if (!draft.run.trim()) problems.run = 'The command is empty.';
  else if (draft.run.length > MAX_LINE_LENGTH) problems.run = `A flow command is at most ${MAX_LINE_LENGTH} characters; this one has ${draft.run.length}.`;
  else if (/[\r\n\0]/.test(draft.run)) problems.run = 'A command is one line.';
  const exit = draft.exit.trim();
  // The format's rule: what a process can return to its shell (exit & 0xff).
  if (exit && !/^\d{1,3}$/.test(exit)) problems.exit = `An exit status is a whole number from 0 to 255, not ${JSON.stringify(exit)}.`;
  else if (exit && Number(exit) > 255) problems.exit = `An exit status is a whole number from 0 to 255, not ${exit}.`;
  return problems;
}

/** The flow `draft` describes, as the format writes it (no empty title, no empty expect). */
export function flowOf(draft: FlowDraft): FlowDoc {
  const flow: FlowDoc = { on: draft.on, run: draft.run.trim() };
  if (draft.title.trim()) flow.title = draft.title.trim();
  if (draft.exit.trim()) flow.expect = { exit: Number(draft.exit.trim()) };
  return flow;
}

export type FlowEdit = { ok: true; doc: ScenarioDoc; index: number } | { ok: false; problems: FlowProblems; message: string };

function refused(problems: FlowProblems): FlowEdit {
  return { ok: false, problems, message: Object.values(problems).join(' ') };
}

/** Adds `draft` at the end of the flows; `index` is where it went. */
export function addFlow(doc: ScenarioDoc, draft: FlowDraft): FlowEdit {
  const problems = flowProblems(doc, draft);
  if (Object.keys(problems).length) return refused(problems);
  if (doc.flows.length >= MAX_FLOWS) return { ok: false, problems: {}, message: `A scenario has at most ${MAX_FLOWS} flows.` };
  return { ok: true, doc: { ...doc, flows: [...doc.flows, flowOf(draft)] }, index: doc.flows.length };
}

/** Replaces flow `index` with `draft`. */
export function editFlow(doc: ScenarioDoc, index: number, draft: FlowDraft): FlowEdit {
  if (!doc.flows[index]) return { ok: false, problems: {}, message: `There is no flow ${index + 1}.` };
  const problems = flowProblems(doc, draft);
  if (Object.keys(problems).length) return refused(problems);
  const flows = doc.flows.slice();
  flows[index] = flowOf(draft);
  return { ok: true, doc: { ...doc, flows }, index };
}

/**
 * Moves flow `index` one place up (-1) or down (+1); the same document when it cannot move. The
 * lesson's steps and questions name flows by index: they follow their flow.
 */
export function moveFlow(doc: ScenarioDoc, index: number, by: -1 | 1): ScenarioDoc {
  const to = index + by;
  if (!doc.flows[index] || to < 0 || to >= doc.flows.length) return doc;
  const flows = doc.flows.slice();
  [flows[index], flows[to]] = [flows[to]!, flows[index]!];
  return lessonAfterFlows({ ...doc, flows }, (f) => (f === index ? to : f === to ? index : f)).doc;
}

/**
 * Deletes flow `index`; the lesson's steps on its trace and its "which device drops it?" questions
 * go with it, an exit question keeps its command (lessonAfterFlows), later flows' references follow.
 */
export function deleteFlow(doc: ScenarioDoc, index: number): ScenarioDoc {
  if (!doc.flows[index]) return doc;
  return lessonAfterFlows({ ...doc, flows: doc.flows.filter((_, i) => i !== index) }, (f) => (f === index ? undefined : f > index ? f - 1 : f)).doc;
}

/** Where the selected flow `selected` is after flow `index` moved by `by`. */
export function selectionAfterMove(selected: number, index: number, by: -1 | 1, count: number): number {
  const to = index + by;
  if (to < 0 || to >= count) return selected;
  if (selected === index) return to;
  if (selected === to) return index;
  return selected;
}

/** Where the selected flow is after flow `index` was deleted (the one after it, when it was the one). */
export function selectionAfterDelete(selected: number, index: number, countAfter: number): number {
  const next = selected > index ? selected - 1 : selected;
  return Math.max(0, Math.min(next, countAfter - 1));
}

export interface TextProblems {
  title?: string;
  about?: string;
}

/** The scenario's title (required, one line, the format's length) and its about text (the format's length). */
export function textProblems(title: string, about: string): TextProblems {
  const problems: TextProblems = {};
  const t = titleProblem(title);
  if (t) problems.title = t;
  if (about.length > MAX_ABOUT_LENGTH) problems.about = `The about text is at most ${MAX_ABOUT_LENGTH.toLocaleString('en')} characters; this one has ${about.length.toLocaleString('en')}.`;
  return problems;
}

/** The document with a new title and about text; an empty about is left out, as the format allows. */
export function setText(doc: ScenarioDoc, title: string, about: string): ScenarioDoc {
  if (doc.title === title && (doc.about ?? '') === about) return doc;
  const next: ScenarioDoc = { ...doc, title };
  if (about) next.about = about;
  else delete next.about;
  return next;
}
