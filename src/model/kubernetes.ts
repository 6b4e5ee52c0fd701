/** Kubernetes objects as the API server serves them (or as a manifest declares them). */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  managedFields?: Array<{ time?: string; [key: string]: unknown }>;
  uid?: string;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** Where an object came from: a file position, or an API. */
export type Origin =
  | {
      type: 'file';
      file: string;
      line: number;
      /** Helm's `# Source:` comment above the document, when the input is rendered chart output. */
      helmSource?: string;
    }
  | { type: 'api'; api: 'k8s' | 'aws'; [key: string]: unknown };

/** How a finding names the thing it is about. */
export interface ResourceRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One step of an evidence path into an object: a field name or an array index. */
export type PathSegment = string | number;
export type EvidencePath = readonly PathSegment[];
