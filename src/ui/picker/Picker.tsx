import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { filterChoices, scrollToShow, windowOf, type Choice } from './choices';
import './picker.css';

/*
 * A searchable picker (the ARIA combobox pattern with a listbox popup): a text box that filters
 * the list as one types, the arrows move through it, Enter takes the highlighted choice and
 * Escape closes it, giving the text back. The list renders only the rows in view, so a picker
 * of 10,000 devices opens as fast as one of 5 (a <select> of them froze the page half a second).
 * Each rendered option says where it sits in the whole list (aria-posinset of aria-setsize).
 */

/** One row's height in pixels (picker.css), and how many show before the list scrolls. */
const ROW = 28;
const ROWS = 10;
const PAGE = ROWS - 1;

export interface PickerProps {
  /** The accessible name of the text box and its list. */
  label: string;
  choices: readonly Choice[];
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  /** Shown in the empty box: what the empty value ('') means. */
  placeholder?: string;
  id?: string;
  className?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  autoFocus?: boolean;
}

export function Picker({ label, choices, value, onChange, disabled, placeholder, id, className, autoFocus, ...aria }: PickerProps) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  /** What the user typed since opening; undefined: the box shows the chosen label. */
  const [query, setQuery] = useState<string>();
  const [active, setActive] = useState(-1);
  const [scrollTop, setScrollTop] = useState(0);
  const list = useRef<HTMLUListElement>(null);

  const shown = useMemo(() => filterChoices(choices, query ?? ''), [choices, query]);
  const chosen = value === '' ? '' : (choices.find((c) => c.value === value)?.label ?? value);
  const height = Math.min(shown.length, ROWS) * ROW;
  const { start, end } = windowOf(scrollTop, height, ROW, shown.length);

  const scrollTo = (top: number) => {
    setScrollTop(top);
    if (list.current) list.current.scrollTop = top;
  };
  const highlight = (index: number) => {
    setActive(index);
    if (index >= 0) scrollTo(scrollToShow(index, list.current?.scrollTop ?? scrollTop, Math.min(shown.length, ROWS) * ROW, ROW));
  };
  const openAt = (index: number) => {
    setOpen(true);
    setActive(index);
    // The list mounts scrolled to show the highlighted row (it is scrolled again once it exists).
    const top = index >= 0 ? Math.max(0, index * ROW - ((ROWS - 1) / 2) * ROW) : 0;
    setScrollTop(top);
    requestAnimationFrame(() => list.current && (list.current.scrollTop = top));
  };
  const close = () => {
    setOpen(false);
    setQuery(undefined);
    setActive(-1);
  };
  const take = (c: Choice | undefined) => {
    if (c) onChange(c.value);
    close();
  };
  const selectedIndex = () => shown.findIndex((c) => c.value === value);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const last = shown.length - 1;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open || e.altKey) openAt(open ? active : Math.max(0, selectedIndex()));
        else highlight(Math.min(last, active + 1));
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) openAt(selectedIndex() >= 0 ? selectedIndex() : last);
        else highlight(Math.max(0, active - 1));
        return;
      case 'PageDown':
        if (!open) return;
        e.preventDefault();
        highlight(Math.min(last, active + PAGE));
        return;
      case 'PageUp':
        if (!open) return;
        e.preventDefault();
        highlight(Math.max(0, active - PAGE));
        return;
      case 'Enter':
        // Never the enclosing form's submit: Enter answers the picker.
        e.preventDefault();
        if (open) take(shown[active]);
        return;
      case 'Escape':
        if (!open) return;
        // Closes the list only, not the dialog around it.
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      case 'Tab':
        if (open) close();
        return;
    }
  };

  return (
    <span className={`picker${className ? ` ${className}` : ''}`}>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= start && active < end ? `${listId}-${active}` : undefined}
        aria-invalid={aria['aria-invalid']}
        aria-describedby={aria['aria-describedby']}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        disabled={disabled}
        placeholder={placeholder}
        value={query ?? chosen}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
          scrollTo(0);
        }}
        onKeyDown={onKeyDown}
        onClick={() => (open ? close() : openAt(Math.max(0, selectedIndex())))}
        // Focused, its text is selected: typing replaces it with a search.
        onFocus={(e) => e.currentTarget.select()}
        onBlur={close}
      />
      <ul
        ref={list}
        id={listId}
        role="listbox"
        aria-label={label}
        className="picker-list"
        hidden={!open || !shown.length}
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        // Clicking the list keeps the focus in the box (its blur would close the list first).
        onMouseDown={(e) => e.preventDefault()}
        // Nor does a click on it reach a <label> around the picker, which would click the box again.
        onClick={(e) => e.preventDefault()}
      >
        {/* Spacers stand for the rows not rendered, so the scroll bar is the whole list's. */}
        {open && start > 0 && <li role="none" aria-hidden="true" style={{ height: start * ROW }} />}
        {open &&
          shown.slice(start, end).map((c, i) => {
            const index = start + i;
            return (
              <li
                key={c.value}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                aria-posinset={index + 1}
                aria-setsize={shown.length}
                className={`picker-option${c.value === value ? ' is-chosen' : ''}`}
                onMouseMove={() => index !== active && setActive(index)}
                onClick={() => take(c)}
              >
                {c.label}
              </li>
            );
          })}
        {open && end < shown.length && <li role="none" aria-hidden="true" style={{ height: (shown.length - end) * ROW }} />}
      </ul>
      {open && !shown.length && (
        <span className="picker-none" role="status">
          Nothing matches “{query}”
        </span>
      )}
    </span>
  );
}
