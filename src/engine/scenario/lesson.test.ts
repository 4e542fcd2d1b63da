import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { brief, errorsOf, positionOf, text, twoHosts } from './test-helpers';

/*
 * Format 2's lesson, validated like the rest of the document: what is malformed is an error at
 * its place; a device or flow the scenario lacks is a warning (the scenario still runs, and the
 * warning names the step or question that will not work).
 */

function withLesson(lesson: unknown) {
  return { ...twoHosts(), lesson };
}

const step = { flow: 0, text: 'pc1 asks who has 10.0.0.2', event: { device: 'pc1', port: 'eth0', kind: 'arp-request', reason: { code: 'arp_request', target: '10.0.0.2' } } };
const exit = { kind: 'exit', text: 'Make it fail', on: 'pc1', run: 'ping -c 1 10.0.0.2', exit: 1, flow: 0, hints: ['Think of a route'], answer: { text: 'A blackhole', edits: [{ device: 'pc1', lines: ['ip route add blackhole 10.0.0.2'] }] } };
const drop = { kind: 'drop', text: 'Which device drops it?', flow: 0, device: 'pc2', hints: [], answer: { text: 'pc2' } };

describe('lesson', () => {
  it('accepts steps and both kinds of question, and keeps them in the document as written', () => {
    const result = parseScenario(text(withLesson({ summary: 'ARP first', state: 'broken', steps: [step], questions: [exit, drop] })));
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.scenario.doc.lesson).toEqual({ summary: 'ARP first', state: 'broken', steps: [step], questions: [exit, drop] });
  });

  it('names what is malformed at its place', () => {
    const source = text(
      withLesson({
        state: 'half',
        steps: [{ flow: -1, text: 7, event: { device: 'pc1', kind: 'arp-requets', l4: { proto: 'sctp', dport: 70000 } } }, 'x'],
        questions: [{ kind: 'exit', text: 'q', on: 'pc1', run: '', exit: 256 }, { kind: 'guess', text: 'q' }, { kind: 'drop', text: 'q', flow: 0 }],
        extra: true,
      }),
    );
    expect(brief(errorsOf(parseScenario(source)))).toEqual([
      { path: 'lesson.state', ...positionOf(source, '"half"'), message: 'is "broken" or "fixed", not the string "half"' },
      { path: 'lesson.steps[0].flow', ...positionOf(source, '-1'), message: 'a flow’s index (0 is the first) is a whole number from 0 to up, not the number -1' },
      { path: 'lesson.steps[0].text', ...positionOf(source, '7,'), message: 'expected a string, got the number 7' },
      { path: 'lesson.steps[0].event.kind', ...positionOf(source, '"arp-requets"'), message: 'no event kind "arp-requets" (did you mean "arp-request"?)' },
      { path: 'lesson.steps[0].event.l4.proto', ...positionOf(source, '"sctp"'), message: 'is "udp", "tcp" or "icmp", not the string "sctp"' },
      { path: 'lesson.steps[0].event.l4.dport', ...positionOf(source, '70000'), message: 'a port is a whole number from 0 to 65535, not the number 70000' },
      { path: 'lesson.steps[1]', ...positionOf(source, '"x"'), message: 'expected a step like {"flow": 0, "text": "…", "event": {…}}, got the string "x"' },
      { path: 'lesson.questions[0].run', ...positionOf(source, '""'), message: 'the command is empty' },
      { path: 'lesson.questions[0].exit', ...positionOf(source, '256'), message: 'an exit status is a whole number from 0 to 255, not the number 256' },
      { path: 'lesson.questions[1].kind', ...positionOf(source, '"guess"'), message: 'is "exit" or "drop", not the string "guess"' },
      { path: 'lesson.questions[2].device', ...positionOf(source, '{\n        "kind": "drop"'), message: 'required, but missing' },
      { path: 'lesson.extra', ...positionOf(source, '"extra"'), message: 'unknown key "extra"; allowed here: summary, state, steps, questions' },
    ]);
  });

  it('a device or flow the scenario lacks is a warning: the scenario still runs', () => {
    const source = text(withLesson({ steps: [{ ...step, flow: 3, event: { ...step.event, device: 'pc9' } }], questions: [{ ...drop, device: 'router' }] }));
    const result = parseScenario(source);
    expect(result.ok).toBe(true);
    expect(brief(result.warnings)).toEqual([
      { path: 'lesson.steps[0].flow', ...positionOf(source, '3,'), message: 'no flow 3: the scenario has 1 (0 to 0)' },
      { path: 'lesson.steps[0].event.device', ...positionOf(source, '"pc9"'), message: 'no device "pc9" (did you mean "pc1"?)' },
      { path: 'lesson.questions[0].device', ...positionOf(source, '"router"'), message: 'no device "router"' },
    ]);
  });

  it('an event inside a namespace is named as the trace names it: device/netns', () => {
    const result = parseScenario(text(withLesson({ steps: [{ ...step, event: { device: 'pc1/netns0', kind: 'deliver' } }] })));
    expect(result.ok && result.warnings).toEqual([]);
  });
});
