import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from './ErrorMessage';
import { SelectField } from './Field';
import { Loading } from './Loading';

/**
 * The parts of a worklist page (KMC, screening): the area choice, the tab bar and the states of the
 * list. Each takes its words from the page's catalogue, so the feature keeps its own text.
 */

/** The area select, shown only to a user with more than one area. */
export function AreaFilter({
  label,
  unit,
  scopes,
  onChange,
}: {
  label: string;
  unit: string;
  scopes: ReadonlyArray<{ id: string; name: string }>;
  onChange(unit: string): void;
}) {
  if (scopes.length < 2) return null;
  const options = scopes.map((s) => ({ value: s.id, label: s.name }));
  return (
    <div className="filters card">
      <SelectField label={label} value={unit} onChange={(e) => onChange(e.target.value)} options={options} />
    </div>
  );
}

/**
 * Buttons that switch what the list shows; the pressed one is announced (aria-pressed). `current` is
 * null where no tab is chosen (the PNC worklist shows every section until one is picked).
 */
export function TabBar<T extends string>({
  label,
  tabs,
  current,
  labelOf,
  onSelect,
}: {
  label: string;
  tabs: readonly T[];
  current: T | null;
  labelOf(tab: T): ReactNode;
  onSelect(tab: T): void;
}) {
  return (
    <nav aria-label={label} className="pnc-tabs">
      {tabs.map((s) => (
        <button
          key={s}
          type="button"
          className="btn btn--ghost btn--small"
          aria-pressed={current === s}
          onClick={() => onSelect(s)}
        >
          {labelOf(s)}
        </button>
      ))}
    </nav>
  );
}

/**
 * A list's counts line (the counts joined by ' · '), loading, error (with retry), empty and truncated notes, then its items.
 * `enabled` is false while there is no area to ask for (nothing loads, nothing is shown).
 */
export function ListStates<Data extends { items: unknown[]; truncated: boolean }>({
  list,
  enabled,
  counts,
  empty,
  truncated,
  children,
}: {
  list: {
    data?: Data | undefined;
    isPending: boolean;
    error: unknown;
    refetch(): unknown;
  };
  enabled: boolean;
  counts(data: Data): string[];
  empty: string;
  truncated: string;
  children(item: Data['items'][number]): ReactNode;
}) {
  const data = list.data;
  return (
    <>
      {data ? (
        <p className="muted" role="status">
          {counts(data).join(' · ')}
        </p>
      ) : null}
      {list.isPending && enabled ? <Loading /> : null}
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {data && data.items.length === 0 ? <p className="muted">{empty}</p> : null}
      {data?.truncated ? <p className="alert alert--warn">{truncated}</p> : null}
      <ul className="pnc-list">{data?.items.map(children)}</ul>
    </>
  );
}

/** One card of a worklist: its heading line, what the feature shows of the item, and the open link. */
export function ListCard({
  urgent,
  head,
  open,
  children,
}: {
  urgent: boolean;
  head: ReactNode;
  open: { to: string; label: string };
  children: ReactNode;
}) {
  return (
    <li className={`pnc-card${urgent ? ' pnc-card--urgent' : ''}`}>
      <div className="pnc-card__head">{head}</div>
      {children}
      <div className="pnc-card__actions">
        <Link className="btn btn--primary btn--small" to={open.to}>
          {open.label}
        </Link>
      </div>
    </li>
  );
}
