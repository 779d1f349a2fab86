// Compares two V8 heap snapshots (bench:realtime-idle --snapshot): self size and count per
// node type and constructor name, the largest growth first, divided by `per` (the sockets
// opened in between) to read as bytes per socket.
//   node bench/support/heap-diff.mjs before.heapsnapshot after.heapsnapshot [per] [rows]
import { readFileSync } from 'node:fs';

function totals(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    // Strings and code are grouped by type; objects and closures by their constructor or name.
    const name = ['object', 'closure', 'native', 'hidden', 'array'].includes(type)
      ? `${type} ${snap.strings[nodes[i + nameAt]].slice(0, 60)}`
      : type;
    const row = out.get(name) ?? { size: 0, count: 0 };
    row.size += nodes[i + sizeAt];
    row.count += 1;
    out.set(name, row);
  }
  return out;
}

const [beforeFile, afterFile, perArg = '1', rowsArg = '40'] = process.argv.slice(2);
const per = Number(perArg);
const before = totals(beforeFile);
const after = totals(afterFile);
const rows = [...after.entries()]
  .map(([name, a]) => {
    const b = before.get(name) ?? { size: 0, count: 0 };
    return { name, size: (a.size - b.size) / per, count: (a.count - b.count) / per };
  })
  .sort((x, y) => y.size - x.size);
const total = rows.reduce((s, r) => s + r.size, 0);
console.log(`total growth: ${total.toFixed(0)} B per unit (${per} units)`);
for (const r of rows.slice(0, Number(rowsArg)))
  console.log(`${r.size.toFixed(0).padStart(8)} B  ${r.count.toFixed(2).padStart(7)}×  ${r.name}`);
