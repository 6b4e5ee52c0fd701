import type { ChangeEvent } from 'react';
import type { ClusterSummary } from '../api/types.js';
import { FLEET_PATH, ROUTES, href, navigate } from '../router.js';

/** The group's label (which names a scope), with the source that also sets groups apart: one cluster scanned live and from a snapshot is two. */
export function clusterLabel(cluster: ClusterSummary): string {
  return `${cluster.label} · ${cluster.sourceType}`;
}

/**
 * Which cluster (or manifest target) the views show: choosing one opens its newest scan in the
 * current view (the overview when coming from the fleet), filters dropped as they were the
 * other cluster's; "All clusters" opens the fleet view.
 */
export function ClusterPicker(props: { clusters: ClusterSummary[]; selected: ClusterSummary | undefined; path: string }) {
  const onChange = (event: ChangeEvent<HTMLSelectElement>): void => {
    const chosen = props.clusters.find((cluster) => cluster.groupKey === event.target.value);
    const view = ROUTES.some((route) => route.path === props.path) ? props.path : '/';
    navigate(chosen ? href(view, { scan: chosen.latest.id }) : FLEET_PATH);
  };
  return (
    <label className="cluster-picker">
      <span>Cluster</span>
      <select value={props.selected?.groupKey ?? ''} onChange={onChange} aria-label="Cluster">
        <option value="">All clusters (fleet)</option>
        {props.clusters.map((cluster) => (
          <option key={cluster.groupKey} value={cluster.groupKey}>
            {clusterLabel(cluster)}
          </option>
        ))}
      </select>
    </label>
  );
}
