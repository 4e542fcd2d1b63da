import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import type { ScenarioDoc } from '../engine/scenario/types';
import { runFlow } from '../engine/sim/run';
import type { TraceEvent } from '../engine/trace/types';
import { locateSteps } from '../lessons/match';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { useDocument } from './document';
import {
  addAnswerEdit,
  addHint,
  addQuestion,
  addStep,
  createLesson,
  deleteAnswerEdit,
  deleteHint,
  deleteQuestion,
  deleteStep,
  lessonLossOfFlow,
  lossText,
  moveHint,
  moveQuestion,
  moveStep,
  removeLesson,
  setAnswerEdit,
  setAnswerText,
  setDropCheck,
  setExitCheck,
  setHint,
  setQuestionKind,
  setQuestionText,
  setStepText,
  setSummary,
  type LessonResult,
} from './lesson';

/*
 * Writing a lesson in the app: each edit gives a document the format reads back with no error
 * (so it saves, shares and reloads), and a step made from a trace event finds that event.
 */

const builtin = (name: string): ScenarioDoc => {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
  if (!parsed.ok) throw new Error(name);
  return parsed.scenario.doc;
};

function traceOf(doc: ScenarioDoc, flow: number): TraceEvent[] {
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error('does not parse');
  return runFlow(parsed.scenario, flow).events;
}

/** The document as the format reads it, with no warning: what a share link or a file carries. */
function reread(doc: ScenarioDoc) {
  const r = parseScenario(JSON.stringify(doc));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  expect(r.warnings).toEqual([]);
  return r.scenario.doc;
}

const done = (r: LessonResult): ScenarioDoc => {
  if (!r.ok) throw new Error(r.problem);
  return r.doc;
};

describe('steps made from trace events ("Use as step")', () => {
  const base = builtin('hairpin-nat-broken');
  const events1 = traceOf(base, 1);
  const at = (code: string, n = 0) => events1.map((e, i) => (e.reason.code === code ? i : -1)).filter((i) => i >= 0)[n]!;

  it('goes where its event is in its flow’s trace, among that flow’s steps, and finds that event', () => {
    // Between "the router DNATs the SYN" (step 3) and "forwards it back out of eth1" (step 4).
    const r = addStep(base, 1, events1, at('input_forward'), 'the router routes it back to the LAN');
    if (!r.ok) throw new Error(r.problem);
    expect(r.index).toBe(3);
    const doc = reread(r.doc);
    const steps = doc.lesson!.steps!;
    expect(steps[3]).toMatchObject({ flow: 1, text: 'the router routes it back to the LAN', event: { device: 'router', kind: 'route', reason: { code: 'input_forward' } } });
    const located = locateSteps(steps, (f) => (f === 1 ? events1 : undefined));
    expect(located[3]).toBe(at('input_forward'));
    // The steps after it still find their events, in order.
    for (let i = 4; i < steps.length; i++) expect(located[i]).toBeGreaterThan(located[i - 1]!);
  });

  it('a flow’s first step goes before the steps of later flows; a lesson without steps gets its first', () => {
    const events0 = traceOf(base, 0);
    const r = done(addStep(base, 0, events0, 0, 'remote starts nc'));
    expect(r.lesson!.steps![0]!.text).toBe('remote starts nc');
    const events2 = traceOf(base, 2);
    const last = addStep(base, 2, events2, 3, 'ping');
    expect(last.ok && last.index).toBe(base.lesson!.steps!.length);
    const bare = done(addStep({ ...base, lesson: undefined }, 2, events2, 3, 'ping'));
    expect(reread(bare).lesson!.steps).toHaveLength(1);
  });

  it('refuses an event that already is a step, and names the step', () => {
    const r = addStep(base, 1, events1, at('nat'), 'again');
    expect(r).toEqual({ ok: false, problem: 'Step 3 is already about this event.' });
  });

  it('step text, move and delete; moving past an end changes nothing', () => {
    let doc = done(setStepText(base, 0, 'First, **the** forward works.'));
    expect(doc.lesson!.steps![0]!.text).toBe('First, **the** forward works.');
    doc = moveStep(doc, 0, 1);
    expect(doc.lesson!.steps![1]!.text).toBe('First, **the** forward works.');
    expect(moveStep(doc, 0, -1)).toBe(doc);
    doc = deleteStep(doc, 1);
    expect(doc.lesson!.steps!.map((s) => s.text)).not.toContain('First, **the** forward works.');
    reread(doc);
    expect(setStepText(base, 99, 'x').ok).toBe(false);
  });
});

