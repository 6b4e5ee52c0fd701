export { buildDashboard } from './dashboard.js';
export type { DashboardOptions } from './dashboard.js';
export { DEFAULT_WEB_ROOT } from './static-files.js';
export { CONTENT_SECURITY_POLICY } from './security-headers.js';
