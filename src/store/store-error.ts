/** A store that cannot be used as asked: newer schema, unknown scan, bad retention. */
export class StoreError extends Error {}
