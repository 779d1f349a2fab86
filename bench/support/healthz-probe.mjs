// Sequential GET /healthz, 5 ms apart, until `until` resolves: how long a cheap request waits
// behind whatever else the server is doing.
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function probeHealth(url, until) {
  const times = [];
  let stop = false;
  until.then(() => (stop = true));
  while (!stop) {
    const t0 = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.at(-1),
  };
}

/** The same for a fixed window. */
export const probeHealthFor = (url, ms) => probeHealth(url, new Promise((r) => setTimeout(r, ms)));
