import { netIpvs } from '../kernel/ipvs/ip_vs';
import type { Stack } from '../kernel/stack';
import type { ModelledFeature } from '../trace/modelled';

/*
 * Which modelled-only features a device's own state holds after boot, for the canvas's mark and
 * the inspector's IPVS views: a namespace with an IPVS virtual service (`ipvsadm -A`) uses a
 * module the test kernel lacks. What a flow went through is the trace's business (trace/modelled.ts).
 */

/** The features a namespace's state uses: IPVS once it holds a virtual service. */
export function stackModelled(stack: Stack): ModelledFeature[] {
  return netIpvs(stack).services.length ? ['IPVS'] : [];
}

/**
 * By trace label (`box` for a device's init namespace, `box/ns1` for a named one), each
 * namespace of the device whose init namespace is `init` that uses a modelled-only feature.
 */
export function modelledNamespaces(init: Stack): Record<string, ModelledFeature[]> {
  const out: Record<string, ModelledFeature[]> = {};
  const named = init.netns ? [...init.netns.names()].map((n) => init.netns!.get(n)!) : [];
  for (const s of [init, ...named]) {
    const features = stackModelled(s);
    if (features.length) out[s.id] = features;
  }
  return out;
}
