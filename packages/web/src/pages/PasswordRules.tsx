/** The password rules (the server's), checked as the person types. */
export function PasswordRules({ password }: { password: string }) {
  const rules = [
    { ok: password.length >= 8, text: 'At least 8 characters' },
    { ok: password.length <= 128, text: 'At most 128 characters' },
    { ok: password.length >= 12 || /\s/.test(password), text: 'A phrase of a few words is best' },
  ];
  return (
    <ul className="rules" aria-label="Password rules">
      {rules.map((r) => (
        <li key={r.text} className={r.ok ? 'ok' : undefined}>
          <span aria-hidden="true">{r.ok ? '✓' : '•'}</span> {r.text}
          <span className="visually-hidden">{r.ok ? ' (met)' : ' (not yet)'}</span>
        </li>
      ))}
      <li className="muted">Common passwords are refused.</li>
    </ul>
  );
}