describe('questions, hints and answers', () => {
  const base = builtin('hairpin-nat-broken');

  it('a new exit question runs the first flow’s command and must exit 0; a drop question is about the first flow', () => {
    const a = addQuestion(base, 'exit');
    if (!a.ok) throw new Error(a.problem);
    const q = a.doc.lesson!.questions![a.index!]!;
    expect(q).toEqual({ kind: 'exit', text: '', on: 'remote', run: 'nc -z -w 2 50.60.70.80 8080', exit: 0, flow: 0 });
    const d = done(addQuestion(a.doc, 'drop'));
    expect(d.lesson!.questions!.at(-1)).toEqual({ kind: 'drop', text: '', flow: 0, device: 'pc1' });
    reread(d);
  });

  it('a drop question needs a flow, an exit question a device: refused with the reason', () => {
    const empty: ScenarioDoc = { hairpin: 2, title: 'x', devices: {}, links: [], flows: [] };
    expect(addQuestion(empty, 'drop')).toEqual({ ok: false, problem: 'A “which device drops it?” question is about a flow: save one first.' });
    expect(addQuestion(empty, 'exit').ok).toBe(false);
  });

  it('changing the kind keeps the text, hints and answer text', () => {
    let doc = done(addQuestion(base, 'drop'));
    const i = doc.lesson!.questions!.length - 1;
    doc = done(setQuestionText(doc, i, 'Who drops the SYN-ACK?'));
    doc = done(addHint(doc, i, 'Look at pc2.'));
    doc = done(setAnswerText(doc, i, 'pc2 resets it.'));
    doc = done(setQuestionKind(doc, i, 'exit'));
    expect(doc.lesson!.questions![i]).toMatchObject({ kind: 'exit', text: 'Who drops the SYN-ACK?', hints: ['Look at pc2.'], answer: { text: 'pc2 resets it.' }, flow: 0 });
    reread(doc);
  });

  it('an exit question: choosing a flow takes its device and command; editing the command unties it from the flow', () => {
    let doc = done(addQuestion(base, 'exit'));
    const i = doc.lesson!.questions!.length - 1;
    doc = done(setExitCheck(doc, i, { flow: 2 }));
    expect(doc.lesson!.questions![i]).toMatchObject({ on: 'pc2', run: 'ping -c 1 -W 1 50.60.70.1', flow: 2 });
    doc = done(setExitCheck(doc, i, { run: 'ping -c 2 50.60.70.1', exit: 1 }));
    expect(doc.lesson!.questions![i]).toEqual({ kind: 'exit', text: '', on: 'pc2', run: 'ping -c 2 50.60.70.1', exit: 1 });
    expect(setExitCheck(doc, i, { run: '  ' })).toEqual({ ok: false, problem: 'The command is empty.' });
    expect(setExitCheck(doc, i, { exit: 256 }).ok).toBe(false);
    expect(setExitCheck(doc, i, { exit: 1.5 }).ok).toBe(false);
    expect(setExitCheck(doc, i, { on: 'nobody' }).ok).toBe(false);
    doc = done(setExitCheck(doc, i, { flow: 1 }));
    doc = done(setExitCheck(doc, i, { flow: null }));
    expect(doc.lesson!.questions![i]!.flow).toBeUndefined();
    reread(doc);
  });

  it('a drop question: its flow and device', () => {
    let doc = done(addQuestion(base, 'drop'));
    const i = doc.lesson!.questions!.length - 1;
    doc = done(setDropCheck(doc, i, { flow: 1, device: 'pc2' }));
    expect(doc.lesson!.questions![i]).toMatchObject({ kind: 'drop', flow: 1, device: 'pc2' });
    expect(setDropCheck(doc, i, { flow: 7 }).ok).toBe(false);
    reread(doc);
  });

  it('hints: add, edit, move, delete; the last one gone leaves no empty list', () => {
    let doc = done(addQuestion(base, 'drop'));
    const i = doc.lesson!.questions!.length - 1;
    doc = done(addHint(doc, i));
    doc = done(addHint(doc, i, 'two'));
    doc = done(setHint(doc, i, 0, 'one'));
    doc = done(moveHint(doc, i, 0, 1));
    expect(doc.lesson!.questions![i]!.hints).toEqual(['two', 'one']);
    doc = done(deleteHint(doc, i, 0));
    doc = done(deleteHint(doc, i, 0));
    expect('hints' in doc.lesson!.questions![i]!).toBe(false);
    reread(doc);
  });

  it('answer lines: device, one config line per line (blank ones left out), the line to insert above', () => {
    const q = base.lesson!.questions!.findIndex((x) => x.kind === 'exit');
    let doc = done(addAnswerEdit(base, q));
    const e = (doc.lesson!.questions![q] as { answer: { edits: unknown[] } }).answer.edits.length - 1;
    doc = done(setAnswerEdit(doc, q, e, { device: 'router', lines: ['iptables -t nat -A POSTROUTING -j MASQUERADE', '', '  '], before: 'iptables -t nat -A PREROUTING' }));
    const edit = (doc.lesson!.questions![q] as { answer: { edits: unknown[] } }).answer.edits[e];
    expect(edit).toEqual({ device: 'router', lines: ['iptables -t nat -A POSTROUTING -j MASQUERADE'], before: 'iptables -t nat -A PREROUTING' });
    doc = done(setAnswerEdit(doc, q, e, { before: '' }));
    expect((doc.lesson!.questions![q] as { answer: { edits: object[] } }).answer.edits[e]).not.toHaveProperty('before');
    expect(setAnswerEdit(doc, q, e, { lines: ['a'.repeat(5000)] }).ok).toBe(false);
    doc = done(deleteAnswerEdit(doc, q, e));
    expect(doc.lesson!.questions![q]).toEqual(base.lesson!.questions![q]);
    reread(doc);
  });

  it('an answer without text or lines is no answer; questions move and go', () => {
    let doc = done(addQuestion(base, 'drop'));
    const i = doc.lesson!.questions!.length - 1;
    doc = done(setAnswerText(doc, i, 'x'));
    doc = done(setAnswerText(doc, i, ''));
    expect('answer' in doc.lesson!.questions![i]!).toBe(false);
    doc = moveQuestion(doc, i, -1);
    expect(doc.lesson!.questions![i - 1]!.kind).toBe('drop');
    doc = deleteQuestion(doc, i - 1);
    expect(doc.lesson!.questions).toEqual(base.lesson!.questions);
  });

  it('text past the format’s limits is refused, and the document stays', () => {
    expect(setSummary(base, 'x'.repeat(600)).ok).toBe(false);
    expect(setSummary(base, 'two\nlines').ok).toBe(false);
    expect(setQuestionText(base, 0, 'x'.repeat(70_000)).ok).toBe(false);
  });
});

