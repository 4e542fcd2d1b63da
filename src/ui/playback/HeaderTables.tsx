import type { FieldRow, HeaderSection } from './headers';

/*
 * The packet's headers, field by field, one block per header. The fields sit in a dense grid
 * (two or three to a line in the bottom pane) so a whole packet fits without scrolling; long
 * values (TCP options, an ICMP quote, DNS) take a full line. A field this step changed (a NAT
 * rewrite, the TTL decrement) is highlighted: old value struck through, an arrow, the new one.
 */

const WIDE = 22;

function Value({ value, old }: { value: string; old?: string }) {
  if (old === undefined) return <>{value}</>;
  return (
    <>
      <span className="sr-only">changed from </span>
      <del className="hdr-old">{old}</del>
      <span aria-hidden="true"> → </span>
      <span className="sr-only"> to </span>
      <ins className="hdr-new">{value}</ins>
    </>
  );
}

function Field({ row }: { row: FieldRow }) {
  const wide = row.value.length + (row.old?.length ?? 0) > WIDE;
  const cls = `hdr-field${wide ? ' is-wide' : ''}${row.old !== undefined ? ' is-changed' : ''}`;
  return (
    <div className={cls}>
      <dt>{row.field}</dt>
      <dd>
        <Value value={row.value} old={row.old} />
      </dd>
    </div>
  );
}

export function HeaderTables({ sections }: { sections: readonly HeaderSection[] }) {
  return (
    <div className="hdr-sections">
      {sections.map((s) => {
        const changed = s.rows.filter((r) => r.old !== undefined).length;
        return (
          <section key={s.title} className={`hdr-section hdr-${s.title.toLowerCase()}`} aria-label={`${s.title} header`}>
            <h3 className="hdr-title">
              {s.title}
              {changed > 0 && (
                <span className="hdr-changed-tag">
                  {changed} {changed === 1 ? 'field' : 'fields'} changed by this step
                </span>
              )}
            </h3>
            <dl className="hdr-grid">
              {s.rows.map((r) => (
                <Field key={r.field} row={r} />
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}
