// Another process's memory as Linux accounts it, from /proc/<pid>/smaps_rollup, in KiB: RSS,
// PSS (each shared page split between the processes that map it, so PSS sums fairly across
// processes forked from one binary where RSS counts shared pages once per process) and the
// private pages.
import { readFileSync } from 'node:fs';

const KIB = /^(\w+):\s+(\d+) kB$/gm;

export function memoryOf(pid) {
  const fields = {};
  for (const [, name, kib] of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').matchAll(KIB))
    fields[name] = Number(kib);
  return {
    rss: fields.Rss,
    pss: fields.Pss,
    private: (fields.Private_Clean ?? 0) + (fields.Private_Dirty ?? 0),
  };
}
