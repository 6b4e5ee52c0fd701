/** NetworkPolicy generation from declared traffic, and its simulation with the reachability engine. */
export { generateNetworkPolicies, NetpolInputError, SYSTEM_NAMESPACES, DEFAULT_DENY_NAME, DNS_POLICY_NAME, ALLOW_PREFIX, type NetpolResult } from './generate.js';
export { policyManifest, renderPolicies } from './manifest.js';
export { simulate, withPolicies, type Simulation, type CutFlow, type DeclaredCheck, type ExposureCheck } from './simulate.js';
export { renderSimulationTable, simulationSummary } from './simulation-report.js';
export type * from './types.js';
