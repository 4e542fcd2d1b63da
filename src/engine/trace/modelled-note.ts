import type { TraceEvent } from './types';

/**
 * What a flow went through that the test kernel cannot run (README, "Modelled, not recorded"):
 * such a flow follows the kernel's source and the tools' documentation, and no recording can
 * check it. Derived from the trace, so a scenario needs no flag of its own: a flow that never
 * reaches IPVS in a scenario that configures it is still recorded.
 *
 * IPVS (no ip_vs module), and the link types of NOT_RECORDED_TYPES (no dummy, 8021q or ipip module).
 */
export type ModelledFeature = 'IPVS' | 'dummy' | 'vlan' | 'ipip';

const ORDER: readonly ModelledFeature[] = ['IPVS', 'dummy', 'vlan', 'ipip'];

/** How the note names each feature, and the kernel source it follows. */
const NAMES: Record<ModelledFeature, { name: string; source: string }> = {
  IPVS: { name: 'IPVS', source: 'net/netfilter/ipvs' },
  dummy: { name: 'a dummy interface', source: 'drivers/net/dummy.c' },
  vlan: { name: 'an 802.1Q VLAN device', source: 'net/8021q' },
  ipip: { name: 'an IPIP tunnel', source: 'net/ipv4/ipip.c' },
};

/** The features of `used` in the fixed order. */
export const sorted = (used: ReadonlySet<ModelledFeature>): ModelledFeature[] => ORDER.filter((f) => used.has(f));

/** Whether a link type names a feature (dummy, vlan, ipip). */
export const isModelledFeature = (name: string): name is ModelledFeature => Object.hasOwn(NAMES, name);

/** The feature an event's reason code shows the flow used, if any. */
export function featureOfCode(code: string): ModelledFeature | undefined {
  // Every Run's answer asks for every event: most codes fail the first letter.
  if (code.charCodeAt(0) !== 0x69 /* i */) return undefined;
  if (code.startsWith('ipvs_')) return 'IPVS';
  // The kernel here has no ipip module: an IPIP packet it would answer with protocol unreachable.
  if (code.startsWith('ipip_')) return 'ipip';
  return undefined;
}

/** The features, in a fixed order, that the flow's trace shows it used. */
export function modelledFeatures(events: readonly TraceEvent[]): ModelledFeature[] {
  const used = new Set<ModelledFeature>();
  for (const e of events) {
    const f = featureOfCode(e.reason.code);
    if (f) used.add(f);
  }
  return sorted(used);
}

/** The one sentence the CLI and the UI show for such a flow. */
export function modelledNote(features: readonly ModelledFeature[]): string {
  const names = features.map((f) => NAMES[f].name);
  const ipvsadm = features.includes('IPVS') ? " and ipvsadm's documentation" : '';
  return `Modelled, not recorded: this flow goes through ${names.join(' and ')}, which this project's test kernel lacks; it follows the kernel's source (${features.map((f) => NAMES[f].source).join(', ')})${ipvsadm}.`;
}

