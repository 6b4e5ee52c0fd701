// Moved to analysis/nodes so the security graph reads node security groups with the same code.
export * from '../../analysis/nodes/security-groups.js';
