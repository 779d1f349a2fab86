// How much of the CPUs' time the hypervisor gave to other guests during a run ("steal" in
// /proc/stat). On a shared VM it moves throughput figures by tens of percent from one run to the
// next, so the benches print it next to their results. Linux only; elsewhere it reports nothing.
import { readFileSync } from 'node:fs';

const cpuTimes = () => {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
};

/** Starts measuring; `stop()` gives the share stolen since, as text (e.g. "4.2%"), or "n/a". */
export function stealMeter() {
  const start = cpuTimes();
  return {
    stop() {
      const end = cpuTimes();
      if (!start || !end || end.total === start.total) return 'n/a';
      return `${(((end.steal - start.steal) / (end.total - start.total)) * 100).toFixed(1)}%`;
    },
  };
}
