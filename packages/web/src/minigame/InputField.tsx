import type { UiComponent } from '@parlor/protocol';
import { useId, useState, type FormEvent } from 'react';
import type { SendInput } from './ComponentView.js';

type FieldComponent = Extract<UiComponent, { kind: 'textInput' | 'numberInput' }>;

/** A labelled text or number field with its own submit button; Enter submits too. */
export function InputField({ component, onInput }: { component: FieldComponent; onInput: SendInput }) {
  const fieldId = useId();
  const [value, setValue] = useState('');
  const numeric = component.kind === 'numberInput';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) return;
    if (numeric) {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return;
      onInput({ id: component.id, value: n });
    } else onInput({ id: component.id, value: trimmed.slice(0, 500) });
    setValue('');
  };
  return (
    <form className="mg-field" onSubmit={submit}>
      <label htmlFor={fieldId}>{component.label || component.id}</label>
      <div className="mg-field-row">
        <input
          id={fieldId}
          type={numeric ? 'number' : 'text'}
          inputMode={numeric ? 'decimal' : undefined}
          maxLength={numeric ? undefined : 500}
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit">Send</button>
      </div>
    </form>
  );
}
