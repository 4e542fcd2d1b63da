import { MAX_CONFIG_LINES, MAX_HINTS, MAX_LESSON_STEPS, MAX_LESSON_TEXT, MAX_LINE_LENGTH, MAX_QUESTIONS, MAX_TITLE_LENGTH } from '../engine/scenario/limits';
import type { AnswerEdit, DropQuestion, ExitQuestion, LessonDoc, QuestionDoc, ScenarioDoc, StepDoc } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { locateSteps } from '../lessons/match';
import { patternOf } from '../lessons/pattern';

/*
 * Writing the lesson in the app: pure edits from a document to the next one (never mutating it,
 * so zundo's history keeps the old one; the store applies each as one undo step). Every edit
 * keeps the document one the format reads (lesson.ts in the scenario checks): an edit the format
 * would refuse is refused here, with the field named, and the document stays as it was.
 */

export type LessonResult = { ok: true; doc: ScenarioDoc; index?: number } | { ok: false; problem: string };

const ok = (doc: ScenarioDoc, index?: number): LessonResult => ({ ok: true, doc, ...(index !== undefined ? { index } : {}) });
const no = (problem: string): LessonResult => ({ ok: false, problem });

/** The document with `lesson` (an empty array or text is left out, as the format allows). */
function withLesson(doc: ScenarioDoc, lesson: LessonDoc): ScenarioDoc {
  const next: LessonDoc = { ...lesson };
  if (next.steps?.length === 0) delete next.steps;
  if (next.questions?.length === 0) delete next.questions;
  if (!next.summary) delete next.summary;
  return { ...doc, lesson: next };
}

function textProblem(text: string, what: string, max = MAX_LESSON_TEXT): string | undefined {
  return text.length > max ? `${what} is at most ${max.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.` : undefined;
}

/** A config line or a command: one line, not too long. */
function lineProblem(line: string, what: string): string | undefined {
  if (/[\r\n\0]/.test(line)) return `${what} is one line.`;
  return line.length > MAX_LINE_LENGTH ? `${what} is at most ${MAX_LINE_LENGTH.toLocaleString('en')} characters.` : undefined;
}

function moved<T>(list: readonly T[], i: number, by: -1 | 1): T[] | undefined {
  const to = i + by;
  if (i < 0 || i >= list.length || to < 0 || to >= list.length) return undefined;
  const next = list.slice();
  [next[i], next[to]] = [next[to]!, next[i]!];
  return next;
}

// The lesson as a whole

export function createLesson(doc: ScenarioDoc): ScenarioDoc {
  return doc.lesson ? doc : { ...doc, lesson: {} };
}

export function removeLesson(doc: ScenarioDoc): ScenarioDoc {
  if (!doc.lesson) return doc;
  const next = { ...doc };
  delete next.lesson;
  return next;
}

/** The gallery card's line. */
export function setSummary(doc: ScenarioDoc, summary: string): LessonResult {
  const problem = textProblem(summary, 'The summary', MAX_TITLE_LENGTH * 2) ?? (/[\r\n]/.test(summary) ? 'The summary is one line.' : undefined);
  if (problem) return no(problem);
  if ((doc.lesson?.summary ?? '') === summary.trim()) return ok(doc);
  return ok(withLesson(doc, { ...doc.lesson, summary: summary.trim() }));
}

// Steps

/**
 * Where a step at event `at` of flow `flow` goes among `steps`: after the steps of that flow
 * whose events come before it (located in `events`, that flow's trace), before the others; a
 * flow's first step goes before the steps of later flows. `earlier`: the patterns of that flow's
 * steps before it, which the new step's pattern follows.
 */
export function stepPlace(steps: readonly StepDoc[], flow: number, events: readonly TraceEvent[], at: number): { position: number; earlier: StepDoc['event'][] } | { problem: string } {
  const located = locateSteps(steps, (f) => (f === flow ? events : undefined));
  const same = steps.map((s, i) => i).filter((i) => steps[i]!.flow === flow);
  const already = same.find((i) => located[i] === at);
  if (already !== undefined) return { problem: `Step ${already + 1} is already about this event.` };
  const before = same.filter((i) => located[i]! >= 0 && located[i]! < at);
  let position: number;
  if (before.length) position = before.at(-1)! + 1;
  else if (same.length) position = same[0]!;
  else {
    const later = steps.findIndex((s) => s.flow > flow);
    position = later < 0 ? steps.length : later;
  }
  return { position, earlier: steps.slice(0, position).filter((s) => s.flow === flow).map((s) => s.event) };
}

