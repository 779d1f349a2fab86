import { hasChromium } from './support/browser.js';
import { threeFriendsFlow } from './support/three-friends-flow.js';

if (!hasChromium)
  console.log('browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

threeFriendsFlow('three friends play in the browser', { throughTlsProxy: false, skip: !hasChromium });
