import type { TraceEvent } from './types';

/**
 * What a flow went through that the test kernel cannot run (README, "Modelled, not recorded"):
 * such a flow follows the kernel's source and the tools' documentation, and no recording can
 * check it. Derived from the trace, so a scenario needs no flag of its own: a flow that never
 * reaches IPVS in a scenario that configures it is still recorded.
 */
export type ModelledFeature = 'IPVS';

/** The features, in a fixed order, that the flow's trace shows it used. */
export function modelledFeatures(events: readonly TraceEvent[]): ModelledFeature[] {
  const used = new Set<ModelledFeature>();
  for (const e of events) if (e.reason.code.startsWith('ipvs_')) used.add('IPVS');
  return [...used];
}

/** The one sentence the CLI and the UI show for such a flow. */
export function modelledNote(features: readonly ModelledFeature[]): string {
  return `Modelled, not recorded: this flow goes through ${features.join(' and ')}, which this project's test kernel lacks; it follows the kernel's source (net/netfilter/ipvs) and ipvsadm's documentation.`;
}
