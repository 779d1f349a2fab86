import { useId } from 'react';

interface Props<T extends string | number> {
  legend: string;
  choices: readonly T[];
  value: T;
  onChange(value: T): void;
  /** How a choice reads to people (default: the value itself). */
  label?(choice: T): string;
}

/** One choice among a few, as radio buttons under a legend (the difficulty, a game's options). */
export function RadioGroup<T extends string | number>({ legend, choices, value, onChange, label }: Props<T>) {
  const group = useId();
  return (
    <fieldset className="difficulty">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <div key={String(choice)} className="radio">
          <input
            type="radio"
            id={`${group}-${choice}`}
            name={group}
            value={String(choice)}
            checked={value === choice}
            onChange={() => onChange(choice)}
          />
          <label htmlFor={`${group}-${choice}`}>{label ? label(choice) : String(choice)}</label>
        </div>
      ))}
    </fieldset>
  );
}
