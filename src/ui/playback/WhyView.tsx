import type { TraceEvent } from '../../engine/trace/types';
import { conntrackState, directionText, factRows } from './facts';
import { why } from '../../engine/trace/why';

/*
 * Why the kernel did what this step shows. The engine's sentence leads the packet pane
 * (WhySentence); the facts behind it follow the headers (WhyFacts): route and ip rule,
 * iptables table/chain/line and rule text, conntrack entry, sysctl, then the direction of the
 * packet in its connection and the conntrack state.
 */

export function WhySentence({ event }: { event: TraceEvent }) {
  return <p className={`why-sentence${event.kind === 'drop' ? ' is-drop' : ''}`}>{why(event)}</p>;
}

export function WhyFacts({ event }: { event: TraceEvent }) {
  const facts = factRows(event);
  const direction = directionText(event);
  const ct = conntrackState(event);
  if (facts.length === 0 && !direction && !ct) return null;
  return (
    <section className="why" aria-label="Why">
      <h3 className="pkt-subtitle">Why</h3>
      <dl className="why-facts">
        {facts.map((f, i) => (
          <div key={`${f.term}-${i}`} className="why-fact">
            <dt>{f.term}</dt>
            <dd>{f.code ? <code>{f.value}</code> : f.value}</dd>
          </div>
        ))}
        {direction && (
          <div className="why-fact">
            <dt>Direction</dt>
            <dd>{direction}</dd>
          </div>
        )}
        {ct && (
          <div className="why-fact">
            <dt>Conntrack state</dt>
            <dd>{ct}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
