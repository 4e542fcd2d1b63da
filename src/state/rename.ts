import { deviceIdProblem, portNameProblem } from '../engine/scenario/names';
import type { LessonDoc, QuestionDoc, ScenarioDoc, StepDoc } from '../engine/scenario/types';

/*
 * What renaming a device or a port changes in a document, as a pure function: the new
 * document and every change, listed for the preview before it is applied (one undo step).
 *
 * A device id is named by the devices map, the links' ends (`pc:eth0`) and the flows' `on`;
 * nothing in a config names it (Linux does not know it). A port is named by its device's
 * ports, the links' ends, and the device's config lines and flow commands (`dev eth1`,
 * `-o eth1`, `iifname "eth1"`, `net.ipv4.conf.eth1.rp_filter`, `/proc/sys/net/ipv4/conf/eth1/…`).
 * The lesson names both: its steps' events (device or `device/netns` as the trace labels it,
 * the port, facts such as a forward's `"from": "eth1"`), its questions' devices and commands,
 * and its answers' config lines.
 *
 * Config lines are scanned as text rather than as the lexer's words: an nft rule often sits
 * inside one quoted shell word (`nft 'add rule … iifname "eth1" accept'`), here-document lines
 * (iptables-restore, nft -f) are no shell at all, and comments name ports too. An occurrence is
 * replaced only where the name stands alone (see nameUse); where it is part of another name
 * (`eth1.100`, a VLAN; `eth1+`, iptables' wildcard) it is left and shown in the preview.
 */

/** A device, or one of its ports. */
export interface RenameTarget {
  device: string;
  port?: string;
}

export interface RenameChange {
  /** Where it is, for grouping in the preview: "Devices", "Links", "Flows", "Config of r1". */
  section: string;
  /** Which entry: "link 1", "flow 2 (ping the server)", "line 3". */
  where: string;
  before: string;
  after: string;
}

/** Text that names the old name inside another word, left as it is. */
export interface RenameNote {
  section: string;
  where: string;
  line: string;
  /** The word that holds the name, e.g. `eth1.100`. */
  word: string;
  reason: string;
}

export type RenameResult = { ok: true; doc: ScenarioDoc; changes: RenameChange[]; notes: RenameNote[] } | { ok: false; problem: string };

const NAME_CHAR = /[A-Za-z0-9_]/;