describe('the lesson as a whole', () => {
  it('created empty (the format reads it), given a summary, removed', () => {
    const bare: ScenarioDoc = { ...builtin('home-lan'), lesson: undefined };
    let doc = createLesson(bare);
    expect(reread(doc).lesson).toEqual({});
    doc = done(setSummary(doc, ' A LAN behind NAT. '));
    expect(doc.lesson!.summary).toBe('A LAN behind NAT.');
    doc = done(setSummary(doc, ''));
    expect(doc.lesson).toEqual({});
    expect(removeLesson(doc)).not.toHaveProperty('lesson');
  });

  it('what deleting a flow takes with it reads as a sentence', () => {
    const doc = builtin('hairpin-nat-broken');
    expect(lossText(lessonLossOfFlow(doc, 1))).toBe('8 lesson steps');
    expect(lossText({ steps: 1, questions: 2 })).toBe('1 lesson step and 2 questions');
  });

  it('each edit through the store is one undo step; a refused one changes nothing', () => {
    const doc = builtin('hairpin-nat-broken');
    useDocument.getState().setDoc(doc, 'hairpin-nat-broken');
    useDocument.temporal.getState().clear();
    expect(useDocument.getState().editLesson((d) => setStepText(d, 0, 'changed'))).toBeUndefined();
    expect(useDocument.getState().editLesson((d) => moveStep(d, 0, 1))).toBeUndefined();
    expect(useDocument.getState().editLesson((d) => setExitCheck(d, 0, { run: '' }))).toBe('The command is empty.');
    expect(useDocument.temporal.getState().pastStates).toHaveLength(2);
    useDocument.temporal.getState().undo();
    useDocument.temporal.getState().undo();
    expect(useDocument.getState().doc).toBe(doc);
  });

  it('removing a device takes the steps on it (and on its namespaces) and its flows; later flows renumber', () => {
    const doc = builtin('hairpin-nat-broken');
    useDocument.getState().setDoc(doc, 'hairpin-nat-broken');
    // remote runs flow 0: it goes, flow 1 becomes flow 0.
    useDocument.getState().removeDevices(['remote']);
    const after = useDocument.getState().doc;
    expect(after.flows).toHaveLength(2);
    const steps = after.lesson!.steps!;
    expect(steps.some((s) => s.event.device === 'remote')).toBe(false);
    expect(steps).toHaveLength(doc.lesson!.steps!.length - 1);
    expect(steps.every((s) => s.flow === 0)).toBe(true);
    expect(after.lesson!.questions![0]).toMatchObject({ kind: 'exit', on: 'pc2', flow: 0 });
    reread(after);
  });
});
