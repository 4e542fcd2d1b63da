import { modelledNote, type ModelledFeature } from '../../engine/trace/modelled-note';

/*
 * "Modelled, not recorded" for the run on show: it went through something the test kernel
 * lacks (IPVS, or a device built with a dummy, VLAN or IPIP link), so the steps follow the
 * kernel's source and no recording checks them. The engine decides it as `hairpin check` does
 * (the run's `modelled`); the summary says it in full, the playback bar carries the badge with
 * the sentence as its tooltip.
 */

export function ModelledRunBadge({ features = [] }: { features?: readonly ModelledFeature[] }) {
  if (!features.length) return null;
  return (
    <span className="modelled-badge" role="note" aria-label={`This run: modelled, not recorded (${features.join(', ')})`} title={modelledNote(features)}>
      {features.join(', ')} · modelled
    </span>
  );
}

export function ModelledRunNote({ features = [] }: { features?: readonly ModelledFeature[] }) {
  if (!features.length) return null;
  return (
    <p className="sum-modelled" role="note" aria-label="This flow: modelled, not recorded">
      {modelledNote(features)}
    </p>
  );
}
