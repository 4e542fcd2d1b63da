import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './types';
import { modelledFeatures, modelledNote } from './modelled';

const event = (code: string): TraceEvent => ({ seq: 0, t: 0, device: 'node', layer: 'ip', kind: 'info', reason: { code } } as unknown as TraceEvent);

describe('modelled, not recorded', () => {
  it('marks a flow that IPVS scheduled (the test kernel has no ip_vs module)', () => {
    expect(modelledFeatures([event('route_ok'), event('ipvs_schedule'), event('ipvs_nat')])).toEqual(['IPVS']);
    expect(modelledNote(['IPVS'])).toContain('goes through IPVS');
  });
  it('leaves a flow that never reached IPVS recordable', () => {
    expect(modelledFeatures([event('route_ok'), event('nat_dnat')])).toEqual([]);
  });
});
