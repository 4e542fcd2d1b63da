import type { LessonDoc } from '../engine/scenario/types';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { PAIR_NAMES } from './twins';
import type { LessonPair } from './types';

/*
 * The built-in lessons are scenario files like any other (src/scenarios/*.json, format 2): their
 * lesson is inside. What the app knows beside them is which two form a broken/fixed pair.
 */

const lessons = new Map<string, LessonDoc | undefined>();

/** Each built-in scenario's lesson, by name, read from its file once (every share link made or opened asks). */
export function builtinLesson(name: string): LessonDoc | undefined {
  if (!Object.hasOwn(BUILTIN_SCENARIOS, name)) return undefined;
  if (!lessons.has(name)) lessons.set(name, (JSON.parse(BUILTIN_SCENARIOS[name]!) as { lesson?: LessonDoc }).lesson);
  return lessons.get(name);
}

function pairOf([broken, fixed]: readonly [string, string]): LessonPair {
  const q = builtinLesson(broken)?.questions?.find((x) => x.kind === 'exit');
  if (!q || q.kind !== 'exit') throw new Error(`${broken}: a pair's broken half asks a command to exit`);
  return { broken, fixed, on: q.on, run: q.run };
}

export const PAIRS: readonly LessonPair[] = PAIR_NAMES.map(pairOf);

/** The pair a scenario belongs to, on either side (by the built-in it came from). */
export function pairFor(name: string | undefined): LessonPair | undefined {
  return PAIRS.find((p) => p.broken === name || p.fixed === name);
}

export type { AnswerEdit, DropQuestion, EventPattern, ExitQuestion, Lesson, LessonPair, Question, Step } from './types';
export { locateSteps, matches } from './match';
