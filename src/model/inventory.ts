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
export type AwsData = Record<string, unknown>;

export interface Inventory {
  source: InventorySource;
  objects: InventoryObject[];
  aws?: AwsData;
  errors: CollectionError[];
}
