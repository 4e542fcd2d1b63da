import type { TraceEvent } from '../../engine/trace/types';
import { useSession, type TraceFilter } from '../../state/session';
import { deviceChoices, isFilterEmpty, KIND_GROUPS, PROTOCOLS, type Protocol } from './classify';

/*
 * The three filters above the trace: device, protocol, kind. The device list comes from the
 * trace itself (every device that took part, and each namespace inside one), in order of appearance.
 */

export function TraceFilters({ events, shown }: { events: readonly TraceEvent[]; shown: number }) {
  const filter = useSession((s) => s.filter);
  const setFilter = useSession((s) => s.setFilter);
  const disabled = events.length === 0;
  const devices = deviceChoices(events);
  if (filter.device && !devices.some((d) => d.value === filter.device)) devices.push({ value: filter.device, label: filter.device });
  const set = (patch: Partial<TraceFilter>) => setFilter({ ...filter, ...patch });

  return (
    <div className="trace-filters" role="group" aria-label="Trace filters">
      <select aria-label="Device filter" value={filter.device ?? ''} disabled={disabled} onChange={(e) => set({ device: e.target.value || undefined })}>
        <option value="">All devices</option>
        {devices.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
      <select aria-label="Protocol filter" value={filter.protocol ?? ''} disabled={disabled} onChange={(e) => set({ protocol: (e.target.value || undefined) as Protocol | undefined })}>
        <option value="">All protocols</option>
        {PROTOCOLS.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <select aria-label="Kind filter" value={filter.kind ?? ''} disabled={disabled} onChange={(e) => set({ kind: e.target.value || undefined })}>
        <option value="">All kinds</option>
        {KIND_GROUPS.map((g) => (
          <option key={g.id} value={g.id}>
            {g.label}
          </option>
        ))}
      </select>
      {!isFilterEmpty(filter) && (
        <button type="button" className="trace-clear" onClick={() => setFilter({})}>
          Clear filters
        </button>
      )}
      <span className="trace-count pb-muted">
        {disabled ? '' : isFilterEmpty(filter) ? `${events.length} events` : `${shown} of ${events.length}`}
      </span>
    </div>
  );
}
