import { FakeAwsError, list, paginate, str, type Input, type ServiceHandlers } from './common.js';

interface Filter {
  Name?: string;
  Values?: string[];
}

function filtersOf(input: Input, key: string): Filter[] {
  const value = input[key];
  return Array.isArray(value) ? (value as Filter[]) : [];
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The values a filter name selects on a resource, for the filter names the fake supports. */
function filterValues(resource: Record<string, unknown>, name: string): string[] {
  const tags = (resource.Tags as Array<{ Key?: string; Value?: string }> | undefined) ?? [];
  if (name.startsWith('tag:')) return tags.filter((tag) => tag.Key === name.slice(4)).map((tag) => tag.Value ?? '');
  const fields: Record<string, (r: Record<string, unknown>) => unknown> = {
    'tag-key': () => tags.map((tag) => tag.Key),
    'vpc-id': (r) => r.VpcId,
    'resource-id': (r) => r.ResourceId,
    'group-id': (r) => r.GroupId,
    'subnet-id': (r) => r.SubnetId,
    'instance-id': (r) => r.InstanceId,
    'instance-state-name': (r) => (r.State as { Name?: string } | undefined)?.Name,
  };
  const pick = fields[name];
  if (!pick) throw new FakeAwsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
  const value = pick(resource);
  return (Array.isArray(value) ? value : [value]).filter((entry): entry is string => typeof entry === 'string');
}

function matches(resource: Record<string, unknown>, filters: Filter[]): boolean {
  return filters.every((filter) => {
    const values = filterValues(resource, filter.Name ?? '');
    return (filter.Values ?? []).some((pattern) => values.some((value) => wildcard(pattern).test(value)));
  });
}

function byIds<T extends Record<string, unknown>>(items: T[], ids: string[], idKey: string, notFoundCode: string, describe: (id: string) => string): T[] {
  if (ids.length === 0) return items;
  return ids.map((id) => items.find((item) => item[idKey] === id) ?? (() => { throw new FakeAwsError(notFoundCode, describe(id), 400); })());
}

export const ec2Handlers: ServiceHandlers = {
  DescribeLaunchTemplateVersions: (input, context) => {
    const id = str(input, 'LaunchTemplateId');
    const name = str(input, 'LaunchTemplateName');
    const all = context.account.ec2.launchTemplateVersions.filter(
      (version) => (id !== undefined && version.LaunchTemplateId === id) || (name !== undefined && version.LaunchTemplateName === name),
    );
    if ((id || name) && all.length === 0) {
      throw new FakeAwsError(
        'InvalidLaunchTemplateId.NotFound',
        `The specified launch template, with template ${id ? `ID ${id}` : `name ${name}`}, does not exist.`,
        400,
      );
    }
    const wanted = list(input, 'Versions');
    const latest = Math.max(...all.map((version) => version.VersionNumber ?? 0));
    const selected = wanted.length === 0
      ? all
      : all.filter((version) =>
          wanted.some((want) =>
            want === '$Latest' ? version.VersionNumber === latest : want === '$Default' ? version.DefaultVersion === true : Number(want) === version.VersionNumber,
          ),
        );
    const { page, next } = paginate(selected, input.NextToken, input.MaxResults, context);
    return { LaunchTemplateVersions: page, NextToken: next };
  },

  DescribeInstances: (input, context) => {
    const filters = filtersOf(input, 'Filters');
    const ids = list(input, 'InstanceIds');
    const reservations = context.account.ec2.reservations
      .map((reservation) => ({
        ...reservation,
        Instances: (reservation.Instances ?? []).filter(
          (instance) => (ids.length === 0 || ids.includes(instance.InstanceId ?? '')) && matches(instance as Record<string, unknown>, filters),
        ),
      }))
      .filter((reservation) => reservation.Instances.length > 0);
    const { page, next } = paginate(reservations, input.NextToken, input.MaxResults, context);
    return { Reservations: page, NextToken: next };
  },

  DescribeSecurityGroups: (input, context) => {
    const ids = list(input, 'GroupIds');
    const groups = byIds(context.account.ec2.securityGroups, ids, 'GroupId', 'InvalidGroup.NotFound', (id) => `The security group '${id}' does not exist`)
      .filter((group) => matches(group as Record<string, unknown>, filtersOf(input, 'Filters')));
    // EC2 answers a request by ids in one page.
    if (ids.length > 0) return { SecurityGroups: groups };
    const { page, next } = paginate(groups, input.NextToken, input.MaxResults, context);
    return { SecurityGroups: page, NextToken: next };
  },

  DescribeSubnets: (input, context) => {
    const ids = list(input, 'SubnetIds');
    const subnets = byIds(context.account.ec2.subnets, ids, 'SubnetId', 'InvalidSubnetID.NotFound', (id) => `The subnet ID '${id}' does not exist`)
      .filter((subnet) => matches(subnet as Record<string, unknown>, filtersOf(input, 'Filters')));
    if (ids.length > 0) return { Subnets: subnets };
    const { page, next } = paginate(subnets, input.NextToken, input.MaxResults, context);
    return { Subnets: page, NextToken: next };
  },

  DescribeFlowLogs: (input, context) => {
    const ids = list(input, 'FlowLogIds');
    const logs = context.account.ec2.flowLogs.filter(
      (log) => (ids.length === 0 || ids.includes(log.FlowLogId ?? '')) && matches(log as Record<string, unknown>, filtersOf(input, 'Filter')),
    );
    const { page, next } = paginate(logs, input.NextToken, input.MaxResults, context);
    return { FlowLogs: page, NextToken: next };
  },

  GetEbsEncryptionByDefault: (_input, context) => ({
    EbsEncryptionByDefault: context.account.ec2.ebsEncryptionByDefault,
    SseType: 'sse-ebs',
  }),
};
