import type { ReactNode } from 'react';

/**
 * The consoles' tables: a scrolling wrapper, a header row of column names (an empty name is
 * an unlabelled actions column, read out as "Actions") and the rows given as children.
 */
export function DataTable({
  columns,
  children,
  className,
}: {
  columns: readonly ReactNode[];
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c === '' ? <span className="visually-hidden">Actions</span> : c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
