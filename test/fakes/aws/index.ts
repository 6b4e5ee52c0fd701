export { startFakeAws, type FakeAws, type FakeAwsOptions, type FaultRule, type LoggedRequest } from './server.js';
export { startFakeAwsWithRoles, withIamRoles } from './bench-account.js';
export type { FakeAccount, FakeIamRole, FakeIamPolicy, FakeOidcProvider } from './account.js';
export { FAKE_SERVICES, type FakeService } from './protocols.js';
export type { FakeRole, IssuedCredentials } from './roles.js';
export { startFakeFleet, CALLER_KEYS, type FakeFleet, type FakeFleetCluster, type FleetAccountSpec, type FleetClusterSpec } from './fleet.js';
