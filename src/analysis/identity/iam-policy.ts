/**
 * An IAM policy evaluator over parsed documents (identity, trust and resource policies).
 *
 * A request is an action on a resource, optionally by a principal (trust and resource
 * policies) with what is known of its condition context. Each statement applies, does not, or
 * applies only if conditions the caller cannot decide hold. The verdict follows IAM: an
 * explicit Deny wins, then an Allow, else the implicit deny; an undecided Deny in front of an
 * Allow, or an Allow that is itself undecided, makes the verdict `conditional`.
 *
 * Not modelled: permissions boundaries, session policies and SCPs (callers combine decisions
 * where they have those documents), and resource-policy-only grants.
 */
import type { EvidencePath, PolicyDocument, PolicyStatement, PolicyValues } from '../../model/index.js';
import { evaluateConditions, normaliseConditions, type ConditionClause, type RequestContext, type Tri } from './iam-conditions.js';
import { actionMatches, arnMatches } from './iam-match.js';

export type { ConditionClause, RequestContext, Tri } from './iam-conditions.js';

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalSpec {
  /** `"Principal": "*"` or `{"AWS": "*"}`: every principal. */
  any: boolean;
  AWS: string[];
  Service: string[];
  Federated: string[];
  CanonicalUser: string[];
}

export interface NormalisedStatement {
  /** Position in `Statement` (0 when `Statement` is a single object). */
  index: number;
  /** Path from the document root: `['Statement', 2]`, or `['Statement']` for a single object. */
  path: EvidencePath;
  effect: 'Allow' | 'Deny' | undefined;
  sid?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: ConditionClause[];
  raw: PolicyStatement;
}

/** A document with what a finding needs to name it: a label and where it sits in the data. */
export interface LabelledPolicy {
  document: PolicyDocument;
  /** `managed policy ReadS3 (arn:…)`, `inline policy app`. */
  label?: string;
  /** Path of the document in the record a finding is about: `['AttachedPolicies', 0, 'Document']`. */
  path?: EvidencePath;
  /** The document is not in the data (a known AWS managed policy): evidence stops at `path`. */
  opaque?: boolean;
}

export type PolicySource = PolicyDocument | LabelledPolicy;

export interface RequestPrincipal {
  type: PrincipalType;
  /** A principal ARN, a service (`pods.eks.amazonaws.com`) or a federated provider ARN. */
  id: string;
  /** The account an `AWS` principal belongs to (`123456789012`, matches `…:root`). */
  account?: string;
}

export interface PolicyRequest {
  action: string;
  resource: string;
  /** Given for trust and resource policies; identity policies have no Principal element. */
  principal?: RequestPrincipal;
  context?: RequestContext;
}

export interface StatementMatch {
  /** Index of the policy in the list evaluated. */
  policyIndex: number;
  policy: LabelledPolicy;
  statement: NormalisedStatement;
  /** `true`: applies; `'undecided'`: applies only if conditions (or variables) it names hold. */
  applies: Exclude<Tri, false>;
  undecidedKeys: string[];
  /** Evidence path of the statement: the policy's path and the statement's. */
  path: EvidencePath;
}

export type Verdict = 'allowed' | 'conditional' | 'denied' | 'not-allowed';

export interface Decision {
  verdict: Verdict;
  /** Allow statements that apply (definitely first). */
  allows: StatementMatch[];
  /** Deny statements that apply. */
  denies: StatementMatch[];
}

const STATEMENTS = new WeakMap<PolicyDocument, NormalisedStatement[]>();

