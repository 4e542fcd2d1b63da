import { TRACE_KINDS } from '../trace/types';
import { checkKeys, checkLine, checkString, describe, didYouMean, isObject } from './checks';
import type { DeviceTable } from './devices';
import type { IssueList, JsonPath } from './errors';
import { MAX_HINTS, MAX_LESSON_STEPS, MAX_LESSON_TEXT, MAX_LINE_LENGTH, MAX_QUESTIONS, MAX_CONFIG_LINES, MAX_TITLE_LENGTH } from './limits';

/*
 * Format 2's `lesson`: steps that point at trace events and questions, checked like the rest
 * of the document (every problem at its path, never a throw). A name the lesson uses that the
 * scenario lacks (a device, a flow) is a warning, not an error: the scenario still runs (its lesson
 * is not part of what runs), and the warning says which step or question will not work.
 */

const LESSON_KEYS = ['summary', 'state', 'steps', 'questions'] as const;
const STEP_KEYS = ['flow', 'text', 'event'] as const;
const EVENT_KEYS = ['device', 'port', 'kind', 'reason', 'l4'] as const;
const L4_KEYS = ['proto', 'sport', 'dport'] as const;
const EXIT_KEYS = ['kind', 'text', 'hints', 'on', 'run', 'exit', 'flow', 'answer'] as const;
const DROP_KEYS = ['kind', 'text', 'hints', 'flow', 'device', 'answer'] as const;
const EDIT_KEYS = ['device', 'lines', 'before'] as const;

interface Context {
  table: DeviceTable;
  /** How many flows the document has; undefined when `flows` is unreadable. */
  flows: number | undefined;
  issues: IssueList;
  /** Names the scenario lacks. */
  warnings: IssueList;
}

export function checkLesson(value: unknown, table: DeviceTable, flows: unknown, issues: IssueList, warnings: IssueList): void {
  if (value === undefined) return;
  const path = ['lesson'];
  if (!isObject(value)) {
    issues.add(path, `expected an object like {"steps": [], "questions": []}, got ${describe(value)}`);
    return;
  }
  const cx: Context = { table, flows: flows === undefined ? 0 : Array.isArray(flows) ? flows.length : undefined, issues, warnings };
  checkKeys(value, path, LESSON_KEYS, [], issues);
  if (value.summary !== undefined) checkString(value.summary, [...path, 'summary'], MAX_TITLE_LENGTH * 2, issues);
  if (value.state !== undefined && value.state !== 'broken' && value.state !== 'fixed') {
    issues.add([...path, 'state'], `is "broken" or "fixed", not ${describe(value.state)}`);
  }
  eachOf(value.steps, [...path, 'steps'], MAX_LESSON_STEPS, 'steps', cx, checkStep);
  eachOf(value.questions, [...path, 'questions'], MAX_QUESTIONS, 'questions', cx, checkQuestion);
}

function eachOf(value: unknown, path: JsonPath, max: number, what: string, cx: Context, check: (v: unknown, path: JsonPath, cx: Context) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return cx.issues.add(path, `expected an array of ${what}, got ${describe(value)}`);
  if (value.length > max) return cx.issues.add(path, `has ${value.length} ${what}; the limit is ${max}`);
  value.forEach((v, i) => check(v, [...path, i], cx));
}

function checkStep(value: unknown, path: JsonPath, cx: Context): void {
  if (!isObject(value)) return cx.issues.add(path, `expected a step like {"flow": 0, "text": "…", "event": {…}}, got ${describe(value)}`);
  checkKeys(value, path, STEP_KEYS, STEP_KEYS, cx.issues);
  checkFlowIndex(value.flow, [...path, 'flow'], cx);
  if (value.text !== undefined) checkString(value.text, [...path, 'text'], MAX_LESSON_TEXT, cx.issues);
  if (value.event !== undefined) checkEvent(value.event, [...path, 'event'], cx);
}

function checkEvent(value: unknown, path: JsonPath, cx: Context): void {
  if (!isObject(value)) return cx.issues.add(path, `expected an event like {"device": "r", "kind": "drop"}, got ${describe(value)}`);
  checkKeys(value, path, EVENT_KEYS, ['device', 'kind'], cx.issues);
  checkDevice(value.device, [...path, 'device'], cx, true);
  if (value.port !== undefined) checkString(value.port, [...path, 'port'], MAX_TITLE_LENGTH, cx.issues);
  if (value.kind !== undefined && checkString(value.kind, [...path, 'kind'], MAX_TITLE_LENGTH, cx.issues) && !TRACE_KINDS.has(value.kind)) {
    cx.issues.add([...path, 'kind'], `no event kind ${JSON.stringify(value.kind)}${didYouMean(value.kind, TRACE_KINDS) || `; the kinds are ${[...TRACE_KINDS].join(', ')}`}`);
  }
  const reason = value.reason;
  if (reason !== undefined) {
    if (!isObject(reason)) cx.issues.add([...path, 'reason'], `expected the reason's code and facts, like {"code": "nat"}, got ${describe(reason)}`);
    else if (reason.code === undefined) cx.issues.add([...path, 'reason', 'code'], 'required, but missing', 'parent');
    else checkString(reason.code, [...path, 'reason', 'code'], MAX_TITLE_LENGTH, cx.issues);
  }
  const l4 = value.l4;
  if (l4 !== undefined) {
    if (!isObject(l4)) return cx.issues.add([...path, 'l4'], `expected a header like {"proto": "udp", "dport": 53}, got ${describe(l4)}`);
    checkKeys(l4, [...path, 'l4'], L4_KEYS, ['proto'], cx.issues);
    if (l4.proto !== undefined && l4.proto !== 'udp' && l4.proto !== 'tcp' && l4.proto !== 'icmp') cx.issues.add([...path, 'l4', 'proto'], `is "udp", "tcp" or "icmp", not ${describe(l4.proto)}`);
    for (const key of ['sport', 'dport'] as const) checkWhole(l4[key], [...path, 'l4', key], 0, 65535, 'a port', cx);
  }
}

