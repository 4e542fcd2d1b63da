import type { DeviceViewName } from '../../engine/api';
import { useSession } from '../../state/session';
import { DeviceViews } from './DeviceViews';

/*
 * A network namespace inside a device, in the inspector: what the tools print in it at the
 * current step (the device's views, run in that namespace as `ip netns exec NAME` runs them),
 * and the trace narrowed to it. Its config is its device's (the `ip netns`/`ip -n` lines).
 */

interface Props {
  /** The namespace's trace label, `box/ns1`. */
  label: string;
  box: string;
  netns: string;
  view: DeviceViewName | undefined;
  onView(view: DeviceViewName | undefined): void;
}

export function NamespaceSections({ label, box, netns, view, onView }: Props) {
  const filtered = useSession((s) => s.filter.device === label);
  const filterTrace = () => {
    const s = useSession.getState();
    s.setFilter({ ...s.filter, device: filtered ? undefined : label });
  };
  return (
    <>
      <p className="muted small">
        A network namespace of <span className="mono">{box}</span>: its own interfaces, routes, rules, iptables and conntrack. {box}’s config makes it (
        <span className="mono">ip netns add {netns}</span>, <span className="mono">ip -n {netns} …</span>); the trace names its events{' '}
        <span className="mono">{label}</span>.
      </p>
      <div className="ns-actions">
        <button type="button" aria-pressed={filtered} onClick={filterTrace}>
          {filtered ? 'Show the whole trace' : `Only ${label} in the trace`}
        </button>
      </div>
      <details className="inspector-section inspector-state" open>
        <summary>
          <h3>State</h3>
        </summary>
        <div className="inspector-section-body">
          <DeviceViews device={label} kind="host" view={view} onView={onView} prompt={(command) => `${box}# ip netns exec ${netns} ${command}`} />
        </div>
      </details>
    </>
  );
}
