// CPU time as Linux accounts it, for benches whose figures are CPU-bound. Linux only; elsewhere
// the functions report nothing and the benches print throughput alone.
import { readFileSync } from 'node:fs';

// USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on.
const MS_PER_TICK = 10;

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const machineTimes = () => {
  const line = read('/proc/stat')?.split('\n')[0];
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user, nice, system, , , irq, softirq, steal = 0] = fields;
  return {
    busy: user + nice + system + irq + softirq,
    steal,
    total: fields.slice(0, 8).reduce((a, b) => a + b, 0),
  };
};

/**
 * How much of the CPUs' time the hypervisor gave to other guests ("steal"). On a shared VM it
 * moves throughput by tens of percent from one run to the next, so benches print it with their
 * results. `stop()` gives the share since the start as text ("4.2%"), or "n/a".
 */
export function stealMeter() {
  const start = machineTimes();
  return {
    stop() {
      const end = machineTimes();
      if (!start || !end || end.total === start.total) return 'n/a';
      return `${(((end.steal - start.steal) / (end.total - start.total)) * 100).toFixed(1)}%`;
    },
  };
}

/**
 * CPU time the whole machine has spent working so far (every process and the kernel, idle and
 * stolen time left out), in ms; or undefined. It counts what a login costs wherever it is spent:
 * a PostgreSQL backend, the kernel's loopback traffic.
 */
export function machineBusyMs() {
  const times = machineTimes();
  return times && times.busy * MS_PER_TICK;
}

/** CPU time (user + system, all threads) another process has used so far, in ms; or undefined. */
export function processCpuMs(pid) {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** This process's CPU time so far (user + system, all threads), in ms. */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
