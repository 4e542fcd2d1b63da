/*
 * A select of names the document has (devices, flows) whose current value may be gone (a step or
 * question naming a device since deleted): that value stays listed, marked "(gone)", so the
 * select shows what the document says instead of silently showing another name.
 */

export interface NameOption {
  value: string;
  label: string;
}

export function NameSelect(props: { label: string; caption: string; value: string; options: readonly NameOption[]; none?: string; onChange(value: string): void; className?: string; goneLabel?(value: string): string }) {
  const { label, caption, value, options, none, onChange, className = 'field', goneLabel = (v: string) => v } = props;
  const gone = value !== '' && !options.some((o) => o.value === value);
  return (
    <label className={className}>
      <span className="lesson-edit-caption">{caption}</span>
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {gone && <option value={value}>{goneLabel(value)} (gone)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const namesOf = (names: readonly string[]): NameOption[] => names.map((n) => ({ value: n, label: n }));
export const flowsOf = (names: readonly string[]): NameOption[] => names.map((label, i) => ({ value: String(i), label }));

/** A flow's index as the editor numbers flows (from 1). */
export const flowLabel = (value: string): string => `flow ${Number(value) + 1}`;

/** A refused edit's reason, said at the place it was made. */
export function FieldProblem({ problem }: { problem: string | undefined }) {
  return problem ? (
    <p className="field-error" role="alert">
      {problem}
    </p>
  ) : null;
}
