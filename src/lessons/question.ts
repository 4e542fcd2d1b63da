import type { RunRequest, RunResponse } from '../engine/api';
import type { AnswerEdit, ExitQuestion, ScenarioDoc } from '../engine/scenario/types';
import { docText } from '../state/doc-text';

/*
 * An "exit" question is answered by running one command on the learner's current document: it
 * passes when the command exits with the status asked (0 unless the question says otherwise).
 * The same request runs in the worker (the Check button) and in the unit tests, so what the
 * tests prove is what the page checks.
 */

/** The run that answers `q` on `doc`: the question's command on its device. */
export function questionRequest(q: Pick<ExitQuestion, 'on' | 'run'>, doc: ScenarioDoc): RunRequest {
  return { doc: docText(doc), on: q.on, command: q.run };
}

export type Verdict = { passed: true; exit: number } | { passed: false; exit?: number; reason: string };

export function verdictOf(res: RunResponse, want = 0): Verdict {
  if (!res.ok) return { passed: false, reason: `the scenario does not load: ${res.errors[0]?.message ?? 'unknown error'}` };
  if (res.exit === want) return { passed: true, exit: want };
  const problems = res.configIssues.length ? ` (${res.configIssues.length} config line${res.configIssues.length > 1 ? 's' : ''} with errors)` : '';
  return { passed: false, exit: res.exit, reason: `\`${res.command}\` on ${res.device} exited ${res.exit}, not ${want}${problems}` };
}

/** `doc` with an answer's lines added (before a given line, or at the end of the config). */
export function applySolution(doc: ScenarioDoc, edits: readonly AnswerEdit[]): ScenarioDoc {
  const devices = { ...doc.devices };
  for (const e of edits) {
    const d = devices[e.device];
    if (!d) throw new Error(`no device "${e.device}"`);
    const config = [...(d.config ?? [])];
    const at = e.before === undefined ? -1 : config.findIndex((l) => l.startsWith(e.before!));
    config.splice(at < 0 ? config.length : at, 0, ...e.lines);
    devices[e.device] = { ...d, config };
  }
  return { ...doc, devices };
}
