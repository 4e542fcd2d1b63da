import { useRunOutOfDate } from '../../state/currency';
import type { TraceEvent } from '../../engine/trace/types';
import { useDocument } from '../../state/document';
import { useSession } from '../../state/session';
import { useStoreWithEqualityFn } from 'zustand/traditional';
import { useInsidesNow } from './insides';
import { stepActivity, type Proto, type StepActivity, type Transit } from './traffic';

/*
 * The trace activity at the current step, shared by every edge and the overlay: computed once
 * per (trace, step, links) however many components ask.
 */

const NONE: readonly TraceEvent[] = [];
let last: { events: readonly TraceEvent[]; step: number; links: unknown; value: StepActivity; byLink: Map<string, Transit[]> } | undefined;

function computed(events: readonly TraceEvent[], step: number, links: readonly (readonly [string, string])[]) {
  if (last && last.events === events && last.step === step && last.links === links) return last;
  const value = stepActivity(events, step, links);
  const byLink = new Map<string, Transit[]>();
  for (const t of value.transits) {
    const list = byLink.get(t.link);
    if (list) list.push(t);
    else byLink.set(t.link, [t]);
  }
  last = { events, step, links, value, byLink };
  return last;
}

type Links = readonly (readonly [string, string])[];
const combined = new WeakMap<Links, { inner: Links; all: Links }>();

/** The document's links and the links inside devices (veth pairs), one array while neither changes. */
function useLinks(): Links {
  const links = useDocument((s) => s.doc.links);
  const inner = useInsidesNow().links;
  if (!inner.length) return links;
  const known = combined.get(links);
  if (known?.inner === inner) return known.all;
  const all = [...links, ...inner];
  combined.set(links, { inner, all });
  return all;
}

function activityFor(events: readonly TraceEvent[], step: number, links: readonly (readonly [string, string])[]): StepActivity {
  return computed(events, step, links).value;
}

/** What one link shows at the current step: the protocol it is lit in, and its frames. */
export interface LinkActivity {
  proto?: Proto;
  transits: readonly Transit[];
}

const QUIET: LinkActivity = { transits: [] };

/** The same picture on the link: the same frames in the same states (an arrived frame fades with age). */
function sameLink(a: LinkActivity, b: LinkActivity): boolean {
  if (a === b) return true;
  if (a.proto !== b.proto || a.transits.length !== b.transits.length) return false;
  return a.transits.every((t, i) => {
    const u = b.transits[i]!;
    return t.key === u.key && t.state === u.state && t.proto === u.proto && t.reply === u.reply && t.from === u.from && (t.state === 'flight' || t.age === u.age);
  });
}

/** The events of the finished run, or none: a run of an earlier version of the document is not animated over this one. */
export function useEvents(): readonly TraceEvent[] {
  const outOfDate = useRunOutOfDate();
  return useSession((s) => (s.run.status === 'done' && !outOfDate ? s.run.result.events : NONE));
}

export function useActivity(): StepActivity {
  const events = useEvents();
  const step = useSession((s) => s.step);
  const links = useLinks();
  return activityFor(events, step, links);
}

/**
 * One link's activity. Each link subscribes on its own and re-renders only when what it shows
 * changes, not at every step: playback on a large network touches a few links per step.
 */
export function useLinkActivity(id: string): LinkActivity {
  const links = useLinks();
  const outOfDate = useRunOutOfDate();
  return useStoreWithEqualityFn(
    useSession,
    (s) => {
      if (s.run.status !== 'done' || outOfDate) return QUIET;
      const { value, byLink } = computed(s.run.result.events, s.step, links);
      const proto = value.links.get(id);
      return proto ? { proto, transits: byLink.get(id) ?? [] } : QUIET;
    },
    sameLink,
  );
}

/** How long a frame takes to cross a link on screen: shorter while playing fast. */
export function useTravelMs(): { ms: number; loop: boolean } {
  const playing = useSession((s) => s.playing);
  const speed = useSession((s) => s.speed);
  return playing ? { ms: Math.max(160, Math.min(900, 850 / Math.max(speed, 0.1))), loop: false } : { ms: 1100, loop: true };
}
