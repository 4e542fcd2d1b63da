import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { parseScenario } from '../scenario';
import type { Scenario } from '../scenario/types';
import { runCommand } from '../sim/run';
import type { Network } from '../sim/network';
import { boxOf, netnsNameOf } from './netns-label';
import { printViews } from './view-log';

/*
 * The views a recorded run answers at a step are the views of the same run stopped inside the
 * code that emitted that step's event (TraceRecorder.stopAt): what `ip neigh`, `iptables -L -v`,
 * `conntrack -L` … print on that machine at that moment. Checked for every flow of every
 * scenario, on every namespace the flow's trace touches and one it never touches, at steps
 * spread over the run.
 */

/**
 * Steps compared per flow, spread evenly over the run (the first and the last included): more
 * for the lessons than for the kernel suites, to keep the file quick. VIEW_LOG_STEPS=40 checks
 * that many everywhere (it passed so at the time of writing, in a few minutes).
 */
const DEEP = process.env.VIEW_LOG_STEPS ? Number(process.env.VIEW_LOG_STEPS) : undefined;
const LESSON_STEPS = DEEP ?? 8;
const FIXTURE_STEPS = DEEP ?? 4;
/** A replay per step: some suites run many flows. */
const SLOW = 120_000;

function scenarios(): [string, string][] {
  const fixtures = readdirSync('fixtures/scenarios').filter((f) => f.endsWith('.json'));
  return [...Object.entries(BUILTIN_SCENARIOS), ...fixtures.map((f): [string, string] => [`fixtures/${f}`, readFileSync(`fixtures/scenarios/${f}`, 'utf8')])];
}

function stackOf(net: Network, label: string) {
  const init = net.stacks.get(boxOf(label));
  const name = netnsNameOf(label);
  return name === undefined ? init : init?.netns?.get(name);
}

/** The ground truth: the run replayed and stopped at `step`, each label's views printed there. */
function replayedViews(scenario: Scenario, on: string, command: string, step: number, labels: string[]) {
  const replay = runCommand(scenario, on, command, { stopAtEvent: step, capture: false });
  const out: Record<string, unknown> = {};
  for (const label of labels) {
    const stack = stackOf(replay.network, label);
    out[label] = stack ? printViews(stack) : 'absent';
  }
  return out;
}

function sampledSteps(total: number, count: number): number[] {
  if (total <= count) return [...Array(total).keys()];
  const steps = new Set<number>();
  for (let i = 0; i < count; i++) steps.add(Math.round((i * (total - 1)) / (count - 1)));
  return [...steps];
}

describe('recording the views changes nothing in the run', () => {
  for (const [name, text] of scenarios()) {
    const parsed = parseScenario(text);
    if (!parsed.ok) continue;
    it(`${name}: every flow gives the same trace, output and exit with the log as without it`, () => {
      for (const flow of parsed.scenario.flows) {
        const plain = runCommand(parsed.scenario, flow.on, flow.run, { capture: false });
        const logged = runCommand(parsed.scenario, flow.on, flow.run, { capture: false, viewLog: true });
        expect(logged.viewLog).toBeDefined();
        const outcome = (r: typeof plain) => ({ events: JSON.stringify(r.events), stdout: r.stdout, stderr: r.stderr, exit: r.exit, stopReason: r.stopReason });
        expect(outcome(logged), flow.title).toEqual(outcome(plain));
      }
    }, SLOW);
  }
});

describe('the view log answers a step as a replay stopped at that step does', () => {
  for (const [name, text] of scenarios()) {
    const parsed = parseScenario(text);
    if (!parsed.ok) continue;
    const scenario = parsed.scenario;
    it(`${name}: every flow`, () => {
      for (const flow of scenario.flows) {
        const run = runCommand(scenario, flow.on, flow.run, { capture: false, viewLog: true });
        const log = run.viewLog!;
        const touched = [...new Set(run.events.map((e) => e.device))];
        const untouched = scenario.devices.map((d) => d.id).find((id) => !touched.includes(id));
        const labels = untouched ? [...touched, untouched] : touched;
        for (const step of sampledSteps(run.events.length, name.startsWith('fixtures/') ? FIXTURE_STEPS : LESSON_STEPS)) {
          const truth = replayedViews(scenario, flow.on, flow.run, step, labels);
          const logged: Record<string, unknown> = {};
          for (const label of labels) {
            const v = log.viewsAt(label, step);
            logged[label] = 'error' in v ? 'absent' : v;
          }
          expect(logged, `${flow.title} (\`${flow.run}\` on ${flow.on}) at step ${step}`).toEqual(truth);
        }
      }
    }, SLOW);
  }
});