/** A step for event `at` of flow `flow`'s trace `events`, placed where it belongs (see stepPlace); `index` is where it went. */
export function addStep(doc: ScenarioDoc, flow: number, events: readonly TraceEvent[], at: number, text: string): LessonResult {
  if (!doc.flows[flow]) return no(`There is no flow ${flow + 1}.`);
  if (!events[at]) return no('There is no such event in the trace.');
  const steps = doc.lesson?.steps ?? [];
  if (steps.length >= MAX_LESSON_STEPS) return no(`A lesson has at most ${MAX_LESSON_STEPS.toLocaleString('en')} steps.`);
  const problem = textProblem(text, 'A step');
  if (problem) return no(problem);
  const place = stepPlace(steps, flow, events, at);
  if ('problem' in place) return no(place.problem);
  const event = patternOf(events, at, place.earlier);
  if (!event) return no('This event looks exactly like an earlier one of the same flow: make that one a step first, and this one can follow it.');
  const next = steps.slice();
  next.splice(place.position, 0, { flow, text, event });
  return ok(withLesson(doc, { ...doc.lesson, steps: next }), place.position);
}

function stepAt(doc: ScenarioDoc, i: number): StepDoc | undefined {
  return doc.lesson?.steps?.[i];
}

export function setStepText(doc: ScenarioDoc, i: number, text: string): LessonResult {
  const step = stepAt(doc, i);
  if (!step) return no(`There is no step ${i + 1}.`);
  const problem = textProblem(text, 'A step');
  if (problem) return no(problem);
  if (step.text === text) return ok(doc);
  const steps = doc.lesson!.steps!.slice();
  steps[i] = { ...step, text };
  return ok(withLesson(doc, { ...doc.lesson, steps }));
}

/** Moves step `i` one place; the same document when it cannot move. */
export function moveStep(doc: ScenarioDoc, i: number, by: -1 | 1): ScenarioDoc {
  const steps = moved(doc.lesson?.steps ?? [], i, by);
  return steps ? withLesson(doc, { ...doc.lesson, steps }) : doc;
}

export function deleteStep(doc: ScenarioDoc, i: number): ScenarioDoc {
  if (!stepAt(doc, i)) return doc;
  return withLesson(doc, { ...doc.lesson, steps: doc.lesson!.steps!.filter((_, k) => k !== i) });
}

// Questions

export type QuestionKind = QuestionDoc['kind'];

/** A new exit question: the first flow's command on its device, which must exit 0; else a ping on the first device. */
function newExit(doc: ScenarioDoc, from: Partial<QuestionDoc> = {}): ExitQuestion | undefined {
  const flowIndex = from.flow !== undefined && doc.flows[from.flow] ? from.flow : doc.flows.length ? 0 : undefined;
  const flow = flowIndex === undefined ? undefined : doc.flows[flowIndex];
  const on = flow?.on ?? Object.keys(doc.devices)[0];
  if (!on) return undefined;
  const q: ExitQuestion = { kind: 'exit', text: from.text ?? '', on, run: flow?.run ?? 'ping -c 1 127.0.0.1', exit: 0 };
  if (flowIndex !== undefined) q.flow = flowIndex;
  if (from.hints) q.hints = from.hints;
  if (from.answer?.text) q.answer = { text: from.answer.text };
  return q;
}

/** A new drop question: about the first flow (or the one given), the device left to choose from the first. */
function newDrop(doc: ScenarioDoc, from: Partial<QuestionDoc> = {}): DropQuestion | undefined {
  const flow = from.flow !== undefined && doc.flows[from.flow] ? from.flow : 0;
  const device = (from.kind === 'exit' ? from.on : undefined) ?? Object.keys(doc.devices)[0];
  if (!doc.flows[flow] || !device) return undefined;
  const q: DropQuestion = { kind: 'drop', text: from.text ?? '', flow, device };
  if (from.hints) q.hints = from.hints;
  if (from.answer?.text) q.answer = { text: from.answer.text };
  return q;
}

