export { DockerEngine, DockerEngineError, parseDockerHost, type DockerEndpoint } from './docker-engine.js';
export { DockerLauncher, type DockerLauncherOptions } from './docker-launcher.js';
export { LABELS, buildContainerSpec, type ContainerLimits, type ContainerPlan } from './container-spec.js';
export {
  DockerLauncherSettings,
  dockerLauncherFromConfig,
  dockerSettingsFromEnv,
  type DockerLauncherDeps,
} from './from-config.js';
export { freeLoopbackPort } from './free-port.js';
