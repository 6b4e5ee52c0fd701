/** The IAM proposal as a policy document (stdout) and the summary a terminal shows (stderr). */
import type { IamComparison } from './iam-current.js';
import type { IamProposal } from './iam-proposal.js';
import { plain } from './rbac-render.js';

export function iamPolicyJson(proposal: IamProposal): string {
  return `${JSON.stringify(proposal.policy, null, 2)}\n`;
}

export function iamSummary(proposal: IamProposal, comparison?: IamComparison): string {
  const { calls } = proposal;
  const lines = [
    `${plain(proposal.roleArn)}: ${calls.total} call(s) as the role in the window (${calls.allowed} allowed, ${calls.denied} denied` +
      `${calls.noPermission > 0 ? `, ${calls.noPermission} needing no permission` : ''}), ${calls.sessions} session(s) started` +
      `${calls.outsideWindow > 0 ? `, ${calls.outsideWindow} outside --since/--until` : ''}${calls.malformed > 0 ? `, ${calls.malformed} malformed` : ''}; ` +
      `${proposal.actions.length} action(s) in ${proposal.policy.Statement.length} statement(s) proposed.`,
  ];
  if (proposal.actions.length === 0) lines.push('No allowed call as the role: the proposed policy grants nothing.');
  for (const use of proposal.actions) {
    lines.push(`  ${plain(use.action)} ×${use.count} (last ${plain(use.last)})${use.unknownResource > 0 ? ` on * (${use.unknownResource} call(s) named no resource)` : ''}`);
  }
  if (proposal.sessions.length > 0) {
    lines.push('Sessions started (trust policy, not in the proposal):');
    for (const session of proposal.sessions) lines.push(`  ${plain(session.eventName)}${session.subject ? ` for ${plain(session.subject)}` : ''} ×${session.count} (last ${plain(session.last)})`);
  }
  if (proposal.denied.length > 0) {
    lines.push('Denied, not in the proposal:');
    for (const call of proposal.denied) {
      const on = call.resources.length > 0 ? ` on ${call.resources.map(plain).join(', ')}` : '';
      lines.push(`  ${plain(call.actions.join(', ')) || `${plain(call.eventSource)} ${plain(call.eventName)}`}${on}: ${plain(call.errorCode)} ×${call.count} (last ${plain(call.last)})`);
    }
  }
  if (comparison) lines.push(...comparisonLines(comparison));
  lines.push(...proposal.notes.map((note) => `Note: ${plain(note)}`));
  return `${lines.join('\n')}\n`;
}

function comparisonLines(comparison: IamComparison): string[] {
  if (comparison.status !== 'found') return [`Not compared with today's policies: ${plain(comparison.reason)}`];
  const lines: string[] = [];
  for (const review of comparison.statements) {
    const name = `${plain(review.policy)} statement ${review.index}${review.sid ? ` ("${plain(review.sid)}")` : ''}`;
    if (review.unused) {
      lines.push(`  ${name}: unused, remove${review.maybeDataEvents.length > 0 ? ` (unless data events it allows are in use: ${review.maybeDataEvents.join(', ')})` : ''}`);
      continue;
    }
    const parts: string[] = [];
    if (review.unusedActions.length > 0) parts.push(`unused actions ${review.unusedActions.join(', ')}${review.maybeDataEvents.length > 0 ? ` (data events, may be in use: ${review.maybeDataEvents.join(', ')})` : ''}`);
    for (const wide of review.wideActions) parts.push(`${wide.pattern} → ${wide.used.join(', ')}`);
    for (const wide of review.wideResources) parts.push(`Resource ${plain(wide.pattern)} → ${wide.used.map(plain).join(', ')}`);
    if (review.notAction) parts.push(`NotAction grants every other action; used: ${review.notAction.used.join(', ') || 'none'}`);
    lines.push(`  ${name}: ${parts.join('; ')}`);
  }
  if (lines.length > 0) lines.unshift("Today's policies allow more than was used:");
  else lines.push("Today's policies allow nothing beyond the use (as far as the snapshot shows).");
  if (comparison.unallowed.length > 0) {
    lines.push("Used but not allowed by today's identity policies (a resource policy, a change since, or a session from elsewhere):");
    for (const use of comparison.unallowed) lines.push(`  ${use.action} on ${plain(use.resource)} (${use.verdict})`);
  }
  for (const missing of comparison.missingPolicies) lines.push(`Not known: ${plain(missing)}`);
  if (comparison.boundary) lines.push(`A permissions boundary (${plain(comparison.boundary)}) also limits the role; its document is not in the snapshot.`);
  return lines;
}