function withQuestions(doc: ScenarioDoc, questions: QuestionDoc[]): ScenarioDoc {
  return withLesson(doc, { ...doc.lesson, questions });
}

export function addQuestion(doc: ScenarioDoc, kind: QuestionKind): LessonResult {
  const questions = doc.lesson?.questions ?? [];
  if (questions.length >= MAX_QUESTIONS) return no(`A lesson has at most ${MAX_QUESTIONS} questions.`);
  const q = kind === 'exit' ? newExit(doc) : newDrop(doc);
  if (!q) return no(kind === 'exit' ? 'A question runs a command on a device: add a device first.' : 'A “which device drops it?” question is about a flow: save one first.');
  return ok(withQuestions(doc, [...questions, q]), questions.length);
}

function questionAt(doc: ScenarioDoc, i: number): QuestionDoc | undefined {
  return doc.lesson?.questions?.[i];
}

/** Question `i` replaced by `change(q)` (or a problem). */
function editQuestion(doc: ScenarioDoc, i: number, change: (q: QuestionDoc) => QuestionDoc | string): LessonResult {
  const q = questionAt(doc, i);
  if (!q) return no(`There is no question ${i + 1}.`);
  const next = change(q);
  if (typeof next === 'string') return no(next);
  if (next === q) return ok(doc);
  const questions = doc.lesson!.questions!.slice();
  questions[i] = next;
  return ok(withQuestions(doc, questions));
}

/** Another kind of question: its text, hints and answer text stay; the rest starts from the flow it was about. */
export function setQuestionKind(doc: ScenarioDoc, i: number, kind: QuestionKind): LessonResult {
  return editQuestion(doc, i, (q) => {
    if (q.kind === kind) return q;
    return (kind === 'exit' ? newExit(doc, q) : newDrop(doc, q)) ?? (kind === 'exit' ? 'A question runs a command on a device: add a device first.' : 'A “which device drops it?” question is about a flow: save one first.');
  });
}

export function setQuestionText(doc: ScenarioDoc, i: number, text: string): LessonResult {
  return editQuestion(doc, i, (q) => textProblem(text, 'A question') ?? (q.text === text ? q : { ...q, text }));
}

/** An exit question's command, device, status or flow; choosing a flow takes its device and command. */
export function setExitCheck(doc: ScenarioDoc, i: number, change: { on?: string; run?: string; exit?: number; flow?: number | null }): LessonResult {
  return editQuestion(doc, i, (q) => {
    if (q.kind !== 'exit') return `Question ${i + 1} is not about a command’s exit status.`;
    const next: ExitQuestion = { ...q };
    if (change.flow === null) delete next.flow;
    else if (change.flow !== undefined) {
      const flow = doc.flows[change.flow];
      if (!flow) return `There is no flow ${change.flow + 1}.`;
      Object.assign(next, { flow: change.flow, on: flow.on, run: flow.run });
    }
    if (change.on !== undefined) {
      if (!Object.hasOwn(doc.devices, change.on)) return `There is no device ${JSON.stringify(change.on)}.`;
      next.on = change.on;
    }
    if (change.run !== undefined) {
      const run = change.run.trim();
      if (!run) return 'The command is empty.';
      const problem = lineProblem(run, 'A command');
      if (problem) return problem;
      next.run = run;
    }
    if (change.exit !== undefined) {
      if (!Number.isInteger(change.exit) || change.exit < 0 || change.exit > 255) return `An exit status is a whole number from 0 to 255, not ${String(change.exit)}.`;
      next.exit = change.exit;
    }
    // A flow whose command is no longer the question's is not its flow any more.
    if (next.flow !== undefined && change.flow === undefined && (doc.flows[next.flow]?.on !== next.on || doc.flows[next.flow]?.run !== next.run)) delete next.flow;
    return next;
  });
}

