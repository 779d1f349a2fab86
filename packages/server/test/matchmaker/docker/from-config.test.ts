import { describe, expect, it } from 'vitest';
import { DockerLauncherSettings, dockerSettingsFromEnv } from '../../../src/matchmaker/docker/from-config.js';

describe('Docker launcher settings', () => {
  it('has production defaults: the local engine, a private network, modest limits', () => {
    expect(DockerLauncherSettings.parse({})).toMatchObject({
      host: 'unix:///var/run/docker.sock',
      image: 'parlor/game-server:0.1.0',
      network: 'parlor-games',
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 128,
      stopOnClose: false,
    });
  });

  it('reads the PARLOR_DOCKER_* variables that are set', () => {
    const settings = dockerSettingsFromEnv({
      PARLOR_DOCKER_HOST: 'tcp://docker-socket-proxy:2375',
      PARLOR_DOCKER_NETWORK: 'host',
      PARLOR_DOCKER_MEMORY_MB: '128',
      PARLOR_DOCKER_CPUS: '0.5',
      PARLOR_DOCKER_STOP_ON_CLOSE: 'true',
      PARLOR_DOCKER_IMAGE: '',
      UNRELATED: 'x',
    });
    expect(DockerLauncherSettings.parse(settings)).toMatchObject({
      host: 'tcp://docker-socket-proxy:2375',
      network: 'host',
      memoryMb: 128,
      cpus: 0.5,
      stopOnClose: true,
      image: 'parlor/game-server:0.1.0',
    });
  });

  it('refuses values that make no sense', () => {
    expect(() => DockerLauncherSettings.parse({ memoryMb: '8' })).toThrow();
    expect(() => DockerLauncherSettings.parse({ cpus: 0 })).toThrow();
    expect(() => DockerLauncherSettings.parse({ stopOnClose: 'maybe' })).toThrow();
  });
});