function checkQuestion(value: unknown, path: JsonPath, cx: Context): void {
  if (!isObject(value)) return cx.issues.add(path, `expected a question like {"kind": "exit", "text": "…", "on": "pc", "run": "ping -c 1 10.0.0.1"}, got ${describe(value)}`);
  if (value.kind !== 'exit' && value.kind !== 'drop') {
    return cx.issues.add([...path, 'kind'], value.kind === undefined ? 'required, but missing: "exit" (a command must exit N) or "drop" (which device drops it?)' : `is "exit" or "drop", not ${describe(value.kind)}`, value.kind === undefined ? 'parent' : 'value');
  }
  const exit = value.kind === 'exit';
  checkKeys(value, path, exit ? EXIT_KEYS : DROP_KEYS, exit ? ['kind', 'text', 'on', 'run'] : ['kind', 'text', 'flow', 'device'], cx.issues);
  if (value.text !== undefined) checkString(value.text, [...path, 'text'], MAX_LESSON_TEXT, cx.issues);
  eachOf(value.hints, [...path, 'hints'], MAX_HINTS, 'hints', cx, (h, p) => checkString(h, p, MAX_LESSON_TEXT, cx.issues));
  if (value.flow !== undefined) checkFlowIndex(value.flow, [...path, 'flow'], cx);
  if (exit) {
    checkDevice(value.on, [...path, 'on'], cx);
    if (value.run !== undefined && checkLine(value.run, [...path, 'run'], MAX_LINE_LENGTH, cx.issues) && value.run.trim() === '') cx.issues.add([...path, 'run'], 'the command is empty');
    checkWhole(value.exit, [...path, 'exit'], 0, 255, 'an exit status', cx);
  } else checkDevice(value.device, [...path, 'device'], cx);
  checkAnswer(value.answer, [...path, 'answer'], exit, cx);
}

function checkAnswer(value: unknown, path: JsonPath, edits: boolean, cx: Context): void {
  if (value === undefined) return;
  if (!isObject(value)) return cx.issues.add(path, `expected an answer like {"text": "…"}, got ${describe(value)}`);
  checkKeys(value, path, edits ? ['text', 'edits'] : ['text'], [], cx.issues);
  if (value.text !== undefined) checkString(value.text, [...path, 'text'], MAX_LESSON_TEXT, cx.issues);
  if (!edits) return;
  eachOf(value.edits, [...path, 'edits'], MAX_QUESTIONS, 'edits', cx, (edit, p) => {
    if (!isObject(edit)) return cx.issues.add(p, `expected config lines for a device, like {"device": "r", "lines": ["…"]}, got ${describe(edit)}`);
    checkKeys(edit, p, EDIT_KEYS, ['device', 'lines'], cx.issues);
    checkDevice(edit.device, [...p, 'device'], cx);
    eachOf(edit.lines, [...p, 'lines'], MAX_CONFIG_LINES, 'lines', cx, (line, lp) => checkLine(line, lp, MAX_LINE_LENGTH, cx.issues));
    if (edit.before !== undefined) checkLine(edit.before, [...p, 'before'], MAX_LINE_LENGTH, cx.issues);
  });
}

/** A device's id; for a trace event, also a namespace inside one, as the trace names it: "host/netns0". */
function checkDevice(value: unknown, path: JsonPath, cx: Context, inside = false): void {
  if (value === undefined || !checkString(value, path, MAX_TITLE_LENGTH, cx.issues)) return;
  const id = inside ? value.split('/')[0]! : value;
  if (cx.table.readable && !cx.table.known.has(id)) cx.warnings.add(path, `no device ${JSON.stringify(id)}${didYouMean(id, cx.table.known.keys())}`);
}

function checkFlowIndex(value: unknown, path: JsonPath, cx: Context): void {
  if (value === undefined) return;
  if (!checkWhole(value, path, 0, Number.MAX_SAFE_INTEGER, 'a flow’s index (0 is the first)', cx) || cx.flows === undefined) return;
  if ((value as number) >= cx.flows) cx.warnings.add(path, cx.flows === 0 ? 'the scenario has no flows' : `no flow ${String(value)}: the scenario has ${cx.flows} (0 to ${cx.flows - 1})`);
}

function checkWhole(value: unknown, path: JsonPath, min: number, max: number, what: string, cx: Context): boolean {
  if (value === undefined) return false;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
  cx.issues.add(path, `${what} is a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}, not ${describe(value)}`);
  return false;
}
