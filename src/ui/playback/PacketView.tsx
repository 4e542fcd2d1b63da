import { useMemo } from 'react';
import type { TraceEvent } from '../../engine/trace/types';
import { formatIpv4, formatTcpdump } from '../../engine/wire/tcpdump';
import { useSession } from '../../state/session';
import { badgeFor, formatMs, kindGroupOf, placeOf } from './classify';
import { headerSections } from './headers';
import { HeaderTables } from './HeaderTables';
import { WhyFacts, WhySentence } from './WhyView';
import { ipvsLabel, natLabel } from '../canvas/traffic';
import { modelledFeatures, modelledNote } from '../../engine/trace/modelled-note';
import { UseAsStep } from '../authoring/UseAsStep';

/*
 * The packet at the current step: the engine's one-sentence why (it leads: the pane is short),
 * the line `tcpdump -e -n` prints for it (for a step inside a box, the IP packet without the
 * link layer, and what it was before a rewrite), its headers field by field with the fields
 * this step changed, then the facts behind the why. All text is rendered as text.
 */

/** tcpdump's line for the frame on the wire, or the IPv4 part for a packet inside a box. */
function tcpdumpLines(e: TraceEvent): { now?: string; before?: string } {
  const safe = (f: () => string) => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  const now = e.frame ? safe(() => formatTcpdump(e.frame!)) : e.packet ? safe(() => formatIpv4(e.packet!)) : undefined;
  const before = e.before ? safe(() => formatIpv4(e.before!)) : undefined;
  return { now, before: before !== now ? before : undefined };
}

/** IPVS at this step, as the canvas marks it ("IPVS wrr → 10.0.3.2:80"), with the modelled-not-recorded badge. */
function IpvsStepLabel({ event }: { event: TraceEvent }) {
  const features = modelledFeatures([event]);
  if (!features.includes('IPVS')) return null;
  const label = event.kind === 'nat' ? natLabel(event) : ipvsLabel(event);
  return (
    <>
      {label && <span className="pkt-ipvs">{label}</span>}
      <span className="modelled-badge" role="note" aria-label="This step: modelled, not recorded" title={modelledNote(features)}>
        modelled
      </span>
    </>
  );
}

function EventView({ event, index }: { event: TraceEvent; index: number }) {
  const sections = useMemo(() => headerSections(event), [event]);
  const lines = useMemo(() => tcpdumpLines(event), [event]);
  return (
    <>
      <div className="pkt-head">
        <span className="pkt-step">#{index + 1}</span>
        <span className="pkt-place">{placeOf(event)}</span>
        <span className={`trace-badge kind-${kindGroupOf(event.kind) ?? 'other'}`}>{badgeFor(event)}</span>
        <span className="pb-muted">{formatMs(event.t)}</span>
        <IpvsStepLabel event={event} />
      </div>
      <WhySentence event={event} />
      {lines.now ? (
        <div className="pkt-tcpdump">
          {lines.before && (
            <code className="pkt-line pkt-line-before">
              <span className="pkt-line-tag">before</span>
              {lines.before}
            </code>
          )}
          <code className="pkt-line">
            {lines.before && <span className="pkt-line-tag">after</span>}
            {lines.now}
          </code>
        </div>
      ) : (
        <p className="pane-empty pkt-nopacket">No packet at this step: it changes state inside {event.device}.</p>
      )}
      {sections.length > 0 && <HeaderTables sections={sections} />}
      <WhyFacts event={event} />
    </>
  );
}

export function PacketView() {
  const run = useSession((s) => s.run);
  const step = useSession((s) => s.step);
  const events = run.status === 'done' ? run.result.events : [];
  const index = Math.min(step, events.length - 1);
  const event = index >= 0 ? events[index] : undefined;
  return (
    <section className="pane packet-pane" role="region" aria-label="Packet">
      <div className="pane-head">
        <h2 className="pane-title">Packet</h2>
        {event && <UseAsStep event={event} index={index} />}
      </div>
      <div className="pane-body" tabIndex={0}>
        {event ? <EventView event={event} index={index} /> : <p className="pane-empty">Step through a run to see each packet: its tcpdump line, every header field, and why the kernel did what it did.</p>}
      </div>
    </section>
  );
}