/** A drop question's flow, or the device that drops it. */
export function setDropCheck(doc: ScenarioDoc, i: number, change: { flow?: number; device?: string }): LessonResult {
  return editQuestion(doc, i, (q) => {
    if (q.kind !== 'drop') return `Question ${i + 1} is not a “which device drops it?” question.`;
    if (change.flow !== undefined && !doc.flows[change.flow]) return `There is no flow ${change.flow + 1}.`;
    if (change.device !== undefined && !Object.hasOwn(doc.devices, change.device)) return `There is no device ${JSON.stringify(change.device)}.`;
    return { ...q, ...(change.flow !== undefined ? { flow: change.flow } : {}), ...(change.device !== undefined ? { device: change.device } : {}) };
  });
}

export function moveQuestion(doc: ScenarioDoc, i: number, by: -1 | 1): ScenarioDoc {
  const questions = moved(doc.lesson?.questions ?? [], i, by);
  return questions ? withQuestions(doc, questions) : doc;
}

export function deleteQuestion(doc: ScenarioDoc, i: number): ScenarioDoc {
  if (!questionAt(doc, i)) return doc;
  return withQuestions(doc, doc.lesson!.questions!.filter((_, k) => k !== i));
}

// Hints

function withHints(q: QuestionDoc, hints: string[]): QuestionDoc {
  const next: QuestionDoc = { ...q, hints };
  if (hints.length === 0) delete next.hints;
  return next;
}

export function addHint(doc: ScenarioDoc, i: number, text = ''): LessonResult {
  return editQuestion(doc, i, (q) => {
    const hints = q.hints ?? [];
    if (hints.length >= MAX_HINTS) return `A question has at most ${MAX_HINTS} hints.`;
    return textProblem(text, 'A hint') ?? withHints(q, [...hints, text]);
  });
}

export function setHint(doc: ScenarioDoc, i: number, h: number, text: string): LessonResult {
  return editQuestion(doc, i, (q) => {
    const hints = q.hints ?? [];
    if (h < 0 || h >= hints.length) return `There is no hint ${h + 1}.`;
    if (hints[h] === text) return q;
    return textProblem(text, 'A hint') ?? withHints(q, hints.map((x, k) => (k === h ? text : x)));
  });
}

export function moveHint(doc: ScenarioDoc, i: number, h: number, by: -1 | 1): LessonResult {
  return editQuestion(doc, i, (q) => {
    const hints = moved(q.hints ?? [], h, by);
    return hints ? withHints(q, hints) : q;
  });
}

export function deleteHint(doc: ScenarioDoc, i: number, h: number): LessonResult {
  return editQuestion(doc, i, (q) => (q.hints?.[h] === undefined ? q : withHints(q, q.hints.filter((_, k) => k !== h))));
}

// The worked answer

/** `answer` as the format writes it: no empty text, no empty list, no empty object. */
function withAnswer<Q extends QuestionDoc>(q: Q, answer: { text?: string; edits?: AnswerEdit[] }): Q {
  const a = { ...answer };
  if (!a.text) delete a.text;
  if (a.edits?.length === 0) delete a.edits;
  const next = { ...q, answer: a };
  if (Object.keys(a).length === 0) delete (next as QuestionDoc).answer;
  return next;
}

export function setAnswerText(doc: ScenarioDoc, i: number, text: string): LessonResult {
  return editQuestion(doc, i, (q) => textProblem(text, 'An answer') ?? ((q.answer?.text ?? '') === text ? q : withAnswer(q, { ...q.answer, text })));
}

/** Config lines the answer adds: a new, empty set on the question's device. */
export function addAnswerEdit(doc: ScenarioDoc, i: number): LessonResult {
  return editQuestion(doc, i, (q) => {
    if (q.kind !== 'exit') return 'Only a question about a command’s exit status has answer lines.';
    const edits = q.answer?.edits ?? [];
    if (edits.length >= MAX_QUESTIONS) return `An answer changes at most ${MAX_QUESTIONS} configs.`;
    return withAnswer(q, { ...q.answer, edits: [...edits, { device: q.on, lines: [] }] });
  });
}

