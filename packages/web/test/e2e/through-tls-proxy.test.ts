import { NGINX } from '../../../server/test/support/nginx-proxy.js';
import { hasChromium } from './support/browser.js';
import { threeFriendsFlow } from './support/three-friends-flow.js';

if (hasChromium && !NGINX)
  console.log('TLS proxy browser test skipped: nginx is not installed (apt-get install nginx-light)');

// The whole three-friends flow again, with nginx terminating TLS in front of Parlor.
threeFriendsFlow('three friends play through a TLS reverse proxy', {
  throughTlsProxy: true,
  skip: !hasChromium || !NGINX,
});
