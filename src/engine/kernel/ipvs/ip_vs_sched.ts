import type { IpVsScheduler } from './ip_vs';
import { ipVsDh } from './ip_vs_dh';
import { ipVsLc } from './ip_vs_lc';
import { ipVsMh } from './ip_vs_mh';
import { ipVsRr } from './ip_vs_rr';
import { ipVsSh } from './ip_vs_sh';
import { ipVsWlc } from './ip_vs_wlc';
import { ipVsWrr } from './ip_vs_wrr';

/* ip_vs_sched.c: the registered schedulers, found by name (ip_vs_scheduler_get). */

const SCHEDULERS: readonly IpVsScheduler[] = [ipVsRr, ipVsWrr, ipVsLc, ipVsWlc, ipVsSh, ipVsDh, ipVsMh];

/** Schedulers a real kernel has as modules that this model does not run yet. */
export const UNMODELLED_SCHEDULERS = ['sed', 'nq', 'lblc', 'lblcr', 'fo', 'ovf', 'twos'];

export function ipVsSchedulerGet(name: string): IpVsScheduler | undefined {
  return SCHEDULERS.find((s) => s.name === name);
}
