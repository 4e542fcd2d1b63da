import { useMemo } from 'react';
import { modelledFeatures, modelledNote } from '../../engine/trace/modelled';
import type { TraceEvent } from '../../engine/trace/types';

/*
 * "Modelled, not recorded" for the run on show: its trace went through something the test
 * kernel lacks (IPVS), so the steps follow the kernel's source and no recording checks them.
 * The summary says it in full; the playback bar carries the badge, the sentence as its tooltip.
 */

export function useModelledFeatures(events: readonly TraceEvent[] | undefined) {
  return useMemo(() => (events ? modelledFeatures(events) : []), [events]);
}

export function ModelledRunBadge({ events }: { events: readonly TraceEvent[] }) {
  const features = useModelledFeatures(events);
  if (!features.length) return null;
  return (
    <span className="modelled-badge" role="note" aria-label={`This run: modelled, not recorded (${features.join(', ')})`} title={modelledNote(features)}>
      {features.join(', ')} · modelled
    </span>
  );
}

export function ModelledRunNote({ events }: { events: readonly TraceEvent[] }) {
  const features = useModelledFeatures(events);
  if (!features.length) return null;
  return (
    <p className="sum-modelled" role="note" aria-label="This flow: modelled, not recorded">
      {modelledNote(features)}
    </p>
  );
}
