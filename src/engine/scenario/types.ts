import type { Mac } from '../addr/mac';

export type DeviceKind = 'host' | 'router' | 'switch' | 'cloud';

/** A scenario as written in the current format (the document). */
export interface ScenarioDoc {
  hairpin: 2;
  title: string;
  about?: string;
  devices: Record<string, DeviceDoc>;
  links: [string, string][];
  flows: FlowDoc[];
  /** Since format 2: the lesson told over this scenario (steps, questions). */
  lesson?: LessonDoc;
}

/**
 * A lesson, inside the scenario it teaches: numbered steps that point at events of the flows'
 * traces, and questions the learner answers in the playground. Data only (no code), so a link
 * or a file carries it whole.
 */
export interface LessonDoc {
  /** One line for the gallery card. */
  summary?: string;
  /** The half of a broken/fixed pair this scenario is, shown on its card. */
  state?: 'broken' | 'fixed';
  steps?: StepDoc[];
  questions?: QuestionDoc[];
}

export interface StepDoc {
  /** The flow whose trace holds the event (an index into `flows`). */
  flow: number;
  /** Markdown, one sentence or a few. */
  text: string;
  /** The first event after the previous step's (same flow) that fits this pattern. */
  event: EventPattern;
}

/**
 * Fits a trace event by plain fields: where it happened, its kind, and some of its reason's facts
 * (`{"code": "nat", "manip": "dst"}`; addresses written as "192.168.1.2"), or the L4 header of
 * the frame it carries.
 */
export interface EventPattern {
  device: string;
  port?: string;
  kind: string;
  reason?: { code: string; [fact: string]: unknown };
  l4?: { proto: 'udp' | 'tcp' | 'icmp'; sport?: number; dport?: number };
}

export type QuestionDoc = ExitQuestion | DropQuestion;

interface QuestionBase {
  /** Markdown: the task. */
  text: string;
  /** Shown one at a time, on demand. */
  hints?: string[];
}

/** "Make this command exit N": checked by running it on the learner's document. */
export interface ExitQuestion extends QuestionBase {
  kind: 'exit';
  on: string;
  run: string;
  /** The status it must exit with; 0 when absent. */
  exit?: number;
  /** The flow that runs the same command, when there is one (its trace shows the failure). */
  flow?: number;
  answer?: { text?: string; edits?: AnswerEdit[] };
}

/** "Which device drops it?": answered by clicking a device, or an event of the flow's trace. */
export interface DropQuestion extends QuestionBase {
  kind: 'drop';
  flow: number;
  /** The device that drops it. */
  device: string;
  answer?: { text?: string };
}

/** Config lines one answer adds to a device. */
export interface AnswerEdit {
  device: string;
  lines: string[];
  /** Inserted before the first line that starts with this text; at the end when absent or not found. */
  before?: string;
}

export interface DeviceDoc {
  kind: DeviceKind;
  at?: [number, number];
  /** Interface name -> MAC, or null for the default MAC. */
  ports: Record<string, Mac | null>;
  config?: string[];
}

export interface FlowDoc {
  on: string;
  run: string;
  title?: string;
  expect?: { exit?: number };
}

/** A validated scenario with defaults applied: every port has its MAC, links are resolved. */
export interface Scenario {
  title: string;
  /** "" when the document gives none. */
  about: string;
  devices: Device[];
  links: Link[];
  flows: Flow[];
  /**
   * The document it came from, migrated to the current format, with `links` and `flows` filled
   * in as [] when absent. Nested values are shared with the parsed input: treat as immutable.
   */
  doc: ScenarioDoc;
}

export interface Device {
  id: string;
  /** 1-based position in document order (used for default MACs). */
  index: number;
  kind: DeviceKind;
  at?: [number, number];
  ports: Port[];
  config: string[];
}

export interface Port {
  name: string;
  /** Lowercase; the default MAC when the document gives null. */
  mac: Mac;
  /** The far end, when linked. */
  peer?: { device: string; port: string };
}

export interface Link {
  a: { device: string; port: string };
  b: { device: string; port: string };
}

export interface Flow {
  /** 0-based position in `flows`, as in the path "flows[0]". */
  index: number;
  on: string;
  run: string;
  /** "" when the document gives none. */
  title: string;
  /** {} when the document gives none. */
  expect: { exit?: number };
}
