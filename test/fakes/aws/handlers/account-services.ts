/** KMS, CloudWatch Logs, GuardDuty, Inspector2, ECR and ELBv2: the account-level services. */
import { FakeAwsError, list, notFound, paginate, str, type ServiceHandlers } from './common.js';

export const kmsHandlers: ServiceHandlers = {
  DescribeKey: (input, context) => {
    const keyId = str(input, 'KeyId') ?? '';
    const key = context.account.kms.keys.find((entry) => entry.KeyMetadata.KeyId === keyId || entry.KeyMetadata.Arn === keyId);
    return { KeyMetadata: (key ?? notFound('NotFoundException', `Key '${keyId}' does not exist`, 400)).KeyMetadata };
  },
  GetKeyRotationStatus: (input, context) => {
    const keyId = str(input, 'KeyId') ?? '';
    const key = context.account.kms.keys.find((entry) => entry.KeyMetadata.KeyId === keyId || entry.KeyMetadata.Arn === keyId);
    if (!key) notFound('NotFoundException', `Key '${keyId}' does not exist`, 400);
    return { KeyRotationEnabled: key.KeyRotationEnabled, KeyId: key.KeyMetadata.Arn, ...(key.KeyRotationEnabled ? { RotationPeriodInDays: 365 } : {}) };
  },
};

export const logsHandlers: ServiceHandlers = {
  DescribeLogGroups: (input, context) => {
    const prefix = str(input, 'logGroupNamePrefix') ?? '';
    const groups = context.account.logs.logGroups.filter((group) => (group.logGroupName ?? '').startsWith(prefix));
    const { page, next } = paginate(groups, input.nextToken, input.limit, context);
    return { logGroups: page, nextToken: next };
  },
  DescribeMetricFilters: (input, context) => {
    const groupName = str(input, 'logGroupName');
    if (groupName !== undefined && !context.account.logs.logGroups.some((group) => group.logGroupName === groupName)) {
      notFound('ResourceNotFoundException', 'The specified log group does not exist.', 400);
    }
    const filters = context.account.logs.metricFilters.filter((filter) => groupName === undefined || filter.logGroupName === groupName);
    const { page, next } = paginate(filters, input.nextToken, input.limit, context);
    return { metricFilters: page, nextToken: next };
  },
  /**
   * FilterLogEvents as the API reference states it: startTime and endTime both inclusive
   * ("events with a timestamp before startTime / later than endTime are not returned"), events
   * ordered by timestamp then ingestion time, streams interleaved (`interleaved` is ignored, as
   * AWS has ignored it since 2019), `searchedLogStreams` always empty (unsupported since 2020).
   */
  FilterLogEvents: (input, context) => {
    const name = str(input, 'logGroupName');
    const identifier = str(input, 'logGroupIdentifier');
    if ((name === undefined) === (identifier === undefined)) {
      throw new FakeAwsError('InvalidParameterException', 'Exactly one of logGroupName or logGroupIdentifier must be specified.', 400);
    }
    const wanted = name ?? (identifier ?? '').replace(/^arn:[^:]+:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '');
    if (!context.account.logs.logGroups.some((group) => group.logGroupName === wanted)) {
      notFound('ResourceNotFoundException', 'The specified log group does not exist.', 400);
    }
    const streamNames = list(input, 'logStreamNames');
    const prefix = str(input, 'logStreamNamePrefix');
    if (streamNames.length > 0 && prefix !== undefined) {
      throw new FakeAwsError('InvalidParameterException', 'Cannot specify both logStreamNames and logStreamNamePrefix.', 400);
    }
    if (str(input, 'filterPattern')) throw new FakeAwsError('NotImplemented', 'The fake does not evaluate filter patterns', 501);
    if (input.startFromHead === false) throw new FakeAwsError('NotImplemented', 'The fake pages oldest first only', 501);
    const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
    const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
    const events = (context.account.logs.logEvents?.[wanted] ?? [])
      .filter((event) => {
        const stream = event.logStreamName ?? '';
        const timestamp = event.timestamp ?? 0;
        return (streamNames.length === 0 || streamNames.includes(stream)) && stream.startsWith(prefix ?? '') && timestamp >= start && timestamp <= end;
      })
      .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || (a.ingestionTime ?? 0) - (b.ingestionTime ?? 0) || (a.eventId ?? '').localeCompare(b.eventId ?? ''));
    const { page, next } = paginate(events, input.nextToken, input.limit, context);
    return { events: page, searchedLogStreams: [], nextToken: next };
  },
};

