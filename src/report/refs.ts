/** Framework refs with frameworks in id order, so equal scans print equal bytes. */
export function sortedRefs(refs: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.keys(refs)
      .sort()
      .map((framework) => [framework, [...(refs[framework] ?? [])]]),
  );
}
