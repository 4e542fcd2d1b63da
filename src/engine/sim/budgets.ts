/*
 * What bounds a run, in one place: the engine stops at these, and the playground's warnings
 * name them. No imports, so the page can use it without pulling in the engine.
 */

/** A flow stops after this much virtual time, 120 s (a `ping` with no -c, say). */
export const MAX_FLOW_NS = 120_000_000_000;

/** A run stops after this many events: a broadcast storm or a forwarding loop ends here. */
export const EVENT_BUDGET = 1_000_000;

/**
 * A run stops after its packets were checked against this many iptables rules (about 0.1 µs
 * each, so a few seconds): 100,000 rules are allowed, and a flow sending thousands of packets
 * through all of them would otherwise run for minutes without a single event more.
 */
export const RULE_BUDGET = 30_000_000;

/** 30000000 → "30,000,000", without locale data. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
