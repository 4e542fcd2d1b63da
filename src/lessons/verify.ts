import { runScenario } from '../engine/api';
import type { Scenario } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';
import { locateSteps } from './match';
import { applySolution, questionRequest, verdictOf } from './question';

/*
 * Whether a scenario's lesson holds, as `hairpin check` reports it: every step's event happens
 * in its flow's trace, in order; an "exit" question's worked answer makes its command exit as
 * asked; a "drop" question's device is where its flow's trace drops a packet. A teacher's file
 * is proven the way the built-in lessons are.
 */

export interface LessonFinding {
  ok: boolean;
  /** One line: what was checked. */
  what: string;
  /** Why it failed, when it did. */
  detail?: string;
}

export function verifyLesson(scenario: Scenario, traceOf: (flow: number) => readonly TraceEvent[]): LessonFinding[] {
  const lesson = scenario.doc.lesson;
  if (!lesson) return [];
  const flows = scenario.flows.length;
  const out: LessonFinding[] = [];
  const steps = lesson.steps ?? [];
  const located = locateSteps(steps, (f) => (f < flows ? traceOf(f) : undefined));
  steps.forEach((s, i) => {
    const at = located[i]!;
    const what = `lesson step ${i + 1} (flow ${s.flow})`;
    if (at >= 0) out.push({ ok: true, what: `${what}: at event ${at + 1} of its trace` });
    else if (s.flow >= flows) out.push({ ok: false, what, detail: `the scenario has no flow ${s.flow}` });
    else out.push({ ok: false, what, detail: `no event ${describe(s.event)} follows the previous step's in the trace` });
  });
  (lesson.questions ?? []).forEach((q, i) => {
    const what = `lesson question ${i + 1}`;
    if (q.kind === 'drop') {
      if (q.flow >= flows) return out.push({ ok: false, what, detail: `the scenario has no flow ${q.flow}` });
      const drops = [...new Set(traceOf(q.flow).filter((e) => e.kind === 'drop').map((e) => e.device.split('/')[0]!))];
      const ok = drops.includes(q.device);
      return out.push(ok ? { ok, what: `${what}: flow ${q.flow} is dropped on ${q.device}` } : { ok, what, detail: drops.length ? `it names ${q.device}, but flow ${q.flow} is dropped on ${drops.join(', ')}` : `it names ${q.device}, but flow ${q.flow} drops nothing` });
    }
    const want = q.exit ?? 0;
    const edits = q.answer?.edits;
    if (!edits?.length) return out.push({ ok: true, what: `${what}: \`${q.run}\` on ${q.on} must exit ${want} (no worked answer to check)` });
    let doc;
    try {
      doc = applySolution(scenario.doc, edits);
    } catch (e) {
      return out.push({ ok: false, what, detail: `its answer does not apply: ${e instanceof Error ? e.message : String(e)}` });
    }
    const res = runScenario(questionRequest(q, doc));
    const v = verdictOf(res, want);
    const issues = res.ok ? res.configIssues : [];
    if (v.passed && !issues.length) return out.push({ ok: true, what: `${what}: with its answer, \`${q.run}\` on ${q.on} exits ${want}` });
    return out.push({ ok: false, what, detail: issues.length ? `its answer's config is refused: ${issues[0]!.device} line ${issues[0]!.line}: ${issues[0]!.message}` : `with its answer, ${v.passed ? 'it passes' : v.reason}` });
  });
  return out;
}

function describe(p: { device: string; port?: string; kind: string; reason?: { code: string } }): string {
  return `${p.port ? `${p.device}:${p.port}` : p.device} ${p.kind}${p.reason ? ` (${p.reason.code})` : ''}`;
}
