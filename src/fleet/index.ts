export { parseFleetConfig, FleetConfigError, DEFAULT_SESSION_NAME, FLEET_DEFAULTS, LIMITS, type FleetConfig, type FleetAccount, type ClusterFilter, type FleetScanSettings, type FleetFailOn } from './config.js';
export { clusterFilter, matchesGlob, type CompiledFilter } from './cluster-filter.js';
export { accountCredentials, type AwsAccess, type CredentialsProvider } from './credentials.js';
export { discoverFleet, type Discovery, type DiscoveredCluster, type DiscoveryError, type DiscoverOptions } from './discover.js';
export { classifyAwsError, causes, isThrottlingCode, messageOf, FleetFailure, FleetTimeoutError, RETRYABLE, type Failure, type FailureKind } from './failures.js';
export { withAttempts, type AttemptOptions, type AttemptOutcome } from './attempts.js';
export { mapBounded } from './pool.js';
export { inShard, parseShard, shardOf, ShardError, MAX_SHARDS, type Shard } from './shard.js';
export { discoveryErrorText, failureCounts, place, progressLine, summaryText, zeroFailures, type ClusterReport, type FleetSummary } from './summary.js';
