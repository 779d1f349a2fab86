#!/usr/bin/env node
/**
 * Builds parlor/game-server:<version> without pulling anything: `tsc -b`, assemble a root
 * filesystem from this machine (see rootfs.mjs), then `tar | docker import`. The image is
 * labelled with a hash of its contents, so a rerun with nothing changed skips the import.
 *
 *   node deploy/docker/build-game-server-image.mjs [--tag parlor/game-server:x] [--no-build]
 *
 * Uses the `docker` CLI, so DOCKER_HOST applies. Prints the tag and the image size.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_USER, ENTRY, NODE_PATH, assembleRootfs } from './rootfs.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

const version = JSON.parse(
  await readFile(path.join(repoRoot, 'packages/game-server/package.json'), 'utf8'),
).version;
const tag = option('--tag') ?? process.env.PARLOR_DOCKER_IMAGE ?? `parlor/game-server:${version}`;
// Every setting the image gets besides its files; part of the content hash.
const changes = [
  `USER ${APP_USER.uid}:${APP_USER.gid}`,
  'WORKDIR /app',
  'ENV NODE_ENV=production',
  `ENTRYPOINT ${JSON.stringify([NODE_PATH, ENTRY])}`,
];

if (!args.includes('--no-build')) {
  execFileSync(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-b'], { cwd: repoRoot, stdio: 'inherit' });
}

const rootfs = await mkdtemp(path.join(tmpdir(), 'parlor-gs-rootfs-'));
try {
  // mkdtemp makes 0700, and this directory becomes the image's `/`: the user must traverse it.
  await chmod(rootfs, 0o755);
  const included = await assembleRootfs({ repoRoot, rootfs });
  const hash = await hashTree(rootfs, changes);
  if (labelOf(tag) === hash) {
    console.log(`${tag} is up to date (content ${hash.slice(0, 12)})`);
  } else {
    const previous = imageId(tag);
    console.log(`importing ${tag}: node ${process.version} + ${included.join(', ')}`);
    await importTar(rootfs, [...changes, `LABEL parlor.content-hash=${hash}`]);
    // The replaced image would linger untagged; containers still using it keep it alive.
    if (previous && previous !== imageId(tag)) tryDocker(['image', 'rm', previous]);
  }
  const size = Number(docker(['image', 'inspect', '-f', '{{.Size}}', tag]).trim());
  console.log(`${tag}: ${(size / 1024 / 1024).toFixed(1)} MiB (${size} bytes)`);
} finally {
  await rm(rootfs, { recursive: true, force: true });
}

function docker(argv) {
  return execFileSync('docker', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryDocker(argv) {
  try {
    return docker(argv).trim();
  } catch {
    return null;
  }
}

function imageId(image) {
  return tryDocker(['image', 'inspect', '-f', '{{.Id}}', image]);
}

function labelOf(image) {
  return tryDocker(['image', 'inspect', '-f', '{{index .Config.Labels "parlor.content-hash"}}', image]);
}

/** Paths, modes, link targets and contents, in a stable order; timestamps do not count. */
async function hashTree(root, extra) {
  const hash = createHash('sha256')
    .update(JSON.stringify(extra))
    .update(`${(await lstat(root)).mode}\0`);
  async function walk(dir) {
    const entries = (await readdir(dir)).sort();
    for (const name of entries) {
      const full = path.join(dir, name);
      const stat = await lstat(full);
      hash.update(`${path.relative(root, full)}\0${stat.mode}\0`);
      if (stat.isSymbolicLink()) hash.update(await readlink(full));
      else if (stat.isDirectory()) await walk(full);
      else hash.update(await readFile(full));
    }
  }
  await walk(root);
  return hash.digest('hex');
}

/** Files owned by root and readable by all: the server's user reads, never writes, them. */
function importTar(root, changeList) {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', '-', '.'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const imp = spawn('docker', ['import', ...changeList.flatMap((c) => ['--change', c]), '-', tag], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    tar.stdout.pipe(imp.stdin);
    let failed = false;
    const fail = (what) => (code) => {
      if (code !== 0 && !failed) {
        failed = true;
        reject(new Error(`${what} exited with ${code}`));
      }
    };
    tar.on('exit', fail('tar'));
    imp.on('exit', (code) => (code === 0 ? !failed && resolve() : fail('docker import')(code)));
    tar.on('error', reject);
    imp.on('error', reject);
  });
}
