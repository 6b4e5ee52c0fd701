/** Package URLs (https://github.com/package-url/purl-spec) built with packageurl-js, never by hand. */
import { PackageURL } from 'packageurl-js';

export function purl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string,
  qualifiers?: Record<string, string | undefined>,
): string {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(qualifiers ?? {})) if (v) q[k] = v;
  return new PackageURL(type, namespace, name, version, Object.keys(q).length ? q : undefined, undefined).toString();
}

/**
 * Go module paths carry their own slashes: the last element is the purl name and the rest the
 * namespace (`github.com/spf13/cobra` → `pkg:golang/github.com/spf13/cobra`).
 */
export function golangPurl(modulePath: string, version: string): string {
  const cut = modulePath.lastIndexOf('/');
  return cut < 0 ? purl('golang', undefined, modulePath, version) : purl('golang', modulePath.slice(0, cut), modulePath.slice(cut + 1), version);
}
