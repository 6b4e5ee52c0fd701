/** EKS: everything about the cluster beyond DescribeCluster, fetched in parallel. */
import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeFargateProfileCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListAccessEntries,
  paginateListAddons,
  paginateListAssociatedAccessPolicies,
  paginateListFargateProfiles,
  paginateListInsights,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
  type AddonVersionInfo,
  type Cluster,
} from '@aws-sdk/client-eks';
import type { AwsSnapshotData, Wire } from '../../model/index.js';
import type { AwsSession } from './session.js';
import { toWire } from './wire.js';

type EksData = NonNullable<AwsSnapshotData['eks']>;

/**
 * A described list, only when every describe call succeeded: a list missing the one item that
 * failed would read as complete, and checks would pass on it. The failures stay in `errors`,
 * and checks report not evaluated.
 */
function complete<T>(values: Array<T | undefined>): T[] | undefined {
  return values.every((value) => value !== undefined) ? (values) : undefined;
}

export async function collectEksDetails(session: AwsSession, cluster: Wire<Cluster>, eks: EksData): Promise<void> {
  const clusterName = cluster.name ?? '';
  const client = session.clients.eks;

  const versions = async (): Promise<void> => {
    const found = await session.list(
      'eks:DescribeClusterVersions',
      undefined,
      paginateDescribeClusterVersions({ client, stopOnSameToken: true }, { includeAll: true }),
      (page) => page.clusterVersions,
    );
    if (found) eks.clusterVersions = found.map(toWire);
  };

  const nodegroups = async (): Promise<void> => {
    const names = await session.list('eks:ListNodegroups', clusterName, paginateListNodegroups({ client, stopOnSameToken: true }, { clusterName }), (page) => page.nodegroups);
    if (!names) return;
    const described = await Promise.all(
      names.map(async (nodegroupName) => {
        const result = await session.call('eks:DescribeNodegroup', nodegroupName, () =>
          client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
        );
        return result?.nodegroup && toWire(result.nodegroup);
      }),
    );
    const nodegroupsList = complete(described);
    if (nodegroupsList) eks.nodegroups = nodegroupsList;
  };

  const fargateProfiles = async (): Promise<void> => {
    const names = await session.list(
      'eks:ListFargateProfiles',
      clusterName,
      paginateListFargateProfiles({ client, stopOnSameToken: true }, { clusterName }),
      (page) => page.fargateProfileNames,
    );
    if (!names) return;
    const described = await Promise.all(
      names.map(async (fargateProfileName) => {
        const result = await session.call('eks:DescribeFargateProfile', fargateProfileName, () =>
          client.send(new DescribeFargateProfileCommand({ clusterName, fargateProfileName })),
        );
        return result?.fargateProfile && toWire(result.fargateProfile);
      }),
    );
    const fargateProfilesList = complete(described);
    if (fargateProfilesList) eks.fargateProfiles = fargateProfilesList;
  };

  const addons = async (): Promise<void> => {
    const names = await session.list('eks:ListAddons', clusterName, paginateListAddons({ client, stopOnSameToken: true }, { clusterName }), (page) => page.addons);
    if (!names) return;
    const kubernetesVersion = cluster.version;
    const addonVersions: Record<string, Array<Wire<AddonVersionInfo>>> = {};
    const described = await Promise.all(
      names.map(async (addonName) => {
        const [result, versions] = await Promise.all([
          session.call('eks:DescribeAddon', addonName, () => client.send(new DescribeAddonCommand({ clusterName, addonName }))),
          session.list(
            'eks:DescribeAddonVersions',
            addonName,
            paginateDescribeAddonVersions({ client, stopOnSameToken: true }, { addonName, ...(kubernetesVersion ? { kubernetesVersion } : {}) }),
            (page) => (page.addons ?? []).filter((addon) => addon.addonName === addonName).flatMap((addon) => addon.addonVersions ?? []),
          ),
        ]);
        if (versions) addonVersions[addonName] = versions.map(toWire);
        return result?.addon && toWire(result.addon);
      }),
    );
    const addonsList = complete(described);
    if (addonsList) eks.addons = addonsList;
    // Keyed in list order, so the snapshot does not depend on which answer came first.
    eks.addonVersions = Object.fromEntries(names.filter((name) => addonVersions[name]).map((name) => [name, addonVersions[name] ?? []]));
  };

  const accessEntries = async (): Promise<void> => {
    const principals = await session.list(
      'eks:ListAccessEntries',
      clusterName,
      paginateListAccessEntries({ client, stopOnSameToken: true }, { clusterName }),
      (page) => page.accessEntries,
    );
    if (!principals) return;
    const entries = await Promise.all(
      principals.map(async (principalArn) => {
        const [entry, policies] = await Promise.all([
          session.call('eks:DescribeAccessEntry', principalArn, () => client.send(new DescribeAccessEntryCommand({ clusterName, principalArn }))),
          session.list(
            'eks:ListAssociatedAccessPolicies',
            principalArn,
            paginateListAssociatedAccessPolicies({ client, stopOnSameToken: true }, { clusterName, principalArn }),
            (page) => page.associatedAccessPolicies,
          ),
        ]);
        if (!entry?.accessEntry || !policies) return undefined;
        return { accessEntry: toWire(entry.accessEntry), associatedAccessPolicies: policies.map(toWire) };
      }),
    );
    // One entry that could not be read leaves the list unknown: its policies might be the admin ones.
    const entryList = complete(entries);
    if (entryList) eks.accessEntries = entryList;
  };

  const podIdentity = async (): Promise<void> => {
    const summaries = await session.list(
      'eks:ListPodIdentityAssociations',
      clusterName,
      paginateListPodIdentityAssociations({ client, stopOnSameToken: true }, { clusterName }),
      (page) => page.associations,
    );
    if (!summaries) return;
    const described = await Promise.all(
      summaries.map(async ({ associationId }) => {
        if (!associationId) return undefined;
        const result = await session.call('eks:DescribePodIdentityAssociation', associationId, () =>
          client.send(new DescribePodIdentityAssociationCommand({ clusterName, associationId })),
        );
        return result?.association && toWire(result.association);
      }),
    );
    const podIdentityAssociationsList = complete(described);
    if (podIdentityAssociationsList) eks.podIdentityAssociations = podIdentityAssociationsList;
  };

  const insights = async (): Promise<void> => {
    const summaries = await session.list('eks:ListInsights', clusterName, paginateListInsights({ client, stopOnSameToken: true }, { clusterName }), (page) => page.insights);
    if (!summaries) return;
    const described = await Promise.all(
      summaries.map(async ({ id }) => {
        if (!id) return undefined;
        const result = await session.call('eks:DescribeInsight', id, () => client.send(new DescribeInsightCommand({ clusterName, id })));
        return result?.insight && toWire(result.insight);
      }),
    );
    const insightsList = complete(described);
    if (insightsList) eks.insights = insightsList;
  };

  await Promise.all([versions(), nodegroups(), fargateProfiles(), addons(), accessEntries(), podIdentity(), insights()]);
}

