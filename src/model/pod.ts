/** The parts of the Pod API the checks read. Validated by inventory/validate before checks see them. */

export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem?: boolean;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string; localhostProfile?: string };
  appArmorProfile?: { type?: string; localhostProfile?: string };
  seLinuxOptions?: Record<string, string>;
  windowsOptions?: { hostProcess?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface PodSecurityContext extends SecurityContext {
  fsGroup?: number;
  supplementalGroups?: number[];
  sysctls?: Array<{ name?: string; value?: string }>;
}

export interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name?: string; key?: string; optional?: boolean };
    configMapKeyRef?: { name?: string; key?: string };
    [key: string]: unknown;
  };
}

export interface Container {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ containerPort?: number; hostPort?: number; protocol?: string; name?: string }>;
  env?: EnvVar[];
  envFrom?: Array<{ secretRef?: { name?: string }; configMapRef?: { name?: string }; prefix?: string }>;
  resources?: {
    limits?: Record<string, string | number>;
    requests?: Record<string, string | number>;
  };
  volumeMounts?: Array<{ name?: string; mountPath?: string; readOnly?: boolean; subPath?: string }>;
  securityContext?: SecurityContext;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  restartPolicy?: string;
  [key: string]: unknown;
}

export interface Volume {
  name?: string;
  hostPath?: { path?: string; type?: string };
  secret?: { secretName?: string };
  projected?: { sources?: Array<Record<string, unknown>> };
  [key: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  hostPID?: boolean;
  hostIPC?: boolean;
  hostNetwork?: boolean;
  hostUsers?: boolean;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: PodSecurityContext;
  nodeName?: string;
  priorityClassName?: string;
  runtimeClassName?: string;
  [key: string]: unknown;
}

export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];