/** One set of answer lines: its device, its lines (one config line each; blank ones left out), the line it goes above ("" for the end). */
export function setAnswerEdit(doc: ScenarioDoc, i: number, e: number, change: { device?: string; lines?: readonly string[]; before?: string }): LessonResult {
  return editQuestion(doc, i, (q) => {
    if (q.kind !== 'exit' || !q.answer?.edits?.[e]) return `Question ${i + 1} has no answer lines ${e + 1}.`;
    const edit: AnswerEdit = { ...q.answer.edits[e] };
    if (change.device !== undefined) {
      if (!Object.hasOwn(doc.devices, change.device)) return `There is no device ${JSON.stringify(change.device)}.`;
      edit.device = change.device;
    }
    if (change.lines !== undefined) {
      const lines = change.lines.map((l) => l.trimEnd()).filter((l) => l.trim());
      if (lines.length > MAX_CONFIG_LINES) return `A config has at most ${MAX_CONFIG_LINES.toLocaleString('en')} lines.`;
      for (const l of lines) {
        const problem = lineProblem(l, 'A config line');
        if (problem) return problem;
      }
      edit.lines = lines;
    }
    if (change.before !== undefined) {
      const problem = lineProblem(change.before, 'The line to insert above');
      if (problem) return problem;
      if (change.before) edit.before = change.before;
      else delete edit.before;
    }
    return withAnswer(q, { ...q.answer, edits: q.answer.edits.map((x, k) => (k === e ? edit : x)) });
  });
}

export function deleteAnswerEdit(doc: ScenarioDoc, i: number, e: number): LessonResult {
  return editQuestion(doc, i, (q) => (q.kind !== 'exit' || !q.answer?.edits?.[e] ? q : withAnswer(q, { ...q.answer, edits: q.answer.edits.filter((_, k) => k !== e) })));
}

// References that follow other edits (flows reordered or deleted, devices removed)

/** What a change of the flows took out of the lesson. */
export interface LessonLoss {
  steps: number;
  questions: number;
}

/**
 * The lesson after the flows changed: `map` says where each old flow index went (undefined: it
 * is gone). A gone flow's steps go with it; an exit question keeps its own command but is no
 * longer tied to the flow; a drop question about it goes (it has nothing left to ask about).
 */
export function lessonAfterFlows(doc: ScenarioDoc, map: (flow: number) => number | undefined): { doc: ScenarioDoc; lost: LessonLoss } {
  const lesson = doc.lesson;
  const lost = { steps: 0, questions: 0 };
  if (!lesson) return { doc, lost };
  const steps = lesson.steps?.flatMap((s) => {
    const flow = map(s.flow);
    if (flow === undefined) {
      lost.steps++;
      return [];
    }
    return [flow === s.flow ? s : { ...s, flow }];
  });
  const questions = lesson.questions?.flatMap((q): QuestionDoc[] => {
    if (q.flow === undefined) return [q];
    const flow = map(q.flow);
    if (flow === q.flow) return [q];
    if (flow !== undefined) return [{ ...q, flow }];
    if (q.kind === 'drop') {
      lost.questions++;
      return [];
    }
    const rest = { ...q };
    delete rest.flow;
    return [rest];
  });
  const same = (a: unknown[] | undefined, b: unknown[] | undefined) => a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));
  if (same(steps, lesson.steps) && same(questions, lesson.questions)) return { doc, lost };
  return { doc: { ...doc, lesson: { ...lesson, ...(steps ? { steps } : {}), ...(questions ? { questions } : {}) } }, lost };
}

/** What deleting flow `index` would take out of the lesson (for the notice that says so). */
export function lessonLossOfFlow(doc: ScenarioDoc, index: number): LessonLoss {
  return lessonAfterFlows(doc, (f) => (f === index ? undefined : f)).lost;
}

/** The lesson without the steps whose events happen on removed devices (or namespaces inside them). */
export function lessonWithoutDevices(doc: ScenarioDoc, ids: readonly string[]): ScenarioDoc {
  const steps = doc.lesson?.steps;
  if (!steps) return doc;
  const kept = steps.filter((s) => !ids.includes(s.event.device.split('/')[0]!));
  return kept.length === steps.length ? doc : { ...doc, lesson: { ...doc.lesson, steps: kept } };
}

/** How a lesson loss reads in a notice: "2 lesson steps and 1 question", or "" for none. */
export function lossText(lost: LessonLoss): string {
  const parts: string[] = [];
  if (lost.steps) parts.push(`${lost.steps} lesson step${lost.steps > 1 ? 's' : ''}`);
  if (lost.questions) parts.push(`${lost.questions} question${lost.questions > 1 ? 's' : ''}`);
  return parts.join(' and ');
}
