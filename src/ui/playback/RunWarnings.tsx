import { useMemo } from 'react';
import { useSession } from '../../state/session';
import type { RunResult } from '../../engine/trace/verdict';
import { runWarnings } from './warning';

/*
 * The warnings of a finished run (a loop, a storm, a budget or a limit that stopped it), each
 * with a link to the event it is about. An alert, so a screen reader says it when it appears.
 */

export function RunWarnings({ result }: { result: RunResult & { truncated?: boolean } }) {
  const warnings = useMemo(() => runWarnings(result), [result]);
  if (warnings.length === 0) return null;
  const jump = (seq: number) => {
    const s = useSession.getState();
    s.setPlaying(false);
    s.setStep(seq);
  };
  return (
    <div role="alert" aria-label="Run warning" className="sum-warnings">
      {warnings.map((w) => (
        <p key={w.reason} className="sum-warning" data-reason={w.reason}>
          <span className="sum-mark" aria-hidden="true">
            ⚠
          </span>
          <strong>{w.title}.</strong> {w.text}
          {w.seq !== undefined && (
            <>
              {' '}
              <button type="button" className="sum-jump" onClick={() => jump(w.seq!)}>
                Show step {w.seq + 1}
              </button>
            </>
          )}
        </p>
      ))}
    </div>
  );
}
