export { startFakeAws, type FakeAws, type FakeAwsOptions, type FaultRule, type LoggedRequest } from './server.js';
export { startFakeAwsWithRoles, withIamRoles } from './bench-account.js';
export type { FakeAccount, FakeIamRole, FakeIamPolicy, FakeOidcProvider } from './account.js';
export { FAKE_SERVICES, type FakeService } from './protocols.js';