/** Whether the occurrence of a name at [start, end) of `line` is the interface itself, another name holding it, or neither. */
function nameUse(line: string, start: number, end: number): 'rename' | 'other-name' | 'none' {
  const before = line[start - 1] ?? '';
  const after = line[end] ?? '';
  // eth10, xeth1, eth1_b: a longer name, not this one.
  if (NAME_CHAR.test(before) || NAME_CHAR.test(after)) return 'none';
  // A path or sysctl key segment: only under an interface directory (net.ipv4.conf.eth1.*).
  if (before === '.' || before === '/') return /(?:^|[\s'"=>])(?:\/proc\/sys\/)?net[./]ipv[46][./](?:conf|neigh)[./]$|\/sys\/class\/net\/$/.test(line.slice(0, start)) ? 'rename' : 'other-name';
  // eth1.100 (VLAN), eth1-x, eth1@…, eth1/…, $eth1, -eth1, eth1+ (iptables matches every name starting so).
  if (/[.\-@/+]/.test(after) || /[$\-@+]/.test(before)) return 'other-name';
  // A shell assignment (`eth1=…`) names a variable.
  if (after === '=' && (before === '' || /\s/.test(before))) return 'other-name';
  // eth1:0 is an address label, which must start with its interface's name.
  return 'rename';
}

/** The whitespace-delimited word around [start, end), for notes. */
function wordAround(line: string, start: number, end: number): string {
  let a = start;
  let b = end;
  while (a > 0 && !/[\s'"]/.test(line[a - 1]!)) a--;
  while (b < line.length && !/[\s'"]/.test(line[b]!)) b++;
  return line.slice(a, b);
}

/** `line` with every standalone use of interface name `from` replaced by `to`, and the words that hold it otherwise. */
export function renameInLine(line: string, from: string, to: string): { line: string; left: string[] } {
  let out = '';
  let last = 0;
  const left: string[] = [];
  for (let at = line.indexOf(from); at >= 0; at = line.indexOf(from, at + from.length)) {
    const use = nameUse(line, at, at + from.length);
    if (use === 'rename') {
      out += line.slice(last, at) + to;
      last = at + from.length;
    } else if (use === 'other-name') left.push(wordAround(line, at, at + from.length));
  }
  return { line: out + line.slice(last), left };
}

/** A trace label (`box`, `box/ns1`) after device `from` became `to`. */
export function renameLabel(label: string, from: string, to: string): string {
  if (label === from) return to;
  return label.startsWith(`${from}/`) ? to + label.slice(from.length) : label;
}

function flowName(i: number, title: string | undefined): string {
  return `flow ${i + 1}${title ? ` (${title})` : ''}`;
}

/** `lesson` with `step` and `question` applied to each (the same object where nothing changed). */
function mapLesson(lesson: LessonDoc | undefined, step: (s: StepDoc, i: number) => StepDoc, question: (q: QuestionDoc, i: number) => QuestionDoc): LessonDoc | undefined {
  if (!lesson) return lesson;
  const steps = lesson.steps?.map(step);
  const questions = lesson.questions?.map(question);
  const changed = (a: unknown[] | undefined, b: unknown[] | undefined) => a !== undefined && b !== undefined && a.some((x, i) => x !== b[i]);
  const stepsChanged = changed(steps, lesson.steps);
  const questionsChanged = changed(questions, lesson.questions);
  if (!stepsChanged && !questionsChanged) return lesson;
  return { ...lesson, ...(stepsChanged ? { steps } : {}), ...(questionsChanged ? { questions } : {}) };
}

/** The lesson after device `from` became `to`: steps' events, questions' devices, answers' devices. */
function renameDeviceInLesson(lesson: LessonDoc | undefined, from: string, to: string, changes: RenameChange[]): LessonDoc | undefined {
  return mapLesson(
    lesson,
    (s, i) => {
      const device = renameLabel(s.event.device, from, to);
      if (device === s.event.device) return s;
      changes.push({ section: 'Lesson', where: `step ${i + 1}`, before: `event on ${s.event.device}`, after: `event on ${device}` });
      return { ...s, event: { ...s.event, device } };
    },
    (q, i) => {
      let next = q;
      const where = `question ${i + 1}`;
      if (q.kind === 'exit' && q.on === from) {
        changes.push({ section: 'Lesson', where, before: `on ${from}: ${q.run}`, after: `on ${to}: ${q.run}` });
        next = { ...q, on: to };
      }
      if (q.kind === 'drop' && q.device === from) {
        changes.push({ section: 'Lesson', where, before: `dropped by ${from}`, after: `dropped by ${to}` });
        next = { ...q, device: to };
      }
      if (next.kind === 'exit' && next.answer?.edits?.some((e) => e.device === from)) {
        changes.push({ section: 'Lesson', where: `${where}, answer`, before: `lines on ${from}`, after: `lines on ${to}` });
        next = { ...next, answer: { ...next.answer, edits: next.answer!.edits!.map((e) => (e.device === from ? { ...e, device: to } : e)) } };
      }
      return next;
    },
  );
}

/** Renames device `from` to `to`: its key (in place, so default MACs keep their index), links and flows. */
export function renameDevice(doc: ScenarioDoc, from: string, to: string): RenameResult {
  if (!Object.hasOwn(doc.devices, from)) return { ok: false, problem: `there is no device ${JSON.stringify(from)}` };
  if (to === from) return { ok: true, doc, changes: [], notes: [] };
  const problem = deviceIdProblem(to);
  if (problem) return { ok: false, problem };
  if (Object.hasOwn(doc.devices, to)) return { ok: false, problem: `there is already a device ${JSON.stringify(to)}: device ids are unique` };
  const changes: RenameChange[] = [{ section: 'Devices', where: 'device id', before: from, after: to }];
  const devices: ScenarioDoc['devices'] = {};
  for (const [id, d] of Object.entries(doc.devices)) devices[id === from ? to : id] = d;
  const end = (e: string) => (e.startsWith(`${from}:`) ? to + e.slice(from.length) : e);
  const links = doc.links.map((link, i): [string, string] => {
    const next: [string, string] = [end(link[0]), end(link[1])];
    if (next[0] === link[0] && next[1] === link[1]) return link;
    changes.push({ section: 'Links', where: `link ${i + 1}`, before: link.join(' — '), after: next.join(' — ') });
    return next;
  });
  const flows = doc.flows.map((f, i) => {
    if (f.on !== from) return f;
    changes.push({ section: 'Flows', where: flowName(i, f.title), before: `on ${from}: ${f.run}`, after: `on ${to}: ${f.run}` });
    return { ...f, on: to };
  });
  const lesson = renameDeviceInLesson(doc.lesson, from, to, changes);
  return { ok: true, doc: { ...doc, devices, links, flows, ...(lesson ? { lesson } : {}) }, changes, notes: [] };
}

/** Renames port `from` of `device` to `to`: the device's ports (in place, so its default MAC stays), links, config lines and flow commands. */
export function renamePort(doc: ScenarioDoc, device: string, from: string, to: string): RenameResult {
  const d = Object.hasOwn(doc.devices, device) ? doc.devices[device] : undefined;
  if (!d) return { ok: false, problem: `there is no device ${JSON.stringify(device)}` };
  if (!Object.hasOwn(d.ports, from)) return { ok: false, problem: `${device} has no port ${JSON.stringify(from)}` };
  if (to === from) return { ok: true, doc, changes: [], notes: [] };
  const problem = portNameProblem(to);
  if (problem) return { ok: false, problem };
  if (Object.hasOwn(d.ports, to)) return { ok: false, problem: `${device} already has a port ${JSON.stringify(to)}` };
  const changes: RenameChange[] = [{ section: `Ports of ${device}`, where: 'port', before: from, after: to }];
  const notes: RenameNote[] = [];
  const ports: typeof d.ports = {};
  for (const [name, mac] of Object.entries(d.ports)) ports[name === from ? to : name] = mac;

  const rewrite = (text: string, section: string, where: string): string => {
    const { line, left } = renameInLine(text, from, to);
    if (line !== text) changes.push({ section, where, before: text, after: line });
    for (const word of [...new Set(left)]) notes.push({ section, where, line: text, word, reason: `${word} holds ${from} inside another name (a VLAN, a wildcard, a path, a variable): left as it is` });
    // Two interfaces of one name: Linux refuses the second (File exists).
    if (renameInLine(text, to, from).line !== text) notes.push({ section, where, line: text, word: to, reason: `${to} is already named here: ${device} would have two interfaces called ${to}` });
    return line;
  };

  const configSection = `Config of ${device}`;
  let config = d.config;
  if (d.config) {
    const next = d.config.map((l, i) => rewrite(l, configSection, `line ${i + 1}`));
    if (next.some((l, i) => l !== d.config![i])) config = next;
  }
  const endFrom = `${device}:${from}`;
  const endTo = `${device}:${to}`;
  const links = doc.links.map((link, i): [string, string] => {
    if (!link.includes(endFrom)) return link;
    const next = link.map((e) => (e === endFrom ? endTo : e)) as [string, string];
    changes.push({ section: 'Links', where: `link ${i + 1}`, before: link.join(' — '), after: next.join(' — ') });
    return next;
  });
  let flowsChanged = false;
  const flows = doc.flows.map((f, i) => {
    if (f.on !== device) return f;
    const run = rewrite(f.run, 'Flows', flowName(i, f.title));
    if (run === f.run) return f;
    flowsChanged = true;
    return { ...f, run };
  });
  // The lesson: events on this device (not in a namespace inside it: those are other interfaces)
  // by their port and the facts that name it; commands and answer lines that run on it.
  const lesson = mapLesson(
    doc.lesson,
    (s, i) => {
      if (s.event.device !== device) return s;
      const event = { ...s.event };
      let changed = false;
      if (event.port === from) {
        event.port = to;
        changed = true;
      }
      if (event.reason && Object.values(event.reason).includes(from)) {
        event.reason = Object.fromEntries(Object.entries(event.reason).map(([k, v]) => [k, v === from ? to : v])) as typeof event.reason;
        changed = true;
      }
      if (!changed) return s;
      changes.push({ section: 'Lesson', where: `step ${i + 1}`, before: `${device}:${s.event.port ?? ''} ${JSON.stringify(s.event.reason ?? {})}`, after: `${device}:${event.port ?? ''} ${JSON.stringify(event.reason ?? {})}` });
      return { ...s, event };
    },
    (q, i) => {
      if (q.kind !== 'exit') return q;
      const where = `question ${i + 1}`;
      let next = q;
      if (q.on === device) {
        const run = rewrite(q.run, 'Lesson', where);
        if (run !== q.run) next = { ...next, run };
      }
      const edits = next.answer?.edits;
      if (edits?.some((e) => e.device === device)) {
        const renamedEdits = edits.map((e, k) => {
          if (e.device !== device) return e;
          const lines = e.lines.map((l) => rewrite(l, 'Lesson', `${where}, answer ${k + 1}`));
          const before = e.before === undefined ? undefined : rewrite(e.before, 'Lesson', `${where}, answer ${k + 1}`);
          return lines.every((l, j) => l === e.lines[j]) && before === e.before ? e : { ...e, lines, ...(before !== undefined ? { before } : {}) };
        });
        if (renamedEdits.some((e, k) => e !== edits[k])) next = { ...next, answer: { ...next.answer, edits: renamedEdits } };
      }
      return next;
    },
  );
  const renamed = { ...d, ports, ...(config ? { config } : {}) };
  return { ok: true, doc: { ...doc, devices: { ...doc.devices, [device]: renamed }, links, flows: flowsChanged ? flows : doc.flows, ...(lesson ? { lesson } : {}) }, changes, notes };
}

/**
 * The device renamed between two versions of a document (an edit, or its undo or redo): one
 * key replaced in place by another, holding the very same device. Undefined for anything else.
 */
export function renamedDevice(prev: ScenarioDoc, next: ScenarioDoc): { from: string; to: string } | undefined {
  if (prev.devices === next.devices) return undefined;
  const before = Object.keys(prev.devices);
  const after = Object.keys(next.devices);
  if (before.length !== after.length) return undefined;
  let found: { from: string; to: string } | undefined;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    if (found || prev.devices[before[i]!] !== next.devices[after[i]!]) return undefined;
    found = { from: before[i]!, to: after[i]! };
  }
  return found;
}
