import { useMemo } from 'react';
import { useDocument } from '../../state/document';
import { portAddresses } from '../canvas/addresses';
import { Markdown } from '../lessons/Markdown';
import { visibleText } from '../visibleText';

/*
 * The handout a teacher prints (the button or the browser's own Ctrl+P): print.css hides the
 * workspace but the drawn topology, and shows these two parts (Handout.tsx mounts them while
 * printing; this module, with the markdown renderer, is a chunk of its own). They read the
 * document, so every device is listed, not only the selected one. For a lesson: its steps, the
 * question and its hint, never the worked answer (the handout is for students).
 */

/** Above the topology: the title and the about text. */
export function HandoutIntroBody() {
  const title = useDocument((s) => s.doc.title);
  const about = useDocument((s) => s.doc.about ?? '');
  return (
    <section className="print-only handout-intro" aria-label="Handout">
      <h1>{visibleText(title)}</h1>
      {about && <Markdown text={about} />}
    </section>
  );
}

/** Below the topology: the lesson's steps and question, each device's config, the flows. */
export function HandoutDetailsBody() {
  const doc = useDocument((s) => s.doc);
  const lesson = useDocument((s) => s.doc.lesson);
  const devices = useMemo(
    () => Object.entries(doc.devices).map(([name, d]) => ({ name, kind: d.kind, ports: Object.keys(d.ports), addresses: portAddresses(d.config), config: d.config ?? [] })),
    [doc.devices],
  );
  return (
    <section className="print-only handout-details" aria-label="Handout details">
      {lesson?.steps && lesson.steps.length > 0 && (
        <section className="handout-block" aria-label="Handout steps">
          <h2>Steps</h2>
          <ol>
            {lesson.steps.map((s, i) => (
              <li key={i}>
                <Markdown inline text={s.text} />
              </li>
            ))}
          </ol>
        </section>
      )}
      {(lesson?.questions ?? []).map((q, i, all) => (
        <section key={i} className="handout-block" aria-label={all.length > 1 ? `Handout question ${i + 1}` : 'Handout question'}>
          <h2>{all.length > 1 ? `Question ${i + 1}` : 'Question'}</h2>
          <Markdown text={q.text} />
          {q.kind === 'drop' && <p>Which device drops it?</p>}
          {(q.hints ?? []).map((h, j) => (
            <p key={j} className="handout-hint">
              <strong>{(q.hints?.length ?? 0) > 1 ? `Hint ${j + 1}: ` : 'Hint: '}</strong>
              <Markdown inline text={h} />
            </p>
          ))}
          <p className="handout-answer-space" aria-hidden="true" />
        </section>
      ))}
      <section aria-label="Handout devices">
        <h2>Devices</h2>
        {devices.map((d) => (
          <section key={d.name} className="handout-device" aria-label={`Device ${d.name}`}>
            <h3>
              {visibleText(d.name)} <span className="handout-kind">({d.kind})</span>
            </h3>
            {d.ports.length > 0 && (
              <p className="handout-ports">
                Ports:{' '}
                {d.ports.map((p, i) => (
                  <span key={p}>
                    {i > 0 && ', '}
                    <span className="mono">{visibleText(p)}</span>
                    {d.addresses[p]?.length ? ` ${d.addresses[p].join(' ')}` : ''}
                  </span>
                ))}
              </p>
            )}
            {d.config.length > 0 ? <pre className="handout-config">{visibleText(d.config.join('\n'))}</pre> : <p className="handout-empty">No config.</p>}
          </section>
        ))}
      </section>
      {doc.flows.length > 0 && (
        <section className="handout-block" aria-label="Handout flows">
          <h2>Flows</h2>
          <ol>
            {doc.flows.map((f, i) => (
              <li key={i}>
                {f.title && <>{visibleText(f.title)}: </>}
                on <span className="mono">{visibleText(f.on)}</span> run <code>{visibleText(f.run)}</code>
                {f.expect?.exit !== undefined && <>, expected exit {f.expect.exit}</>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
