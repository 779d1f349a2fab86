/** The conformance run's findings, kept in the order they were made. */
export interface Finding {
  ok: boolean;
  check: string;
  detail?: string;
}

export class Report {
  readonly findings: Finding[] = [];
  pass(check: string, detail?: string): void {
    this.findings.push({ ok: true, check, ...(detail ? { detail } : {}) });
  }
  fail(check: string, detail: string): void {
    this.findings.push({ ok: false, check, detail });
  }
  expect(ok: boolean, check: string, detail: string): boolean {
    if (ok) this.pass(check);
    else this.fail(check, detail);
    return ok;
  }
  get ok(): boolean {
    return this.findings.every((f) => f.ok);
  }
  lines(): string[] {
    return this.findings.map(
      (f) => `${f.ok ? 'PASS' : 'FAIL'}  ${f.check}${f.detail ? ` — ${f.detail}` : ''}`,
    );
  }
}
