import type { Proto, Transit } from '../canvas/traffic';
import { useSession } from '../../state/session';

/*
 * A frame drawn on a link is a button: it names its protocol and the ports it travels between,
 * and pressing it takes playback to the event that sent it (a Transit's key is the index of
 * its frame-sent event), so the packet pane shows that frame's packet.
 */

export const PROTO_LABEL: Record<Proto, string> = { arp: 'ARP', icmp: 'ICMP', tcp: 'TCP', udp: 'UDP', dns: 'DNS', other: 'frame' };

type FrameFacts = Pick<Transit, 'key' | 'from' | 'to' | 'proto' | 'reply'>;

/** The trace step a frame on a link opens: the event that sent it. */
export function frameStep(t: Pick<Transit, 'key'>): number {
  return t.key;
}

/** "ICMP reply frame from router:eth1 to lan:p3 (step 42)": what the frame's button says. */
export function frameLabel(t: FrameFacts): string {
  const what = t.proto === 'other' ? 'Frame' : `${PROTO_LABEL[t.proto]} ${t.reply ? 'reply ' : ''}frame`;
  return `${what} from ${t.from} to ${t.to} (step ${frameStep(t) + 1})`;
}

/** Playback stops at the frame's sending, so its packet shows. */
export function openFrame(t: Pick<Transit, 'key'>): void {
  const s = useSession.getState();
  s.setPlaying(false);
  s.setStep(frameStep(t));
}
