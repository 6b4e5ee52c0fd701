import type { CheckResult } from '../model/index.js';
import { artifactOf, toArtifactUri, type Artifact } from './artifact-location.js';
import { sortedRefs } from './refs.js';
import { resourcePath } from './resource-label.js';

export interface PhysicalLocation {
  artifactLocation: { uri: string };
  region?: { startLine: number };
}

export interface SarifLocation {
  physicalLocation: PhysicalLocation;
  logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
}

export function physicalOf(artifact: Artifact): PhysicalLocation {
  const physical: PhysicalLocation = { artifactLocation: { uri: toArtifactUri(artifact.file) } };
  // Without a line the whole file is meant; code scanning shows such a location at line 1.
  if (artifact.line !== undefined && artifact.line >= 1) physical.region = { startLine: artifact.line };
  return physical;
}

/** The file to fix, with the resource as a logical location beside it; none without a file. */
export function locationOf(entry: CheckResult): SarifLocation | undefined {
  if (!entry.location) return undefined;
  return {
    physicalLocation: physicalOf(artifactOf(entry.location)),
    logicalLocations: [
      { name: entry.resource.name, fullyQualifiedName: resourcePath(entry.resource), kind: 'resource' },
    ],
  };
}

/** What a result says beyond SARIF's own fields, for viewers and scripts that read the log. */
export function propertiesOf(entry: CheckResult): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    severity: entry.severity,
    resource: { ...entry.resource },
  };
  if (entry.container !== undefined) properties.container = entry.container;
  if (entry.path !== undefined) properties.path = entry.path;
  // The template is where to fix it; the rendered line is where the scanner saw it.
  if (entry.location?.helmSource) properties.renderedLocation = { file: entry.location.file, line: entry.location.line };
  if (Object.keys(entry.refs).length > 0) properties.refs = sortedRefs(entry.refs);
  if (entry.fix) properties.fix = entry.fix;
  if (entry.riskScore !== undefined) properties.riskScore = entry.riskScore;
  if (entry.attackPathIds && entry.attackPathIds.length > 0) properties.attackPathIds = [...entry.attackPathIds];
  return properties;
}