export const guarddutyHandlers: ServiceHandlers = {
  ListDetectors: (input, context) => {
    const ids = context.account.guardduty.detectors.map((detector) => detector.DetectorId);
    const { page, next } = paginate(ids, input.NextToken, input.MaxResults, context);
    return { DetectorIds: page, NextToken: next };
  },
  GetDetector: (input, context) => {
    const detector = context.account.guardduty.detectors.find((entry) => entry.DetectorId === input.DetectorId);
    if (!detector) {
      notFound('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.', 400);
    }
    const { DetectorId: _id, ...rest } = detector;
    return rest;
  },
};

export const inspector2Handlers: ServiceHandlers = {
  BatchGetAccountStatus: (input, context) => {
    const ids = list(input, 'accountIds');
    const wanted = ids.length > 0 ? ids : [context.account.accountId];
    const accounts = context.account.inspector2.accounts.filter((account) => wanted.includes(account.accountId ?? ''));
    const failedAccounts = wanted
      .filter((id) => !accounts.some((account) => account.accountId === id))
      .map((accountId) => ({ accountId, errorCode: 'ACCESS_DENIED', errorMessage: 'You do not have access to this account.' }));
    return { accounts, failedAccounts };
  },
};

export const ecrHandlers: ServiceHandlers = {
  DescribeRepositories: (input, context) => {
    const names = list(input, 'repositoryNames');
    const repositories = names.length === 0
      ? context.account.ecr.repositories
      : names.map(
          (name) =>
            context.account.ecr.repositories.find((repository) => repository.repositoryName === name) ??
            notFound('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${context.account.accountId}'`, 400),
        );
    const { page, next } = paginate(repositories, input.nextToken, input.maxResults, context);
    return { repositories: page, nextToken: next };
  },
  GetRegistryScanningConfiguration: (_input, context) => ({
    registryId: context.account.accountId,
    scanningConfiguration: context.account.ecr.registryScanningConfiguration,
  }),
  GetRepositoryPolicy: (input, context) => {
    const name = str(input, 'repositoryName') ?? '';
    const registryId = context.account.accountId;
    if (!context.account.ecr.repositories.some((repository) => repository.repositoryName === name)) {
      notFound('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`, 400);
    }
    const policy = context.account.ecr.repositoryPolicies[name];
    if (!policy) {
      notFound('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${name}' in the registry with id '${registryId}'`, 400);
    }
    // ECR returns the policy as plain JSON text, unlike IAM.
    return { registryId, repositoryName: name, policyText: JSON.stringify(policy, null, 2) };
  },
};

export const elbv2Handlers: ServiceHandlers = {
  DescribeLoadBalancers: (input, context) => {
    const arns = list(input, 'LoadBalancerArns');
    const names = list(input, 'Names');
    const balancers = context.account.elbv2.loadBalancers.filter(
      (balancer) =>
        (arns.length === 0 || arns.includes(balancer.LoadBalancerArn ?? '')) &&
        (names.length === 0 || names.includes(balancer.LoadBalancerName ?? '')),
    );
    if (arns.length > 0 && balancers.length < arns.length) {
      throw new FakeAwsError('LoadBalancerNotFound', 'One or more load balancers not found', 400);
    }
    const { page, next } = paginate(balancers, input.Marker, input.PageSize, context);
    return { LoadBalancers: page, NextMarker: next };
  },
  DescribeTags: (input, context) => {
    const arns = list(input, 'ResourceArns');
    if (arns.length > 20) throw new FakeAwsError('ValidationError', 'Member must have length less than or equal to 20', 400);
    return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: context.account.elbv2.tags[arn] ?? [] })) };
  },
  DescribeListeners: (input, context) => {
    const balancer = str(input, 'LoadBalancerArn');
    if (balancer && !context.account.elbv2.loadBalancers.some((entry) => entry.LoadBalancerArn === balancer)) {
      throw new FakeAwsError('LoadBalancerNotFound', `Load balancer '${balancer}' not found`, 400);
    }
    const listeners = context.account.elbv2.listeners.filter((listener) => balancer === undefined || listener.LoadBalancerArn === balancer);
    const { page, next } = paginate(listeners, input.Marker, input.PageSize, context);
    return { Listeners: page, NextMarker: next };
  },
};

