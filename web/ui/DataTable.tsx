import type { Key, ReactNode } from 'react';

export type Column<T> = {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: rendered as <th scope="row"> so screen readers read it with each cell. */
  isRowHeader?: boolean;
  /** Class of the header and the cells, e.g. `num` for right-aligned figures. */
  className?: string;
  /** Class of the cells only (a column shown muted under a plain header). */
  cellClassName?: string;
  /** The header as text, for the label of the cell in card layout (when `header` is not a string). */
  label?: string;
};

const labelOf = <T,>(c: Column<T>) => c.label ?? (typeof c.header === 'string' ? c.header : undefined);

/**
 * A table of records with column headers, scrolling sideways inside its wrapper on a phone instead of
 * widening the page (unless `scroll` is off, for a small table inside a list item). Columns say what
 * they show once; pages no longer repeat the table markup.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  className,
  rowProps,
  scroll = true,
  cards = false,
  children,
}: {
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => Key;
  className?: string;
  /** Extra attributes of a row (a class for overdue rows, a data attribute for tests). */
  rowProps?: (row: T) => { className?: string | undefined; [data: `data-${string}`]: string };
  scroll?: boolean;
  /** Below 760 px, one card per row with each cell labelled, instead of a table scrolling sideways. */
  cards?: boolean;
  /** Shown under the table inside its wrapper (a note on the whole table). */
  children?: ReactNode;
}) {
  const table = (
    <table className={['table', cards ? 'table--cards' : '', className ?? ''].filter(Boolean).join(' ')}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" className={c.className}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((c, i) =>
              c.isRowHeader ? (
                <th
                  key={i}
                  scope="row"
                  className={c.cellClassName ?? c.className}
                  data-label={cards ? labelOf(c) : undefined}
                >
                  {c.cell(row)}
                </th>
              ) : (
                <td
                  key={i}
                  className={c.cellClassName ?? c.className}
                  data-label={cards ? labelOf(c) : undefined}
                >
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!scroll) return table;
  return (
    // Focusable, so that a keyboard can scroll a table wider than the screen (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll box must take focus to scroll by keyboard
    <div className="table-wrap" tabIndex={0}>
      {table}
      {children}
    </div>
  );
}
