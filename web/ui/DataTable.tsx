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
};

/**
 * A table of records with column headers, scrolling sideways inside its wrapper on a phone instead of
 * widening the page. Columns say what they show once; pages no longer repeat the table markup.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  className,
  rowProps,
  children,
}: {
  columns: ReadonlyArray<Column<T> | false>;
  rows: readonly T[];
  rowKey: (row: T) => Key;
  className?: string;
  /** Extra attributes of a row (a class for overdue rows, a data attribute for tests). */
  rowProps?: (row: T) => { className?: string | undefined; [data: `data-${string}`]: string };
  /** Shown under the table inside its wrapper (a note on the whole table). */
  children?: ReactNode;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {shown.map((c, i) =>
                c.isRowHeader ? (
                  <th key={i} scope="row" className={c.cellClassName ?? c.className}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} className={c.cellClassName ?? c.className}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {children}
    </div>
  );
}
