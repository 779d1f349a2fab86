import type { UiComponent, UiInput, UiView } from '@parlor/protocol';
import { Choices } from './Choices.js';
import { Countdown } from './Countdown.js';
import { Grid } from './Grid.js';
import { InputField } from './InputField.js';
import { Scoreboard } from './Scoreboard.js';
import './minigame.css';

export type SendInput = (input: UiInput) => void;

/**
 * A mini-game's screen from its component list. Every string is a React text child, never
 * markup: the mini-game is hostile and `<script>` in its text must show as those characters.
 */
export function ComponentView({ view, onInput }: { view: UiView; onInput: SendInput }) {
  return (
    <div className="mg-view">
      {view.map((component, i) => (
        <Component key={`${i}-${component.kind}`} component={component} onInput={onInput} />
      ))}
    </div>
  );
}

function Component({ component: c, onInput }: { component: UiComponent; onInput: SendInput }) {
  switch (c.kind) {
    case 'heading':
      return <h2 className="mg-heading">{c.text}</h2>;
    case 'text':
      return <p className="mg-text">{c.text}</p>;
    case 'list':
      return (
        <ul className="mg-list">
          {c.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'choices':
      return <Choices component={c} onInput={onInput} />;
    case 'textInput':
    case 'numberInput':
      return <InputField component={c} onInput={onInput} />;
    case 'countdown':
      return <Countdown endsInMs={c.endsInMs} />;
    case 'scoreboard':
      return <Scoreboard rows={c.rows} />;
    case 'grid':
      return <Grid component={c} onInput={onInput} />;
  }
}
