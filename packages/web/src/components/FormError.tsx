import { plainWords } from '../app/plain-words.js';

/** Why a form's action failed, in plain words, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {plainWords(error)}
    </p>
  );
}
