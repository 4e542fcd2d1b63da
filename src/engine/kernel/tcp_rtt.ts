/*
 * The retransmission timer's estimator (tcp_rtt_estimator and __tcp_set_rto in tcp_input.c):
 * Jacobson/Karels with Linux's scaling. srtt is kept in microseconds times 8, mdev times 4;
 * rttvar never drops below tcp_rto_min (200 ms), so on a LAN the RTO is about 200 ms + RTT.
 * Before any sample the RTO is TCP_TIMEOUT_INIT (1 s); each expiry doubles it up to 120 s.
 */

export const TCP_RTO_MIN_US = 200_000;
export const TCP_RTO_MAX_US = 120_000_000;
export const TCP_TIMEOUT_INIT_US = 1_000_000;

export class RttEstimator {
  /** Smoothed RTT << 3, in microseconds; 0 until the first sample. */
  srtt8 = 0;
  mdev4 = 0;
  mdevMax = 0;
  rttvar = 0;
  /** snd_nxt when the current rttvar period started (rtt_seq). */
  rttSeq = 0;
  /** The current RTO before backoff, in microseconds. */
  rto = TCP_TIMEOUT_INIT_US;

  /** One RTT measurement `mUs` (never from a retransmitted segment: Karn's rule). */
  sample(mUs: number, sndUna: number, sndNxt: number): void {
    let m = Math.max(1, Math.round(mUs));
    let srtt = this.srtt8;
    if (srtt !== 0) {
      m -= srtt >> 3;
      srtt += m;
      if (m < 0) {
        m = -m;
        m -= this.mdev4 >> 2;
        if (m > 0) m >>= 3;
      } else m -= this.mdev4 >> 2;
      this.mdev4 += m;
      if (this.mdev4 > this.mdevMax) {
        this.mdevMax = this.mdev4;
        if (this.mdevMax > this.rttvar) this.rttvar = this.mdevMax;
      }
      if (((sndUna - this.rttSeq) | 0) > 0) {
        if (this.mdevMax < this.rttvar) this.rttvar -= (this.rttvar - this.mdevMax) >> 2;
        this.rttSeq = sndNxt;
        this.mdevMax = TCP_RTO_MIN_US;
      }
    } else {
      srtt = m << 3;
      this.mdev4 = m << 1;
      this.rttvar = Math.max(this.mdev4, TCP_RTO_MIN_US);
      this.mdevMax = this.rttvar;
      this.rttSeq = sndNxt;
    }
    this.srtt8 = Math.max(1, srtt);
    this.rto = Math.min((this.srtt8 >> 3) + this.rttvar, TCP_RTO_MAX_US);
  }

  /** The timer's value after `backoff` expiries in a row (inet_csk_rto_backoff). */
  backedOff(backoff: number): number {
    return Math.min(this.rto * 2 ** backoff, TCP_RTO_MAX_US);
  }
}
