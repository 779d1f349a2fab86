import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseDockerHost } from '../../../src/matchmaker/docker/docker-engine.js';

/** Set by .ci/run when it starts deploy/docker-socket-proxy/haproxy.cfg in front of the engine. */
const proxy = process.env.PARLOR_DOCKER_TESTS === '1' ? process.env.PARLOR_DOCKER_TEST_API : undefined;
const title = 'the Docker socket proxy allow-list';

function statusOf(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // No connection reuse: a denied request's body is left unread on its connection.
    const req = request({ ...parseDockerHost(proxy!), method, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : '{}');
  });
}

describe.skipIf(!proxy)(proxy ? title : `${title} (skipped: PARLOR_DOCKER_TEST_API not set)`, () => {
  it('refuses everything the launcher does not need', async () => {
    const refused: [string, string][] = [
      ['GET', '/info'],
      ['GET', '/version'],
      ['GET', '/events'],
      ['POST', '/containers/abc/exec'],
      ['POST', '/exec/abc/start'],
      ['GET', '/containers/abc/logs'],
      ['PUT', '/containers/abc/archive'],
      ['GET', '/containers/abc/export'],
      ['POST', '/containers/abc/update'],
      ['POST', '/commit'],
      ['POST', '/images/create?fromImage=alpine'],
      ['POST', '/images/load'],
      ['DELETE', '/images/parlor%2Fgame-server%3A0.1.0'],
      ['POST', '/build'],
      ['POST', '/volumes/create'],
      ['POST', '/networks/create'],
      ['POST', '/networks/bridge/connect'],
      ['POST', '/plugins/pull'],
      ['POST', '/swarm/init'],
      ['POST', '/v1.41/containers/abc/attach'],
      ['GET', '/containers/create'],
    ];
    for (const [method, path] of refused)
      expect(`${method} ${path} ${await statusOf(method, path)}`).toBe(`${method} ${path} 403`);
  });

  it('lets the launcher calls through', async () => {
    expect(await statusOf('GET', '/_ping')).toBe(200);
    expect(await statusOf('GET', '/containers/json?all=true')).toBe(200);
    expect(await statusOf('GET', '/v1.41/containers/no-such-container/json')).toBe(404);
    expect(await statusOf('DELETE', '/containers/no-such-container?force=true')).toBe(404);
  });
});
