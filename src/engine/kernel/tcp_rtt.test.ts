import { describe, expect, it } from 'vitest';
import { RttEstimator, TCP_RTO_MAX_US } from './tcp_rtt';

describe('TCP retransmission timeout (tcp_rtt_estimator)', () => {
  it('is 1 s before the first RTT sample', () => {
    expect(new RttEstimator().rto).toBe(1_000_000);
  });
  it('is RTT + 200 ms (tcp_rto_min) after a LAN-sized first sample', () => {
    const r = new RttEstimator();
    r.sample(100, 0, 1);
    expect(r.rto).toBe(200_100);
  });
  it('is 3 x RTT after a first sample larger than 100 ms (mdev = RTT/2, rttvar = 4 mdev)', () => {
    const r = new RttEstimator();
    r.sample(300_000, 0, 1);
    expect(r.rto).toBe(900_000);
  });
  it('smooths later samples 7/8 old + 1/8 new', () => {
    const r = new RttEstimator();
    r.sample(80_000, 0, 1);
    r.sample(160_000, 1, 2);
    expect(r.srtt8 >> 3).toBe(90_000);
  });
  it('doubles on each expiry up to 120 s', () => {
    const r = new RttEstimator();
    expect(r.backedOff(3)).toBe(8_000_000);
    expect(r.backedOff(10)).toBe(TCP_RTO_MAX_US);
  });
});
