/**
 * Action ids sort by time and are unique: they name the quarantine NetworkPolicy and label value,
 * so they keep to what a label value and an object name allow (lower-case letters, digits, `-`).
 */
import { randomBytes } from 'node:crypto';

export function actionIdGenerator(now: () => number = Date.now, random: () => string = () => randomBytes(3).toString('hex')): () => string {
  let last = 0;
  return () => {
    // Strictly increasing within a process, even for ids made in the same millisecond.
    last = Math.max(now(), last + 1);
    const iso = new Date(last).toISOString(); // 2025-05-12T10:30:00.123Z
    const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}`;
    return `${stamp}-${random()}`;
  };
}

export const ACTION_ID = /^\d{8}-\d{6}-\d{3}-[0-9a-f]{6}$/;
