import type { CheckResult, ScanResult } from '../model/index.js';

// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * Messages quote the scanned input (names, images, annotations). Control characters in it
 * could move the cursor or recolour the terminal, and a newline would break the layout: they
 * are shown as `\xNN` instead.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function printableResult(entry: CheckResult): CheckResult {
  const copy: CheckResult = {
    ...entry,
    checkId: printable(entry.checkId),
    message: printable(entry.message),
    resource: {
      ...entry.resource,
      kind: printable(entry.resource.kind),
      name: printable(entry.resource.name),
      ...(entry.resource.namespace !== undefined && { namespace: printable(entry.resource.namespace) }),
    },
  };
  if (entry.container !== undefined) copy.container = printable(entry.container);
  if (entry.path !== undefined) copy.path = printable(entry.path);
  if (entry.location) {
    copy.location = { ...entry.location, file: printable(entry.location.file) };
    if (entry.location.helmSource !== undefined) copy.location.helmSource = printable(entry.location.helmSource);
  }
  if (entry.waived) copy.waived = { ...entry.waived, reason: printable(entry.waived.reason), source: printable(entry.waived.source) };
  if (entry.fix) copy.fix = { ...entry.fix, description: printable(entry.fix.description) };
  return copy;
}

export function printableScan(result: ScanResult): ScanResult {
  return {
    ...result,
    inputErrors: result.inputErrors.map((error) => ({
      ...error,
      file: printable(error.file),
      message: printable(error.message),
    })),
    expiredExceptions: result.expiredExceptions.map((expired) => ({
      ...expired,
      checkId: printable(expired.checkId),
      reason: printable(expired.reason),
      expires: printable(expired.expires),
      source: printable(expired.source),
    })),
  };
}
