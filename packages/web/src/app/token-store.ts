/**
 * Where the session token lives (docs/web-client.md). By default in sessionStorage: it dies
 * with the tab, and another tab or a later visit signs in again. "Keep me signed in on this
 * device" puts it in localStorage instead, shared by every tab until it expires (12 h at most)
 * or the person signs out. Both are readable by any script on the page, so the strict CSP (no
 * inline or foreign scripts) is what keeps them safe, not the choice between the two.
 */
const KEY = 'parlor.session';

export interface TokenStore {
  read(): string | null;
  write(token: string, remember: boolean): void;
  clear(): void;
}

export const browserTokenStore: TokenStore = {
  read: () => sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY),
  write(token, remember) {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(KEY, token);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  },
};
