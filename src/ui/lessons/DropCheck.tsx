import { useMemo, useState } from 'react';
import type { DropQuestion } from '../../lessons';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { useTeaching } from '../../state/teaching';
import { Picker } from '../picker/Picker';

/*
 * "Which device drops it?": the learner answers by clicking a device on the canvas or a row of
 * the trace (after pressing "Choose"), or by picking from the list. The answer is checked
 * against the device the lesson names; a namespace's event counts for the device it is in.
 */

/** The scenario device an event's or a click's device name stands for ("host/netns0" → "host"). */
export const deviceOf = (name: string): string => name.split('/')[0]!;

export function DropCheck({ question, index, onPassed }: { question: DropQuestion; index: number; onPassed(): void }) {
  const deviceMap = useDocument((s) => s.doc.devices);
  const devices = useMemo(() => Object.keys(deviceMap).map((d) => ({ value: d, label: d })), [deviceMap]);
  const flow = useDocument((s) => s.doc.flows[question.flow]);
  const choosing = useTeaching((t) => t.choosing === index);
  const chosen = useTeaching((t) => t.chosen[index]);
  const [verdict, setVerdict] = useState<{ device: string; passed: boolean } | undefined>();

  const check = () => {
    if (!chosen) return;
    const passed = deviceOf(chosen) === question.device;
    setVerdict({ device: chosen, passed });
    if (passed) onPassed();
  };

  return (
    <>
      <p className="muted small">
        {flow ? (
          <>
            About flow {question.flow}: <code>{flow.run}</code> on <span className="mono">{flow.on}</span>.{' '}
          </>
        ) : null}
        Answer by clicking the device on the canvas, or the trace row where it is dropped.
      </p>
      <div className="lesson-question-actions">
        {flow && (
          <button type="button" onClick={() => useSession.getState().setFlow(question.flow)}>
            Show flow {question.flow}
          </button>
        )}
        <button type="button" aria-pressed={choosing} onClick={() => useTeaching.getState().choose(choosing ? undefined : index)}>
          {choosing ? 'Click a device or a trace row…' : 'Choose on the canvas'}
        </button>
        <label>
          Device{' '}
          <Picker label="The device that drops it" placeholder="(choose)" choices={devices} value={chosen ? deviceOf(chosen) : ''} onChange={(d) => useTeaching.setState((t) => ({ chosen: { ...t.chosen, [index]: d } }))} />
        </label>
        <button type="button" className="primary" onClick={check} disabled={!chosen}>
          Check
        </button>
        {verdict && (
          <span role="status" className="lesson-verdict">
            {verdict.passed ? (
              <span className="is-passed">✓ Passed: {question.device} drops it.</span>
            ) : (
              <span className="is-failed">✗ Not yet: {deviceOf(verdict.device)} is not where it is dropped.</span>
            )}
          </span>
        )}
      </div>
    </>
  );
}
