import type { UiComponent } from '@parlor/protocol';
import { useState } from 'react';
import type { SendInput } from './ComponentView.js';

type ChoicesComponent = Extract<UiComponent, { kind: 'choices' }>;

/** Choice buttons; once one is picked the group is locked, so a double click sends one input. */
export function Choices({ component, onInput }: { component: ChoicesComponent; onInput: SendInput }) {
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <div className="mg-choices" role="group" aria-label="Choices">
      {component.options.map((o) => (
        <button
          key={o.value}
          type="button"
          className={picked === o.value ? 'mg-choice picked' : 'mg-choice'}
          aria-pressed={picked === o.value}
          disabled={picked !== null}
          onClick={() => {
            setPicked(o.value);
            onInput({ id: component.id, value: o.value });
          }}
        >
          {o.label || o.value}
        </button>
      ))}
    </div>
  );
}
