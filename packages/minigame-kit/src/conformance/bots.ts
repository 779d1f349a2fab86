import type { UiInput } from '@parlor/protocol';
import type { View } from '../types.js';

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/**
 * A game-agnostic player: acts on one interactive component of its view, as a person would
 * (picks a choice, fills an input, clicks a grid cell); undefined when there is nothing to do.
 * Inputs have the shape the web client sends (`UiInput`: the component's id and a value).
 */
export function botInputFor(view: View): UiInput | undefined {
  const component = pick(
    view.filter((c) => ['choices', 'grid', 'textInput', 'numberInput'].includes(c.kind)),
  );
  switch (component?.kind) {
    case 'choices': {
      const option = pick(component.options);
      return option ? { id: component.id, value: option.value } : undefined;
    }
    case 'grid': {
      const r = Math.floor(Math.random() * component.rows.length);
      const c = Math.floor(Math.random() * (component.rows[r]?.length ?? 0));
      return component.rows[r]?.length ? { id: component.id, value: { row: r, col: c } } : undefined;
    }
    case 'textInput':
      return { id: component.id, value: 'parlor' };
    case 'numberInput':
      return { id: component.id, value: 7 };
    default:
      return undefined;
  }
}

/** What a hostile client might send as a game input; a mini-game must shrug all of it off. */
export const JUNK_INPUTS: unknown[] = [
  null,
  'junk',
  42,
  [],
  { answer: 123 },
  { cell: [99, -1] },
  { move: '__proto__' },
  { cell: 'x', answer: null, deep: { a: { b: { c: { d: [1, 2, 3] } } } } },
  { ['x'.repeat(200)]: 'y'.repeat(3000) },
];
