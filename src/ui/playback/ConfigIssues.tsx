import type { ScenarioDoc } from '../../engine/scenario/types';
import type { ConfigIssue } from '../../engine/sim/run';
import { useSession } from '../../state/session';
import { visibleText } from '../visibleText';

/*
 * The config lines the run could not apply: each names the device and line, shows the line as
 * it read when the run was made, and the tool's own message ("Error: Nexthop has invalid
 * gateway."). The button opens the device in the inspector, whose editor marks the line.
 */
export function ConfigIssues({ issues, doc }: { issues: readonly ConfigIssue[]; doc: ScenarioDoc }) {
  if (!issues.length) return null;
  const show = (device: string) => useSession.getState().select(device);
  return (
    <>
      <h3 className="pkt-subtitle">Config issues</h3>
      <ul className="sum-issues" aria-label="Config issues">
        {issues.map((i, n) => {
          const line = Object.hasOwn(doc.devices, i.device) ? doc.devices[i.device]!.config?.[i.line - 1] : undefined;
          return (
            <li key={n}>
              <button type="button" className="sum-issue-place" onClick={() => show(i.device)} aria-label={`Show ${i.device} line ${i.line} in its config`}>
                {i.device} line {i.line}:{i.column}
              </button>{' '}
              {line !== undefined && <code className="sum-issue-line">{visibleText(line)}</code>} {i.message}
            </li>
          );
        })}
      </ul>
    </>
  );
}
