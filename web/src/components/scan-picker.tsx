import type { ChangeEvent } from 'react';
import type { ScanRow } from '../api/types.js';
import { useQueryUpdate } from '../router.js';

export function scanLabel(scan: ScanRow): string {
  return `#${scan.id} · ${scan.cluster ?? scan.target ?? scan.sourceType} · ${formatTime(scan.startedAt)}`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** Which scan every view shows; kept in the `scan` query parameter so links and reloads keep it. */
export function ScanPicker(props: { scans: ScanRow[]; selected: number }) {
  const update = useQueryUpdate();
  const onChange = (event: ChangeEvent<HTMLSelectElement>): void =>
    update({ scan: event.target.value, offset: undefined, finding: undefined, path: undefined });
  return (
    <label className="scan-picker">
      <span>Scan</span>
      <select value={props.selected} onChange={onChange} aria-label="Scan">
        {props.scans.map((scan) => (
          <option key={scan.id} value={scan.id}>
            {scanLabel(scan)}
          </option>
        ))}
      </select>
    </label>
  );
}
