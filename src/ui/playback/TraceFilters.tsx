import { useMemo } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { Picker } from '../picker/Picker';
import { useSession, type TraceFilter } from '../../state/session';
import { deviceChoices, isFilterEmpty, KIND_GROUPS, PROTOCOLS, type Protocol } from './classify';

/*
 * The three filters above the trace: device, protocol, kind. The device list comes from the
 * trace itself (every device that took part, and each namespace inside one), in order of
 * appearance; it can hold thousands, so it is a searchable picker, not a <select>.
 */

export function TraceFilters({ events, shown }: { events: readonly TraceEvent[]; shown: number }) {
  const filter = useSession((s) => s.filter);
  const setFilter = useSession((s) => s.setFilter);
  const disabled = events.length === 0;
  const fromTrace = useMemo(() => [{ value: '', label: 'All devices' }, ...deviceChoices(events)], [events]);
  const devices = filter.device && !fromTrace.some((d) => d.value === filter.device) ? [...fromTrace, { value: filter.device, label: filter.device }] : fromTrace;
  const set = (patch: Partial<TraceFilter>) => setFilter({ ...filter, ...patch });

  return (
    <div className="trace-filters" role="group" aria-label="Trace filters">
      <Picker label="Device filter" className="trace-device-filter" placeholder="All devices" choices={devices} value={filter.device ?? ''} disabled={disabled} onChange={(device) => set({ device: device || undefined })} />
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
