import type { AwsSnapshotData } from './aws.js';
import type { ImageAssessments } from './image-assessment.js';
import type { K8sObject, Origin } from './kubernetes.js';

/** A call that failed while collecting, kept so checks report "not evaluated" instead of passing. */
export interface CollectionError {
  source: 'aws' | 'kubernetes';
  operation: string;
  service?: string;
  resource?: string;
  target?: string;
  code?: string | number;
  message: string;
}

export interface InventorySource {
  type: 'manifests' | 'cluster';
  /** When the data was collected (ISO-8601); time-based checks measure age from it. */
  collectedAt?: string;
  cluster?: string;
  region?: string;
  accountId?: string;
  callerArn?: string;
  kubeContext?: string;
  paths?: string[];
}

export interface InventoryObject {
  object: K8sObject;
  origin: Origin;
}

/** AWS data in the wire shape of the AWS API reference (see SNAPSHOT.md). */
export type AwsData = AwsSnapshotData;

export interface Inventory {
  source: InventorySource;
  objects: InventoryObject[];
  aws?: AwsData;
  /** Node name → the kubelet's /configz `kubeletconfig`, only with --kubelet-config. */
  kubeletConfigs?: Record<string, Record<string, unknown>>;
  /** Image scan results, only with --scan-images. */
  images?: ImageAssessments;
  errors: CollectionError[];
}
