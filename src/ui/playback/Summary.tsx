import { useMemo } from 'react';
import { useSession } from '../../state/session';
import { ConfigIssues } from './ConfigIssues';
import { ModelledRunNote } from './Modelled';
import { RunWarnings } from './RunWarnings';
import { SaveAsFlow } from '../authoring/SaveAsFlow';
import { verdict } from '../../engine/trace/verdict';
import { groupDigits, MAX_FLOW_NS, RULE_BUDGET } from '../../engine/sim/budgets';
import { WALL_TIME_MS } from '../../worker/limits';
import type { InjectResponse } from '../../engine/api';

type InjectResponseOk = Extract<InjectResponse, { ok: true }>;

/*
 * How the run ended: a one-line verdict drawn from the trace (with a link to the event it is
 * about), the command's exit status and what it printed, the stop reason when the run did not
 * settle, and the config lines the simulator could not apply. A typed command's run can be saved
 * as a flow from here, beside its exit status.
 */

const STOP_REASONS: Record<string, string> = {
  'time-limit': `stopped at the time limit (${MAX_FLOW_NS / 1e9} s of virtual time)`,
  'event-budget': 'stopped: the event budget ran out (a loop or a storm?)',
  'rule-budget': `stopped: packets were checked against ${groupDigits(RULE_BUDGET)} iptables rules, the limit for one run`,
  'bridge-loop': 'stopped: a bridge loop made a broadcast storm',
  'wall-time': `stopped: it took more than ${WALL_TIME_MS / 1000} s of real time`,
};

function Done() {
  const run = useSession((s) => s.run);
  const result = run.status === 'done' ? run.result : undefined;
  // An injected packet's run carries its own verdict (packet-verdict.ts), as `hairpin trace` prints it.
  const injected = result && 'injected' in result ? (result as InjectResponseOk).injected : undefined;
  const v = useMemo(() => (injected ? injected.verdict : result ? verdict(result) : undefined), [result, injected]);
  if (!result || !v) return null;
  const jump = () => {
    if (v.seq === undefined) return;
    const s = useSession.getState();
    s.setPlaying(false);
    s.setStep(v.seq);
  };
  return (
    <>
      <RunWarnings result={result} />
      <p className={`sum-verdict ${v.ok ? 'is-ok' : 'is-fail'}`}>
        <span className="sum-mark" aria-hidden="true">
          {v.ok ? '✓' : '✗'}
        </span>
        <span className="sr-only">{v.ok ? 'Succeeded: ' : 'Failed: '}</span>
        <span className="sum-text">{v.text}</span>
      </p>
      {v.seq !== undefined && (
        <button type="button" className="sum-jump" onClick={jump}>
          Show step {v.seq + 1}
        </button>
      )}
      <ModelledRunNote features={result.modelled} />
      <dl className="sum-facts">
        <div>
          <dt>{injected ? 'Injected packet' : 'Command'}</dt>
          <dd>
            <code>{injected ? `${result.device}: ${result.command}` : `${result.device}$ ${result.command}`}</code>
            {injected && <span className="sum-injected"> {injected.inPort === undefined ? `as a process on ${result.device} sends it` : `put on ${result.device} as if it arrived on ${injected.inPort}`}; no sender built</span>}
          </dd>
        </div>
        <div>
          <dt>Exit status</dt>
          <dd className={result.exit === 0 ? 'sum-exit-ok' : 'sum-exit-fail'}>{result.exit}</dd>
        </div>
        {result.stopReason !== 'settled' && (
          <div>
            <dt>Run</dt>
            <dd>{STOP_REASONS[result.stopReason] ?? result.stopReason}</dd>
          </div>
        )}
      </dl>
      {/* Above the output: a line the kernel refused is often why the command failed. */}
      {run.status === 'done' && <ConfigIssues issues={result.configIssues} doc={run.doc} />}
      {injected && !result.stderr ? null : <h3 className="pkt-subtitle">Output</h3>}
      {injected && !result.stderr ? null : result.stdout || result.stderr ? (
        <pre className="sum-output" aria-label="Command output">
          {result.stdout}
          {result.stderr && <span className="sum-stderr">{result.stderr}</span>}
        </pre>
      ) : (
        <p className="pb-muted sum-quiet">The command printed nothing.</p>
      )}
    </>
  );
}

export function Summary() {
  const run = useSession((s) => s.run);
  return (
    <section className="pane summary-pane" role="region" aria-label="Summary">
      <div className="pane-head">
        <h2 className="pane-title">Summary</h2>
        <SaveAsFlow />
      </div>
      <div className="pane-body" tabIndex={0}>
        {run.status === 'done' ? (
          <Done />
        ) : run.status === 'error' ? (
          <div role="alert" className="sum-error">
            <p className="sum-verdict is-fail">
              <span className="sum-mark" aria-hidden="true">
                ✗
              </span>
              {run.failed ? 'The run failed' : 'The run did not start'}
            </p>
            {run.command && (
              <p>
                Running <code>{run.command.on}$ {run.command.command}</code>:
              </p>
            )}
            {run.at && run.doc ? (
              <ConfigIssues issues={[{ device: run.at.device, line: run.at.line, column: 1, message: run.message, kind: 'refused' }]} doc={run.doc} />
            ) : (
              <pre className="sum-output">{run.message}</pre>
            )}
          </div>
        ) : (
          <p className="pane-empty">{run.status === 'running' ? 'The verdict appears when the run ends.' : 'Press Run: the verdict, the exit status and what the command printed appear here.'}</p>
        )}
      </div>
    </section>
  );
}
