import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import type { ScenarioDoc } from '../engine/scenario/types';
import { runFlow } from '../engine/sim/run';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { verifyLesson } from './verify';

/* `hairpin check` proves a teacher's lesson as the built-in ones are proven. */

function verify(edit: (doc: ScenarioDoc) => ScenarioDoc) {
  const base = JSON.parse(BUILTIN_SCENARIOS['hairpin-nat-broken']!) as ScenarioDoc;
  const parsed = parseScenario(JSON.stringify(edit(base)));
  if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
  const scenario = parsed.scenario;
  return verifyLesson(scenario, (f) => runFlow(scenario, f).events);
}

describe('verifyLesson', () => {
  it('the built-in lesson holds: every step found, its answer passes', () => {
    const findings = verify((d) => d);
    expect(findings.every((f) => f.ok)).toBe(true);
    expect(findings.at(-1)!.what).toBe('lesson question 1: with its answer, `nc -z -w 2 50.60.70.80 8080` on pc2 exits 0');
  });

  it('a step whose event never happens, a drop on the wrong device, an answer that does not pass: each fails with why', () => {
    const findings = verify((d) => ({
      ...d,
      lesson: {
        steps: [{ flow: 1, text: 'the router drops it', event: { device: 'router', kind: 'drop' } }],
        questions: [
          { kind: 'drop', text: 'Who drops the SYN-ACK?', flow: 1, device: 'router' },
          { kind: 'exit', text: 'Make it work', on: 'pc2', run: 'nc -z -w 2 50.60.70.80 8080', answer: { edits: [{ device: 'router', lines: ['sysctl -w net.ipv4.ip_forward=1'] }] } },
          { kind: 'exit', text: 'Break it', on: 'pc2', run: 'nc -z -w 2 50.60.70.80 8080', exit: 1, answer: { edits: [{ device: 'router', lines: ['ip rout add'] }] } },
        ],
      },
    }));
    expect(findings).toEqual([
      { ok: false, what: 'lesson step 1 (flow 1)', detail: "no event router drop follows the previous step's in the trace" },
      { ok: false, what: 'lesson question 1', detail: 'it names router, but flow 1 is dropped on pc2' },
      { ok: false, what: 'lesson question 2', detail: 'with its answer, `nc -z -w 2 50.60.70.80 8080` on pc2 exited 1, not 0' },
      expect.objectContaining({ ok: false, what: 'lesson question 3', detail: expect.stringMatching(/^its answer's config is refused: router line \d+: /) }),
    ]);
  });

  it('a drop question names the device the trace drops on', () => {
    const findings = verify((d) => ({ ...d, lesson: { questions: [{ kind: 'drop', text: 'Who?', flow: 1, device: 'pc2' }] } }));
    expect(findings).toEqual([{ ok: true, what: 'lesson question 1: flow 1 is dropped on pc2' }]);
  });
});
