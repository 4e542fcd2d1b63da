import type { ModelledFeature } from '../../../engine/trace/modelled-note';

/** The "modelled, not recorded" note (README) for interface types the test kernel cannot show. */
export function notRecordedNote(types: readonly string[]): string {
  return `Modelled, not recorded: ${types.join(', ')} follows the kernel's source; this machine's kernel has no such device, so the test kernel cannot show it.`;
}

/** The same note for what a device's config sets up with a module the test kernel lacks (IPVS virtual services). */
export function modelledConfigNote(features: readonly ModelledFeature[]): string {
  return `Modelled, not recorded: this device's ${features.join(' and ')} virtual services follow the kernel's source (net/netfilter/ipvs) and ipvsadm's documentation; the test kernel has no ip_vs module, so no recording checks them.`;
}

/** The accessible name of a device's mark: what it is about, for screen readers and tests. */
export function modelledMarkLabel(device: string, what: readonly string[]): string {
  return `${device}: modelled, not recorded (${what.join(', ')})`;
}