function asList(value: PolicyValues | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

function normalisePrincipal(value: PolicyStatement['Principal']): PrincipalSpec | undefined {
  if (value === undefined) return undefined;
  const spec: PrincipalSpec = { any: false, AWS: [], Service: [], Federated: [], CanonicalUser: [] };
  if (value === '*') {
    spec.any = true;
    return spec;
  }
  if (value === null || typeof value !== 'object') return spec;
  for (const [type, raw] of Object.entries(value)) {
    const list = asList(raw) ?? [];
    const key = (['AWS', 'Service', 'Federated', 'CanonicalUser'] as const).find((name) => name.toLowerCase() === type.toLowerCase());
    if (!key) continue;
    spec[key].push(...list);
    if (key === 'AWS' && list.includes('*')) spec.any = true;
  }
  return spec;
}

function normaliseStatement(raw: PolicyStatement, index: number, single: boolean): NormalisedStatement {
  const effect = raw.Effect === 'Allow' || raw.Effect === 'Deny' ? raw.Effect : undefined;
  const statement: NormalisedStatement = {
    index,
    path: single ? ['Statement'] : ['Statement', index],
    effect,
    conditions: normaliseConditions(raw.Condition),
    raw,
  };
  if (raw.Sid !== undefined) statement.sid = raw.Sid;
  const actions = asList(raw.Action);
  const notActions = asList(raw.NotAction);
  const resources = asList(raw.Resource);
  const notResources = asList(raw.NotResource);
  const principal = normalisePrincipal(raw.Principal);
  const notPrincipal = normalisePrincipal(raw.NotPrincipal);
  if (actions) statement.actions = actions;
  if (notActions) statement.notActions = notActions;
  if (resources) statement.resources = resources;
  if (notResources) statement.notResources = notResources;
  if (principal) statement.principal = principal;
  if (notPrincipal) statement.notPrincipal = notPrincipal;
  return statement;
}

/** The statements of a document, whether `Statement` is one object or a list. */
export function statementsOf(document: PolicyDocument | undefined): NormalisedStatement[] {
  if (!document) return [];
  let statements = STATEMENTS.get(document);
  if (statements) return statements;
  const raw = document.Statement;
  if (Array.isArray(raw)) {
    statements = raw.map((statement, index) => normaliseStatement(statement ?? {}, index, false));
  } else if (raw !== null && typeof raw === 'object') {
    statements = [normaliseStatement(raw, 0, true)];
  } else {
    statements = [];
  }
  STATEMENTS.set(document, statements);
  return statements;
}

export function actionInStatement(statement: NormalisedStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => actionMatches(pattern, action));
  if (statement.notActions) return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  return false;
}

/** A resource pattern with a policy variable (`${aws:username}`) cannot be matched blindly. */
function resourcePatternMatches(pattern: string, resource: string, context: RequestContext | undefined): Tri {
  if (!pattern.includes('${')) return arnMatches(pattern, resource);
  const resolved = substituteResourceVariables(pattern, context);
  return resolved === undefined ? 'undecided' : arnMatches(resolved, resource);
}

function substituteResourceVariables(pattern: string, context: RequestContext | undefined): string | undefined {
  const values = context?.values ?? {};
  const lower = new Map(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value]));
  let unresolved = false;
  const out = pattern.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    const name = inner.trim();
    if (name === '$') return '$';
    const value = lower.get(name.toLowerCase());
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.length === 1) return String(value[0]);
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

function anyTri(results: Tri[]): Tri {
  if (results.includes(true)) return true;
  return results.includes('undecided') ? 'undecided' : false;
}

export function resourceInStatement(statement: NormalisedStatement, resource: string, context?: RequestContext): Tri {
  if (statement.resources) return anyTri(statement.resources.map((pattern) => resourcePatternMatches(pattern, resource, context)));
  if (statement.notResources) {
    const excluded = anyTri(statement.notResources.map((pattern) => resourcePatternMatches(pattern, resource, context)));
    return excluded === 'undecided' ? 'undecided' : !excluded;
  }
  // Trust policies have no Resource: the statement is about the role that holds it.
  return statement.principal !== undefined || statement.notPrincipal !== undefined;
}

function principalListed(spec: PrincipalSpec, principal: RequestPrincipal): boolean {
  if (spec.any) return true;
  const values = spec[principal.type];
  if (principal.type === 'AWS') {
    return values.some((value) => {
      if (value === principal.id) return true;
      if (principal.account === undefined) return false;
      return value === principal.account || /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1] === principal.account;
    });
  }
  // Service names and provider ARNs are matched as IAM stores them, without regard to case.
  const id = principal.id.toLowerCase();
  return values.some((value) => value.toLowerCase() === id);
}

export function principalInStatement(statement: NormalisedStatement, principal: RequestPrincipal | undefined): boolean {
  if (!principal) return true;
  if (statement.principal) return principalListed(statement.principal, principal);
  if (statement.notPrincipal) return !principalListed(statement.notPrincipal, principal);
  return false;
}

/** How one statement applies to a request, conditions included. */
export function matchStatement(statement: NormalisedStatement, request: PolicyRequest): { applies: Tri; undecidedKeys: string[] } {
  if (!statement.effect) return { applies: false, undecidedKeys: [] };
  if (!actionInStatement(statement, request.action)) return { applies: false, undecidedKeys: [] };
  if (!principalInStatement(statement, request.principal)) return { applies: false, undecidedKeys: [] };
  const resource = resourceInStatement(statement, request.resource, request.context);
  if (resource === false) return { applies: false, undecidedKeys: [] };
  const conditions = evaluateConditions(statement.conditions, request.context ?? {});
  if (conditions.result === false) return { applies: false, undecidedKeys: [] };
  const undecidedKeys = [...conditions.undecidedKeys];
  if (resource === 'undecided') undecidedKeys.push('Resource');
  const applies: Tri = resource === true && conditions.result === true ? true : 'undecided';
  return { applies, undecidedKeys };
}

