import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import { MAX_FLOWS } from '../engine/scenario/limits';
import type { ScenarioDoc } from '../engine/scenario/types';
import { addFlow, deleteFlow, draftOf, editFlow, flowProblems, moveFlow, selectionAfterDelete, selectionAfterMove, setText, textProblems, type FlowDraft } from './flows';

function lab(): ScenarioDoc {
  return {
    hairpin: 2,
    title: 'Lab',
    devices: { pc1: { kind: 'host', ports: { eth0: null } }, pc2: { kind: 'host', ports: { eth0: null } } },
    links: [['pc1:eth0', 'pc2:eth0']],
    flows: [
      { on: 'pc1', run: 'ping -c 1 10.0.0.2', title: 'first' },
      { on: 'pc2', run: 'nc -z -w 1 10.0.0.1 80', expect: { exit: 1 } },
    ],
  };
}

const draft = (over: Partial<FlowDraft> = {}): FlowDraft => ({ title: 'reach pc2', on: 'pc1', run: 'ping -c 1 10.0.0.2', exit: '0', ...over });

/** The document as the format reads it: what a share link or a file carries. */
function reread(doc: ScenarioDoc) {
  const result = parseScenario(JSON.stringify(doc));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.scenario;
}

describe('saving a typed command as a flow', () => {
  it('adds it at the end with its device, command, title and expected exit, as the format reads it', () => {
    const before = lab();
    const r = addFlow(before, draft({ run: '  ping -c 1 10.0.0.2  ', exit: '1' }));
    if (!r.ok) throw new Error(r.message);
    expect(r.index).toBe(2);
    expect(reread(r.doc).flows[2]).toMatchObject({ on: 'pc1', run: 'ping -c 1 10.0.0.2', title: 'reach pc2', expect: { exit: 1 } });
    expect(before.flows).toHaveLength(2);
  });

  it('leaves out an empty title and an empty expected exit, as the format allows', () => {
    const r = addFlow(lab(), draft({ title: ' ', exit: '' }));
    if (!r.ok) throw new Error(r.message);
    expect(r.doc.flows[2]).toEqual({ on: 'pc1', run: 'ping -c 1 10.0.0.2' });
  });

  it('refuses what the format refuses, naming the field', () => {
    const doc = lab();
    // An exit status is what a process hands its shell: 0 to 255 (exit(256) is 0).
    expect(flowProblems(doc, draft({ exit: '256' })).exit).toBe('An exit status is a whole number from 0 to 255, not 256.');
    expect(flowProblems(doc, draft({ exit: '-1' })).exit).toMatch(/0 to 255, not "-1"/);
    expect(flowProblems(doc, draft({ exit: '1.5' })).exit).toMatch(/whole number/);
    expect(flowProblems(doc, draft({ run: '   ' })).run).toBe('The command is empty.');
    expect(flowProblems(doc, draft({ run: 'ping\n1' })).run).toBe('A command is one line.');
    expect(flowProblems(doc, draft({ run: 'x'.repeat(4097) })).run).toMatch(/at most 4096 characters/);
    expect(flowProblems(doc, draft({ on: 'gone' })).on).toBe('There is no device "gone".');
    // Names arrive in links: Object.prototype's are no devices.
    expect(flowProblems(doc, draft({ on: 'constructor' })).on).toBe('There is no device "constructor".');
    expect(flowProblems(doc, draft({ title: 't'.repeat(257) })).title).toMatch(/at most 256 characters/);
    const r = addFlow(doc, draft({ exit: '300' }));
    expect(r).toMatchObject({ ok: false, problems: { exit: expect.stringMatching(/300/) } });
    expect(flowProblems(doc, draft())).toEqual({});
  });

  it('stops at the format limit on flows', () => {
    const doc = { ...lab(), flows: Array.from({ length: MAX_FLOWS }, () => ({ on: 'pc1', run: 'true' })) };
    expect(addFlow(doc, draft())).toMatchObject({ ok: false, message: `A scenario has at most ${MAX_FLOWS} flows.` });
  });
});

