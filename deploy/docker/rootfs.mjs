/**
 * Assembles the game server's root filesystem in a directory, from this machine alone:
 * its own `node` binary and the shared libraries it links, a passwd/group with the
 * unprivileged user, and /app with the built game server and its runtime dependency
 * closure. Nothing is downloaded, so the image can be built where no registry is reachable.
 */
import { execFileSync } from 'node:child_process';
import { cp, lstat, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const APP_USER = { uid: 10001, gid: 10001, name: 'parlor' };
export const NODE_PATH = '/usr/local/bin/node';
export const ENTRY = '/app/packages/game-server/dist/main.js';

/** Files a running server never reads: types, source maps, build info. */
const UNNEEDED = /(\.d\.[cm]?ts|\.map|\.tsbuildinfo)$/;

export async function assembleRootfs({ repoRoot, rootfs }) {
  await copyNode(rootfs);
  await writeUsers(rootfs);
  return copyApp(repoRoot, path.join(rootfs, 'app'));
}

async function copyNode(rootfs) {
  const node = await realpath(process.execPath);
  await copyFile(node, path.join(rootfs, NODE_PATH));
  // `ldd` prints "libx.so => /path (0x...)" and the loader as "/lib64/ld-linux... (0x...)".
  const ldd = execFileSync('ldd', [node], { encoding: 'utf8' });
  const libs = [...ldd.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/g)].map((m) => m[1]);
  if (!libs.some((lib) => /ld-linux|ld-musl/.test(lib)))
    throw new Error(`no dynamic loader in ldd output:\n${ldd}`);
  // Each library goes to the path the loader will look at, dereferenced (no dangling links).
  for (const lib of libs) await copyFile(await realpath(lib), path.join(rootfs, lib));
}

async function copyFile(from, to) {
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, { dereference: true, preserveTimestamps: false });
}

async function writeUsers(rootfs) {
  const { uid, gid, name } = APP_USER;
  await mkdir(path.join(rootfs, 'etc'), { recursive: true });
  await writeFile(
    path.join(rootfs, 'etc/passwd'),
    `root:x:0:0:root:/root:/sbin/nologin\n${name}:x:${uid}:${gid}:${name}:/app:/sbin/nologin\n`,
  );
  await writeFile(path.join(rootfs, 'etc/group'), `root:x:0:\n${name}:x:${gid}:\n`);
}

/**
 * Walks `dependencies` (never dev, never optional: msgpackr's native accelerator is
 * optional and msgpackr falls back to JavaScript) from packages/game-server the way Node
 * resolves them, and mirrors the repository's layout under /app so that the same
 * resolution works inside the image: workspace packages contribute package.json + dist,
 * npm packages their folder, and node_modules/@parlor/* stay relative symlinks.
 */
async function copyApp(repoRoot, app) {
  const start = path.join(repoRoot, 'packages/game-server');
  const queue = [start];
  const seen = new Set([start]);
  const included = [];
  await copyPackage(repoRoot, app, start, true);
  while (queue.length > 0) {
    const dir = queue.shift();
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const found = await resolvePackage(repoRoot, dir, name);
      if (!found) throw new Error(`${name} (needed by ${path.relative(repoRoot, dir)}) is not installed`);
      const real = await realpath(found);
      if (found !== real) await linkInto(repoRoot, app, found);
      if (seen.has(real)) continue;
      seen.add(real);
      const workspace = !path.relative(repoRoot, real).split(path.sep).includes('node_modules');
      await copyPackage(repoRoot, app, real, workspace);
      included.push(name);
      queue.push(real);
    }
  }
  return included.sort();
}

async function resolvePackage(repoRoot, from, name) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (await exists(candidate)) return candidate;
    if (dir === repoRoot || dir === path.dirname(dir)) return null;
  }
}

async function copyPackage(repoRoot, app, dir, workspace) {
  const to = path.join(app, path.relative(repoRoot, dir));
  if (workspace) {
    await copyFile(path.join(dir, 'package.json'), path.join(to, 'package.json'));
    if (!(await exists(path.join(dir, 'dist')))) throw new Error(`${dir}/dist is missing: run tsc -b`);
    await cp(path.join(dir, 'dist'), path.join(to, 'dist'), { recursive: true, filter: keep });
  } else {
    // Nested node_modules are dependencies in their own right; the walk reaches them.
    const nested = path.join(dir, 'node_modules');
    await cp(dir, to, { recursive: true, filter: (src) => src !== nested && keep(src) });
  }
}

const keep = (src) => !UNNEEDED.test(src);

async function linkInto(repoRoot, app, link) {
  const at = path.join(app, path.relative(repoRoot, link));
  if (await exists(at)) return;
  await mkdir(path.dirname(at), { recursive: true });
  const target = path.relative(path.dirname(link), await realpath(link));
  await symlink(target, at);
}

async function exists(p) {
  return lstat(p).then(
    () => true,
    () => false,
  );
}