export function labelled(source: PolicySource): LabelledPolicy {
  return 'document' in source && source.document !== null && typeof source.document === 'object' ? source : { document: source as PolicyDocument };
}

/** Evaluates a request against every policy, as one principal's policies combine. */
export function evaluatePolicies(sources: readonly PolicySource[], request: PolicyRequest): Decision {
  const allows: StatementMatch[] = [];
  const denies: StatementMatch[] = [];
  sources.forEach((source, policyIndex) => {
    const policy = labelled(source);
    for (const statement of statementsOf(policy.document)) {
      const { applies, undecidedKeys } = matchStatement(statement, request);
      if (applies === false) continue;
      const match: StatementMatch = {
        policyIndex,
        policy,
        statement,
        applies,
        undecidedKeys,
        path: policy.opaque ? [...(policy.path ?? [])] : [...(policy.path ?? []), ...statement.path],
      };
      (statement.effect === 'Deny' ? denies : allows).push(match);
    }
  });
  allows.sort((a, b) => Number(b.applies === true) - Number(a.applies === true));
  let verdict: Verdict;
  if (denies.some((match) => match.applies === true)) verdict = 'denied';
  else if (allows.some((match) => match.applies === true)) verdict = denies.length > 0 ? 'conditional' : 'allowed';
  else verdict = allows.length > 0 ? 'conditional' : 'not-allowed';
  return { verdict, allows, denies };
}

/** Whether the policies allow the request outright (no undecided condition in the way). */
export function isAllowed(sources: readonly PolicySource[], action: string, resource: string, context?: RequestContext): boolean {
  const request: PolicyRequest = { action, resource };
  if (context) request.context = context;
  return evaluatePolicies(sources, request).verdict === 'allowed';
}

/** Of the actions asked about, those the policies allow on the resource, each with its decision. */
export function allowedActions(
  sources: readonly PolicySource[],
  actions: readonly string[],
  resource: string,
  context?: RequestContext,
  options: { includeConditional?: boolean } = {},
): Array<{ action: string; decision: Decision }> {
  const out: Array<{ action: string; decision: Decision }> = [];
  for (const action of actions) {
    const request: PolicyRequest = { action, resource };
    if (context) request.context = context;
    const decision = evaluatePolicies(sources, request);
    if (decision.verdict === 'allowed' || (options.includeConditional && decision.verdict === 'conditional')) {
      out.push({ action, decision });
    }
  }
  return out;
}

/** Condition keys that left a decision open, across its statements. */
export function undecidedKeysOf(decision: Decision): string[] {
  const keys = new Set<string>();
  for (const match of [...decision.allows, ...decision.denies]) if (match.applies === 'undecided') for (const key of match.undecidedKeys) keys.add(key);
  return [...keys];
}

/** A trust-policy statement that lets principals assume the role. */
export interface TrustStatement {
  statement: NormalisedStatement;
  principal: PrincipalSpec;
  /** The assume actions it allows, of `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, `sts:AssumeRoleWithSAML`, `sts:TagSession`. */
  actions: string[];
}

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession'];

/**
 * The Allow statements of a role's trust policy, with whom they name and which assume actions
 * they allow. `NotPrincipal` in an Allow is not supported by IAM for trust policies, so those
 * statements are left out.
 */
export function trustStatements(trustPolicy: PolicyDocument | undefined): TrustStatement[] {
  const out: TrustStatement[] = [];
  for (const statement of statementsOf(trustPolicy)) {
    if (statement.effect !== 'Allow' || !statement.principal) continue;
    const actions = ASSUME_ACTIONS.filter((action) => actionInStatement(statement, action));
    if (actions.length > 0) out.push({ statement, principal: statement.principal, actions });
  }
  return out;
}

/** The clauses of a statement on one key (keys compare case-insensitively). */
export function clausesOn(statement: NormalisedStatement, key: string): ConditionClause[] {
  const lower = key.toLowerCase();
  return statement.conditions.filter((clause) => clause.key.toLowerCase() === lower);
}

/** Evidence path to a statement's Condition, or to the statement when it has none. */
export function conditionPath(match: { path: EvidencePath; statement: NormalisedStatement }): EvidencePath {
  return match.statement.raw.Condition !== undefined ? [...match.path, 'Condition'] : match.path;
}
