import type { UiComponent } from '@parlor/protocol';
import type { SendInput } from './ComponentView.js';

type GridComponent = Extract<UiComponent, { kind: 'grid' }>;

/** A board: every cell a button named by its place and contents; a click sends `{row, col}`. */
export function Grid({ component, onInput }: { component: GridComponent; onInput: SendInput }) {
  return (
    <table className="mg-grid" aria-label={`Board ${component.id}`}>
      <tbody>
        {component.rows.map((cells, row) => (
          <tr key={row}>
            {cells.map((cell, col) => (
              <td key={col}>
                <button
                  type="button"
                  aria-label={`Row ${row + 1}, column ${col + 1}: ${cell || 'empty'}`}
                  onClick={() => onInput({ id: component.id, value: { row, col } })}
                >
                  {cell}
                </button>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
