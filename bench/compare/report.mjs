// The comparison's outputs: a markdown table and an SVG chart. The chart is written by hand
// (two small line charts) rather than with a charting library: it is a few dozen elements, and
// a library would be one more install for the bench and would not make the figures clearer.
export const KINDS = ['parlor', 'colyseus', 'ws', 'floor'];
export const LABELS = {
  parlor: 'Parlor',
  colyseus: 'Colyseus 0.18',
  ws: 'plain ws (JSON)',
  floor: 'floor (pre-framed)',
};
export const MANY_KINDS = ['parlor-process', 'parlor-pooled', 'colyseus'];
export const manyLabel = (kind, poolRooms) =>
  ({
    'parlor-process': 'Parlor, a process per game',
    'parlor-pooled': `Parlor pooled, ${poolRooms} rooms a process`,
    colyseus: 'Colyseus 0.18, one process',
  })[kind];
const COLOURS = { parlor: '#1f6feb', colyseus: '#d1242f', ws: '#9a6700', floor: '#57606a' };

const f = (n, digits = 1) =>
  n === undefined || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One row per (clients, kind); a failed run shows why instead of its figures. */
export function markdownTable(results) {
  const head =
    '| clients | server | CPU µs/delivery | bytes/delivery | memory/connection KiB | join s | update Hz | latency p50 / p99 ms |\n|---|---|---|---|---|---|---|---|';
  const rows = results.map((r) =>
    r.failed
      ? `| ${r.n} | ${LABELS[r.kind]} | FAILED: ${r.failed} | | | | | |`
      : `| ${r.n} | ${LABELS[r.kind]} | ${f(r.cpuUsPerDelivery)} | ${f(r.bytesPerDelivery)} | ${f(r.memoryPerConnectionKiB)} | ${f(r.joinMs / 1000, 2)} | ${f(r.updateHz)} | ${f(r.latencyP50Ms)} / ${f(r.latencyP99Ms)} |`,
  );
  return [head, ...rows].join('\n');
}

/** One row per server of the many-games section; a failed run shows why instead of its figures. */
export function manyGamesTable(results, poolRooms) {
  const head =
    '| games × players | server | processes | CPU µs/delivery | cores busy (servers / clients) | RSS MiB (sum) | PSS MiB (sum) | join s | update Hz | jitter p50 / p99 ms |\n|---|---|---|---|---|---|---|---|---|---|';
  const rows = results.map((r) => {
    const what = `| ${r.games} × ${r.players} | ${manyLabel(r.kind, poolRooms)} | ${r.processes ?? '—'} |`;
    if (r.failed) return `${what} FAILED: ${r.failed} | | | | | | |`;
    return `${what} ${f(r.cpuUsPerDelivery)} | ${f(r.serverCores, 2)} / ${f(r.clientCores, 2)} | ${f(r.rssMiB, 0)} | ${f(r.pssMiB, 0)} | ${f(r.joinMs / 1000, 2)} | ${f(r.updateHz)} | ${f(r.jitterP50Ms)} / ${f(r.jitterP99Ms)} |`;
  });
  return [head, ...rows].join('\n');
}

/** A line chart of `metric` against clients, one line per server, at (x0, y0) of w × h. */
function panel(results, metric, title, x0, w, h) {
  const ok = results.filter((r) => !r.failed);
  if (ok.length === 0)
    return `<text x="${x0 + w / 2}" y="22" text-anchor="middle" font-weight="600">${title}</text>
<text x="${x0 + w / 2}" y="${h / 2}" text-anchor="middle" fill="#57606a">no run passed the honesty checks</text>`;
  const sizes = [...new Set(ok.map((r) => r.n))].sort((a, b) => a - b);
  const max = Math.max(1, ...ok.map((r) => r[metric])) * 1.15;
  const left = x0 + 50;
  const top = 40;
  const innerW = w - 70;
  const innerH = h - 90;
  const x = (n) => left + (sizes.length < 2 ? innerW / 2 : (sizes.indexOf(n) / (sizes.length - 1)) * innerW);
  const y = (v) => top + innerH - (v / max) * innerH;
  const parts = [
    `<text x="${x0 + w / 2}" y="22" text-anchor="middle" font-weight="600">${title}</text>`,
    `<line x1="${left}" y1="${top + innerH}" x2="${left + innerW}" y2="${top + innerH}" stroke="#8c959f"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + innerH}" stroke="#8c959f"/>`,
  ];
  for (const step of [0, 0.5, 1]) {
    const v = max * step;
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${f(v, 0)}</text>`);
  }
  for (const n of sizes)
    parts.push(`<text x="${x(n)}" y="${top + innerH + 16}" text-anchor="middle">${n}</text>`);
  parts.push(`<text x="${left + innerW / 2}" y="${top + innerH + 34}" text-anchor="middle">clients</text>`);
  for (const kind of KINDS) {
    const points = ok
      .filter((r) => r.kind === kind)
      .map((r) => `${x(r.n).toFixed(1)},${y(r[metric]).toFixed(1)}`);
    if (points.length === 0) continue;
    parts.push(
      `<polyline fill="none" stroke="${COLOURS[kind]}" stroke-width="2" points="${points.join(' ')}"/>`,
    );
    for (const p of points)
      parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${COLOURS[kind]}"/>`);
  }
  return parts.join('\n');
}

export function svgChart(results, caption) {
  const w = 420;
  const h = 300;
  const legend = KINDS.map(
    (kind, i) =>
      `<rect x="${20 + i * 200}" y="${h + 4}" width="12" height="12" fill="${COLOURS[kind]}"/><text x="${38 + i * 200}" y="${h + 15}">${LABELS[kind]}</text>`,
  ).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w * 2}" height="${h + 50}" font-family="sans-serif" font-size="12" role="img" aria-label="Server CPU and bytes per delivery against clients">
<rect width="100%" height="100%" fill="#ffffff"/>
${panel(results, 'cpuUsPerDelivery', 'server CPU µs per delivery (noisy: shared machine)', 0, w, h)}
${panel(results, 'bytesPerDelivery', 'bytes per delivery (WebSocket payload)', w, w, h)}
${legend}
<text x="20" y="${h + 40}" fill="#57606a">${caption}; runs that failed the honesty checks are left out</text>
</svg>
`;
}
