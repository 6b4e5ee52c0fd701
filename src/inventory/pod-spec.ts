import type {
  Container,
  ContainerList,
  K8sObject,
  ObjectMeta,
  PathSegment,
  PodSpec,
} from '../model/index.js';
import { CONTAINER_LISTS } from '../model/index.js';
import { isRecord } from './records.js';

/** Where each workload kind keeps its pod template. */
const POD_SPEC_PATHS: Record<string, { spec: PathSegment[]; metadata: PathSegment[] }> = {
  Pod: { spec: ['spec'], metadata: ['metadata'] },
  PodTemplate: { spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicationController: {
    spec: ['spec', 'template', 'spec'],
    metadata: ['spec', 'template', 'metadata'],
  },
  Job: { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

export function isWorkloadKind(kind: string | undefined): boolean {
  return kind !== undefined && Object.hasOwn(POD_SPEC_PATHS, kind);
}

export interface ContainerRef {
  container: Container;
  name: string;
  list: ContainerList;
  index: number;
  /** Path from the object root to this container. */
  path: PathSegment[];
}

export interface PodTemplate {
  podSpec: PodSpec;
  podSpecPath: PathSegment[];
  podMetadata: ObjectMeta;
  podMetadataPath: PathSegment[];
  containers: ContainerRef[];
}

export function getIn(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}


/** The pod template of a workload object, or undefined for kinds that have none. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  // Own properties only: a kind named `constructor` must not find Object's.
  const paths = object.kind && Object.hasOwn(POD_SPEC_PATHS, object.kind) ? POD_SPEC_PATHS[object.kind] : undefined;
  if (!paths) return undefined;
  const podSpec = getIn(object, paths.spec);
  if (!isRecord(podSpec)) return undefined;
  const metadata = getIn(object, paths.metadata);
  const containers: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const entries = podSpec[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((container: unknown, index) => {
      if (!isRecord(container)) return;
      containers.push({
        container: container,
        name: typeof container.name === 'string' ? container.name : `${list}[${index}]`,
        list,
        index,
        path: [...paths.spec, list, index],
      });
    });
  }
  return {
    podSpec: podSpec,
    podSpecPath: paths.spec,
    podMetadata: isRecord(metadata) ? (metadata) : {},
    podMetadataPath: paths.metadata,
    containers,
  };
}
