import type { Wire } from '../../../../src/model/index.js';
import type { Cluster } from '@aws-sdk/client-eks';
import { notFound, paginate, str, list, type HandlerContext, type Input, type ServiceHandlers } from './common.js';

/** The account's clusters in the request's region (all of them when the fake serves one account). */
function regional(context: HandlerContext): Array<Wire<Cluster>> {
  const { region } = context;
  return region === undefined ? context.account.eks.clusters : context.account.eks.clusters.filter((entry) => entry.arn?.split(':')[3] === region);
}

function cluster(input: Input, context: HandlerContext, key = 'clusterName'): Wire<Cluster> {
  const name = str(input, key) ?? '';
  const found = regional(context).find((entry) => entry.name === name);
  return found ?? notFound('ResourceNotFoundException', `No cluster found for name: ${name}.`);
}

export const eksHandlers: ServiceHandlers = {
  ListClusters: (input, context) => {
    const names = regional(context).map((entry) => entry.name);
    const { page, next } = paginate(names, input.nextToken, input.maxResults, context);
    return { clusters: page, nextToken: next };
  },

  DescribeCluster: (input, context) => ({ cluster: cluster(input, context, 'name') }),

  DescribeClusterVersions: (input, context) => {
    const wanted = list(input, 'clusterVersions');
    const versions = context.account.eks.clusterVersions.filter(
      (version) =>
        (wanted.length === 0 || wanted.includes(version.clusterVersion ?? '')) &&
        (input.defaultOnly !== true || version.defaultVersion === true) &&
        // Versions out of all support are listed only on request, as EKS does.
        (input.includeAll === true || version.versionStatus !== 'UNSUPPORTED') &&
        (str(input, 'versionStatus') === undefined || version.versionStatus === input.versionStatus),
    );
    const { page, next } = paginate(versions, input.nextToken, input.maxResults, context);
    return { clusterVersions: page, nextToken: next };
  },

  ListNodegroups: (input, context) => {
    const name = cluster(input, context).name;
    const names = context.account.eks.nodegroups.filter((group) => group.clusterName === name).map((group) => group.nodegroupName);
    const { page, next } = paginate(names, input.nextToken, input.maxResults, context);
    return { nodegroups: page, nextToken: next };
  },

  DescribeNodegroup: (input, context) => {
    const name = cluster(input, context).name;
    const group = context.account.eks.nodegroups.find((entry) => entry.clusterName === name && entry.nodegroupName === input.nodegroupName);
    return { nodegroup: group ?? notFound('ResourceNotFoundException', `No node group found for name: ${String(input.nodegroupName)}.`) };
  },

  ListFargateProfiles: (input, context) => {
    const name = cluster(input, context).name;
    const names = context.account.eks.fargateProfiles.filter((profile) => profile.clusterName === name).map((profile) => profile.fargateProfileName);
    const { page, next } = paginate(names, input.nextToken, input.maxResults, context);
    return { fargateProfileNames: page, nextToken: next };
  },

  DescribeFargateProfile: (input, context) => {
    const name = cluster(input, context).name;
    const profile = context.account.eks.fargateProfiles.find(
      (entry) => entry.clusterName === name && entry.fargateProfileName === input.fargateProfileName,
    );
    return {
      fargateProfile:
        profile ?? notFound('ResourceNotFoundException', `No Fargate Profile found with name: ${String(input.fargateProfileName)}.`),
    };
  },

  ListAddons: (input, context) => {
    const name = cluster(input, context).name;
    const names = context.account.eks.addons.filter((addon) => addon.clusterName === name).map((addon) => addon.addonName);
    const { page, next } = paginate(names, input.nextToken, input.maxResults, context);
    return { addons: page, nextToken: next };
  },

  DescribeAddon: (input, context) => {
    const name = cluster(input, context).name;
    const addon = context.account.eks.addons.find((entry) => entry.clusterName === name && entry.addonName === input.addonName);
    return { addon: addon ?? notFound('ResourceNotFoundException', `No addon: ${String(input.addonName)} found in cluster: ${name}`) };
  },

  DescribeAddonVersions: (input, context) => {
    const kubernetesVersion = str(input, 'kubernetesVersion');
    const addons = context.account.eks.addonVersions
      .filter((addon) => input.addonName === undefined || addon.addonName === input.addonName)
      .map((addon) => ({
        ...addon,
        addonVersions: (addon.addonVersions ?? []).filter(
          (version) =>
            kubernetesVersion === undefined ||
            (version.compatibilities ?? []).some((compatibility) => compatibility.clusterVersion === kubernetesVersion),
        ),
      }))
      .filter((addon) => addon.addonVersions.length > 0);
    const { page, next } = paginate(addons, input.nextToken, input.maxResults, context);
    return { addons: page, nextToken: next };
  },

  ListAccessEntries: (input, context) => {
    const name = cluster(input, context).name;
    const principals = context.account.eks.accessEntries.filter((entry) => entry.clusterName === name).map((entry) => entry.principalArn);
    const { page, next } = paginate(principals, input.nextToken, input.maxResults, context);
    return { accessEntries: page, nextToken: next };
  },

  DescribeAccessEntry: (input, context) => {
    const name = cluster(input, context).name;
    const entry = context.account.eks.accessEntries.find((candidate) => candidate.clusterName === name && candidate.principalArn === input.principalArn);
    return {
      accessEntry: entry ?? notFound('ResourceNotFoundException', `The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.`),
    };
  },

  ListAssociatedAccessPolicies: (input, context) => {
    const name = cluster(input, context).name;
    const principalArn = str(input, 'principalArn') ?? '';
    if (!context.account.eks.accessEntries.some((entry) => entry.clusterName === name && entry.principalArn === principalArn)) {
      notFound('ResourceNotFoundException', `The specified principalArn could not be found.`);
    }
    const policies = context.account.eks.associatedAccessPolicies[principalArn] ?? [];
    const { page, next } = paginate(policies, input.nextToken, input.maxResults, context);
    return { clusterName: name, principalArn, associatedAccessPolicies: page, nextToken: next };
  },

  ListPodIdentityAssociations: (input, context) => {
    const name = cluster(input, context).name;
    const summaries = context.account.eks.podIdentityAssociations
      .filter(
        (association) =>
          association.clusterName === name &&
          (input.namespace === undefined || association.namespace === input.namespace) &&
          (input.serviceAccount === undefined || association.serviceAccount === input.serviceAccount),
      )
      .map(({ clusterName, namespace, serviceAccount, associationArn, associationId, ownerArn }) => ({
        clusterName,
        namespace,
        serviceAccount,
        associationArn,
        associationId,
        ownerArn,
      }));
    const { page, next } = paginate(summaries, input.nextToken, input.maxResults, context);
    return { associations: page, nextToken: next };
  },

  DescribePodIdentityAssociation: (input, context) => {
    const name = cluster(input, context).name;
    const association = context.account.eks.podIdentityAssociations.find(
      (entry) => entry.clusterName === name && entry.associationId === input.associationId,
    );
    return {
      association: association ?? notFound('ResourceNotFoundException', `Association ${String(input.associationId)} not found.`),
    };
  },

  ListInsights: (input, context) => {
    cluster(input, context);
    const filter = (input.filter ?? {}) as Input;
    const categories = list(filter, 'categories');
    const statuses = list(filter, 'statuses');
    const summaries = context.account.eks.insights
      .filter(
        (insight) =>
          (categories.length === 0 || categories.includes(insight.category ?? '')) &&
          (statuses.length === 0 || statuses.includes(insight.insightStatus?.status ?? '')),
      )
      .map(({ id, name, category, kubernetesVersion, lastRefreshTime, lastTransitionTime, description, insightStatus }) => ({
        id,
        name,
        category,
        kubernetesVersion,
        lastRefreshTime,
        lastTransitionTime,
        description,
        insightStatus,
      }));
    const { page, next } = paginate(summaries, input.nextToken, input.maxResults, context);
    return { insights: page, nextToken: next };
  },

  DescribeInsight: (input, context) => {
    cluster(input, context);
    const insight = context.account.eks.insights.find((entry) => entry.id === input.id);
    return { insight: insight ?? notFound('ResourceNotFoundException', `Insight ${String(input.id)} not found.`) };
  },
};