describe('editing, reordering and deleting flows', () => {
  it('edits one flow in place; its draft round-trips', () => {
    const doc = lab();
    expect(draftOf(doc.flows[1]!)).toEqual({ title: '', on: 'pc2', run: 'nc -z -w 1 10.0.0.1 80', exit: '1' });
    const r = editFlow(doc, 1, { ...draftOf(doc.flows[1]!), exit: '0' });
    if (!r.ok) throw new Error(r.message);
    expect(reread(r.doc).flows[1]!.expect).toEqual({ exit: 0 });
    expect(r.doc.flows[0]).toBe(doc.flows[0]);
    expect(editFlow(doc, 5, draft())).toMatchObject({ ok: false });
  });

  it('moves a flow up and down, and not past either end', () => {
    const doc = lab();
    const down = moveFlow(doc, 0, 1);
    expect(down.flows.map((f) => f.on)).toEqual(['pc2', 'pc1']);
    expect(moveFlow(down, 1, -1).flows).toEqual(doc.flows);
    expect(moveFlow(doc, 0, -1)).toBe(doc);
    expect(moveFlow(doc, 1, 1)).toBe(doc);
  });

  it('deletes a flow; the document before it is untouched (undo returns to it)', () => {
    const doc = lab();
    const after = deleteFlow(doc, 0);
    expect(after.flows).toEqual([doc.flows[1]]);
    expect(doc.flows).toHaveLength(2);
    expect(deleteFlow(doc, 9)).toBe(doc);
  });

  it('keeps the selected flow selected as flows move and go', () => {
    expect(selectionAfterMove(0, 0, 1, 3)).toBe(1);
    expect(selectionAfterMove(1, 0, 1, 3)).toBe(0);
    expect(selectionAfterMove(2, 0, 1, 3)).toBe(2);
    expect(selectionAfterMove(2, 2, 1, 3)).toBe(2);
    expect(selectionAfterDelete(2, 0, 2)).toBe(1);
    expect(selectionAfterDelete(1, 1, 1)).toBe(0);
    expect(selectionAfterDelete(0, 0, 0)).toBe(0);
  });
});

describe('the title and the about text', () => {
  it('requires a title of one line within the format limit', () => {
    expect(textProblems('', '').title).toBe('A scenario needs a name.');
    expect(textProblems('a'.repeat(257), '').title).toMatch(/at most 256/);
    expect(textProblems('Lab', 'x'.repeat(1024 * 1024 + 1)).about).toMatch(/at most 1,048,576 characters/);
    expect(textProblems('Lab', '# Hi')).toEqual({});
  });

  it('writes both, dropping an empty about; the format reads them back', () => {
    const doc = lab();
    const next = setText(doc, 'NAT lab', '# Why\n[x](https://example.com)');
    expect(reread(next)).toMatchObject({ title: 'NAT lab', about: '# Why\n[x](https://example.com)' });
    expect('about' in setText(next, 'NAT lab', '')).toBe(false);
    expect(setText(doc, 'Lab', '')).toBe(doc);
  });
});

describe('the lesson follows its flows (steps and questions name flows by index)', () => {
  function taught(): ScenarioDoc {
    return {
      ...lab(),
      flows: [...lab().flows, { on: 'pc1', run: 'ping -c 1 10.0.0.9' }],
      lesson: {
        steps: [
          { flow: 0, text: 'a', event: { device: 'pc1', kind: 'route' } },
          { flow: 1, text: 'b', event: { device: 'pc2', kind: 'route' } },
          { flow: 2, text: 'c', event: { device: 'pc1', kind: 'drop' } },
        ],
        questions: [
          { kind: 'exit', text: 'x', on: 'pc2', run: 'nc -z -w 1 10.0.0.1 80', flow: 1 },
          { kind: 'drop', text: 'y', flow: 1, device: 'pc1' },
          { kind: 'drop', text: 'z', flow: 2, device: 'pc1' },
        ],
      },
    };
  }

  it('moving a flow renumbers the steps and questions about it and about the one it swapped with', () => {
    const doc = moveFlow(taught(), 1, 1);
    expect(doc.lesson!.steps!.map((s) => s.flow)).toEqual([0, 2, 1]);
    expect(doc.lesson!.questions!.map((q) => q.flow)).toEqual([2, 2, 1]);
    expect(reread(doc).doc.lesson).toEqual(doc.lesson);
  });

  it('deleting a flow takes its steps and its drop questions; an exit question keeps its command, untied; later flows renumber', () => {
    const doc = deleteFlow(taught(), 1);
    expect(doc.lesson!.steps!.map((s) => [s.text, s.flow])).toEqual([['a', 0], ['c', 1]]);
    expect(doc.lesson!.questions).toEqual([
      { kind: 'exit', text: 'x', on: 'pc2', run: 'nc -z -w 1 10.0.0.1 80' },
      { kind: 'drop', text: 'z', flow: 1, device: 'pc1' },
    ]);
    expect(reread(doc).doc.lesson).toEqual(doc.lesson);
  });
});
