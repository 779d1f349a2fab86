/** The parts of the Docker Engine API's JSON that Parlor writes or reads; the rest is ignored. */

export interface ContainerCreateBody {
  Image: string;
  User: string;
  Env: string[];
  Labels: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  StopSignal: string;
  HostConfig: HostConfig;
}

export interface HostConfig {
  NetworkMode: string;
  PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
  CapDrop: string[];
  SecurityOpt: string[];
  ReadonlyRootfs: boolean;
  Privileged: false;
  Memory: number;
  MemorySwap: number;
  NanoCpus: number;
  PidsLimit: number;
  IpcMode: string;
  RestartPolicy: { Name: 'no' };
  Tmpfs?: Record<string, string>;
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
}

export interface ContainerInspect {
  Id: string;
  Name: string;
  Config: { User: string; Env: string[] | null; Cmd: string[] | null; Labels: Record<string, string> | null };
  State: { Running: boolean; Status: string; ExitCode: number };
  HostConfig: HostConfig & { Binds: string[] | null; Devices: unknown[] | null };
  Mounts: unknown[];
  NetworkSettings: {
    Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    Networks: Record<string, { IPAddress: string }> | null;
  };
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Labels: Record<string, string>;
  State: string;
}
