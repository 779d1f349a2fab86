/**
 * Whether this browser can keep a studio's front end off the network entirely. The sandbox and
 * the CSP stop fetches, storage and the parent page everywhere, but only `Connection-Allowlist`
 * (Chromium 152 and later) also stops WebRTC and the sockets Chromium opens for refused
 * navigations, either of which tells an outside host the player's address. Elsewhere the studio's
 * code is not run at all: the game falls back to the component renderer.
 */
export const CONNECTION_ALLOWLIST_SINCE = 152;

export interface BrowserIdentity {
  userAgent: string;
  /** `navigator.userAgentData.brands`, where the browser has it (secure contexts, Chromium). */
  brands?: readonly { brand: string; version: string }[];
}

export function locksFrameNetwork(browser: BrowserIdentity): boolean {
  const chromium = browser.brands?.find((b) => b.brand === 'Chromium');
  const major = chromium
    ? Number.parseInt(chromium.version, 10)
    : chromiumMajorFromUserAgent(browser.userAgent);
  return major !== null && Number.isFinite(major) && major >= CONNECTION_ALLOWLIST_SINCE;
}

function chromiumMajorFromUserAgent(userAgent: string): number | null {
  // Firefox, and every browser on iOS (WebKit underneath, whatever the name), are not Chromium.
  if (/Firefox\/|FxiOS\/|CriOS\/|EdgiOS\/|OPiOS\//.test(userAgent)) return null;
  const match = /(?:Chrome|Chromium)\/(\d+)/.exec(userAgent);
  return match ? Number(match[1]) : null;
}

/** This page's browser, as `locksFrameNetwork` reads it. */
export function thisBrowser(): BrowserIdentity {
  const data = (navigator as Navigator & { userAgentData?: { brands?: BrowserIdentity['brands'] } })
    .userAgentData;
  return { userAgent: navigator.userAgent, ...(data?.brands ? { brands: data.brands } : {}) };
}
