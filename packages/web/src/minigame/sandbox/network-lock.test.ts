import { describe, expect, it } from 'vitest';
import { locksFrameNetwork } from './network-lock.js';

const ua = {
  chromium156:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  chrome140:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  edge160:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/160.0.0.0 Safari/537.36 Edg/160.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  safari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  chromeOnIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/160.0.0.0 Mobile/15E148 Safari/604.1',
};

describe('which browsers run a studio front end', () => {
  it('Chromium 152 and later, by its brands or, without them, its user agent', () => {
    expect(locksFrameNetwork({ userAgent: ua.chromium156 })).toBe(true);
    expect(locksFrameNetwork({ userAgent: ua.edge160 })).toBe(true);
    expect(locksFrameNetwork({ userAgent: '', brands: [{ brand: 'Chromium', version: '152' }] })).toBe(true);
  });

  it('not older Chromium, Firefox, Safari, any browser on iOS, or what it cannot tell', () => {
    expect(locksFrameNetwork({ userAgent: ua.chrome140 })).toBe(false);
    expect(
      locksFrameNetwork({ userAgent: ua.chromium156, brands: [{ brand: 'Chromium', version: '151' }] }),
    ).toBe(false);
    expect(locksFrameNetwork({ userAgent: ua.firefox })).toBe(false);
    expect(locksFrameNetwork({ userAgent: ua.safari })).toBe(false);
    expect(locksFrameNetwork({ userAgent: ua.chromeOnIos })).toBe(false);
    expect(locksFrameNetwork({ userAgent: '' })).toBe(false);
  });
});
