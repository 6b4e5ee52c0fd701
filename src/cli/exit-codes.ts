/** Exit codes are a contract with CI pipelines (ARCHITECTURE.md). */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  internal: 3,
  /** A fleet command could not read or scan every account, region or cluster (the rest was done). */
  partial: 4,
} as const;

/** A problem with how the command was called or with its input: exit 2 with this message. */
export class UsageError extends Error {}
