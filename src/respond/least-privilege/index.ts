/** Least privilege from real use: RBAC from audit logs, IAM from CloudTrail. */
export { madeBy, parseSubject, subjectsSeen, wasDenied, type SeenSubject } from './rbac-subject.js';
export { proposeRbac, proposalName, DEFAULT_MAX_RESOURCE_NAMES, type RbacProposal, type RbacProposalOptions, type ProposedRole, type ProposedRule } from './rbac-proposal.js';
export { compareWithCurrent, type RbacComparison, type HeldRule, type UncoveredUse } from './rbac-current.js';
export { rbacYaml, rbacSummary } from './rbac-render.js';
export { inWindow, type AccessUse, type VerbUse, type TimeWindow } from './rbac-usage.js';
export { iamActionsFor, servicePrefix, isDataEventAction } from './iam-actions.js';
export { concernsRole, isDeniedCall, proposeIam, ranAs, DATA_EVENTS_NOTE, type IamProposal, type IamProposalOptions, type ActionUse } from './iam-proposal.js';
export { compareIamWithCurrent, type IamComparison, type StatementReview } from './iam-current.js';
export { iamPolicyJson, iamSummary } from './iam-render.js';
