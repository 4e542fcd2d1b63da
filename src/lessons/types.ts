import type { TraceEvent } from '../engine/trace/types';

/*
 * What a lesson adds to a built-in scenario: a title and one line for the gallery, numbered
 * steps that point at events of a flow's trace, a question answered by running a command, and
 * for a broken scenario the twin that fixes it. Pure data and predicates: no DOM, no React, so
 * the same definitions run in the unit tests against the engine and in the page.
 */

/** Matches one trace event. Only plain fields (device, port, kind, the reason code and its facts) are used,
 * so a predicate works on events that crossed the worker boundary (structured clone). */
export type EventPredicate = (e: TraceEvent) => boolean;

export interface LessonStep {
  /** Index of the scenario's flow whose trace holds the event. */
  flow: number;
  /** The sentence shown after the step number. */
  text: string;
  /** The first matching event after the previous step's event (same flow) is the one. */
  find: EventPredicate;
}

/** Config lines a learner could add to answer a question, per device. */
export interface SolutionEdit {
  device: string;
  lines: string[];
  /** Insert before the first line that starts with this text; append when absent. */
  before?: string;
}

export interface LessonQuestion {
  /** The task, e.g. "make pc2 reach 50.60.70.80:8080". */
  text: string;
  /** The command that must exit 0, and where it runs. */
  on: string;
  run: string;
  /** The flow of the scenario that runs the same command, when there is one. */
  flow?: number;
  /** A hint shown on demand. */
  hint: string;
  /** One way to answer it; the tests check that it passes. Absent: the fixed twin is the answer. */
  solution?: SolutionEdit[];
}

export interface Lesson {
  /** The built-in scenario's name (file name without .json). */
  name: string;
  title: string;
  /** One line for the gallery card. */
  summary: string;
  /** 'broken' or 'fixed' for the two halves of a pair; shown on the card and the picture. */
  state?: 'broken' | 'fixed';
  steps: LessonStep[];
  question?: LessonQuestion;
}

/** A broken scenario and the one that fixes it, compared by running the same command. */
export interface LessonPair {
  broken: string;
  fixed: string;
  /** The command both runs execute (the broken lesson's question). */
  on: string;
  run: string;
}
