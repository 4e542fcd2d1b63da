/*
 * Which built-in lessons form a broken/fixed pair, by name only: the page hides a broken
 * lesson's fixed twin from a student without reading either file (lessons/index.ts adds the
 * command both run, from the broken lesson's question).
 */
export const PAIR_NAMES: readonly [broken: string, fixed: string][] = [
  ['hairpin-nat-broken', 'hairpin-nat-fixed'],
  ['return-traffic-asymmetric', 'return-traffic-policy'],
  ['multi-wan-broken', 'multi-wan'],
  ['k8s-hairpin-broken', 'k8s-hairpin-fixed'],
];

/** The fixed twin of broken lesson `name`, if it is the broken half of a pair. */
export function fixedTwinOf(name: string | undefined): string | undefined {
  return PAIR_NAMES.find(([broken]) => broken === name)?.[1];
}

/** Whether lesson `name` is either half of a pair. */
export function isInPair(name: string | undefined): boolean {
  return PAIR_NAMES.some(([broken, fixed]) => broken === name || fixed === name);
}
