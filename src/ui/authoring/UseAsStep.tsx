import { useState } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { why } from '../../engine/trace/why';
import { useRunOutOfDate } from '../../state/currency';
import { useDocument } from '../../state/document';
import { addStep } from '../../state/lesson';
import { useSession } from '../../state/session';
import { useTeaching } from '../../state/teaching';
import { editLesson, useLessonEditing } from './lessonEditing';
import './teacher-buttons.css';

/*
 * Above the packet, for the teacher: "Use as step" makes the event on screen a step of the lesson,
 * about the flow whose trace this is, with the event's "why" as its text to rewrite. The step
 * names the event by a pattern (lessons/pattern.ts) the lesson panel finds again in a fresh run.
 * A typed command's trace belongs to no flow: it must be saved as a flow first.
 */
export function UseAsStep({ event, index }: { event: TraceEvent; index: number }) {
  const teacher = useTeaching((t) => t.audience === 'teacher');
  const run = useSession((s) => s.run);
  const custom = useSession((s) => s.custom);
  const packet = useSession((s) => s.packet);
  const flowIndex = useSession((s) => s.flowIndex);
  const flow = useDocument((s) => s.doc.flows[flowIndex]);
  const outOfDate = useRunOutOfDate();
  const [said, setSaid] = useState<{ index: number; text: string }>();
  if (!teacher || run.status !== 'done') return null;

  // The trace is a flow's when no command was typed and it ran that flow's command.
  const ofFlow = !custom && flow !== undefined && run.command?.on === flow.on && run.command.command === flow.run;
  const why_not = packet && !custom ? 'This trace is of an injected packet, not of a flow: a lesson’s steps are events of its flows.' : !ofFlow ? 'This trace is of a typed command: save it as a flow first (Save as flow), then use its events as steps.' : outOfDate ? 'The scenario changed since this run: run the flow again first.' : undefined;

  const use = () => {
    if (why_not) return setSaid({ index, text: why_not });
    let at: number | undefined;
    const problem = editLesson((doc) => {
      const r = addStep(doc, flowIndex, run.result.events, index, why(event));
      if (r.ok) at = r.index;
      return r;
    });
    if (problem || at === undefined) return setSaid({ index, text: problem ?? 'Not added.' });
    setSaid({ index, text: `Added as step ${at + 1}.` });
    useLessonEditing.getState().setEditing(true);
    useLessonEditing.getState().focusOn(at);
    // The inspector shows the lesson when no device is selected.
    useSession.getState().select(undefined);
  };

  return (
    <span className="use-as-step">
      {said?.index === index && (
        <span role="status" className="use-as-step-said small">
          {said.text}
        </span>
      )}
      <button type="button" aria-label="Use this event as a lesson step" aria-disabled={why_not ? true : undefined} title={why_not ?? 'Add this event to the lesson as a step, with its why as the text'} onClick={use}>
        Use as step
      </button>
    </span>
  );
}
