import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import { runFlow } from './run';

/* Every flow of every built-in scenario exits as the real command did on a real kernel. */
describe('built-in scenarios', () => {
  for (const [name, text] of Object.entries(BUILTIN_SCENARIOS)) {
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error(`${name} does not parse`);
    for (const flow of parsed.scenario.flows) {
      it(`${name}: ${flow.title} (\`${flow.run}\` on ${flow.on}) exits ${flow.expect.exit}`, () => {
        const r = runFlow(parsed.scenario, flow.index);
        expect(r.configIssues).toEqual([]);
        expect(r.exit).toBe(flow.expect.exit);
      });
    }
  }

  it('is deterministic: the same scenario and flow give the same trace', () => {
    const parsed = parseScenario(BUILTIN_SCENARIOS['hairpin-nat-broken']!);
    if (!parsed.ok) throw new Error('parse');
    const a = runFlow(parsed.scenario, 1);
    const b = runFlow(parsed.scenario, 1);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(a.events.length).toBeGreaterThan(10);
  });
});
