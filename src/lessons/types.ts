/*
 * A lesson is part of its scenario (format 2's `lesson`): the types are the document's. What is
 * left here is what only the built-in lessons have: the broken/fixed pairs.
 */
export type { AnswerEdit, DropQuestion, EventPattern, ExitQuestion, LessonDoc as Lesson, QuestionDoc as Question, StepDoc as Step } from '../engine/scenario/types';

/** A broken built-in scenario and the one that fixes it, compared by running the same command. */
export interface LessonPair {
  broken: string;
  fixed: string;
  /** The command both runs execute (the broken lesson's question). */
  on: string;
  run: string;
}
