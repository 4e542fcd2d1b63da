import type { Ipv4Packet } from '../wire/types';
import type { TraceEvent } from './types';

/** The IPv4 packet an event shows: the packet after the step, or the one inside the frame. */
export function ipv4Of(e: TraceEvent): Ipv4Packet | undefined {
  if (e.packet) return e.packet;
  return e.frame?.payload.kind === 'ipv4' ? e.frame.payload : undefined;
}
