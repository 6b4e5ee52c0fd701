/**
 * CycloneDX 1.6 JSON for a scanned image, built with @cyclonedx/cyclonedx-library: the image as
 * the BOM's subject (a `container` component), its OS and packages as components, and the
 * matched vulnerabilities. See docs/sbom.md for which fields eksguard fills.
 */
import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { ImageScan, OsRelease } from '../types.js';
import { cycloneDxVulnerabilities } from './cyclonedx-vulnerabilities.js';
import { imageName, imagePurl, scanTime } from './image-identity.js';
import { declaredLicense } from './license-expression.js';
import { orderedPackages, RefAllocator, type PackageEntry } from './ordering.js';
import type { SbomOptions } from './sbom-options.js';

const SPEC = Spec.Spec1dot6;

function properties(entries: Array<[string, string | undefined]>): Models.PropertyRepository {
  return new Models.PropertyRepository(entries.filter(([, v]) => v).map(([k, v]) => new Models.Property(k, v!)));
}

function licenses(declared: readonly string[] | undefined): Models.LicenseRepository {
  const d = declaredLicense(declared);
  switch (d.kind) {
    case 'ids':
      return new Models.LicenseRepository(d.ids.map((id) => new Models.SpdxLicense(id)));
    case 'expression':
      return new Models.LicenseRepository([new Models.LicenseExpression(d.expression)]);
    case 'names':
      return new Models.LicenseRepository(d.names.map((name) => new Models.NamedLicense(name)));
    default:
      return new Models.LicenseRepository();
  }
}

function imageComponent(scan: ImageScan, refs: RefAllocator): Models.Component {
  const purl = imagePurl(scan);
  const platform = scan.platform && [scan.platform.os, scan.platform.architecture, scan.platform.variant].filter(Boolean).join('/');
  return new Models.Component(Enums.ComponentType.Container, imageName(scan), {
    bomRef: refs.allocate(purl ?? `image:${imageName(scan)}@${scan.digest}`),
    version: scan.digest,
    purl,
    properties: properties([
      ['eksguard:image:platform', platform],
      ['eksguard:image:reference', scan.ref.original],
    ]),
  });
}

function osComponent(os: OsRelease, refs: RefAllocator): Models.Component {
  return new Models.Component(Enums.ComponentType.OperatingSystem, os.id, {
    bomRef: refs.allocate(`os:${os.id}@${os.versionId ?? ''}`),
    version: os.versionId,
    description: os.prettyName,
    properties: properties([['eksguard:os:codename', os.versionCodename]]),
  });
}

function packageComponent({ pkg, ref }: PackageEntry): Models.Component {
  return new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: ref,
    version: pkg.version,
    purl: pkg.purl || undefined,
    licenses: licenses(pkg.licenses),
    properties: properties([
      ['eksguard:package:ecosystem', pkg.ecosystem],
      ['eksguard:package:found-in', pkg.foundIn],
      ['eksguard:package:source-name', pkg.sourceName],
      ['eksguard:package:source-version', pkg.sourceVersion],
    ]),
  });
}

/** A name-based (version 5) UUID of the image and scan time: the same scan gets the same serial. */
function serialNumber(scan: ImageScan): string {
  const urlNamespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const name = `https://eksguard.dev/cyclonedx/${scan.digest}/${scan.scannedAt}`;
  const hash = createHash('sha1').update(urlNamespace).update(name).digest().subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function renderCycloneDx(scan: ImageScan, options: SbomOptions): string {
  const refs = new RefAllocator();
  const image = imageComponent(scan, refs);
  const tool = new Models.Component(Enums.ComponentType.Application, 'eksguard', { version: options.toolVersion });
  const bom = new Models.Bom({
    serialNumber: serialNumber(scan),
    metadata: new Models.Metadata({
      timestamp: scanTime(scan),
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      component: image,
    }),
  });
  if (scan.os) {
    const os = osComponent(scan.os, refs);
    bom.components.add(os);
    image.dependencies.add(os.bomRef);
  }
  const byPurl = new Map<string, Models.Component[]>();
  for (const entry of orderedPackages(scan.packages, refs)) {
    const component = packageComponent(entry);
    bom.components.add(component);
    image.dependencies.add(component.bomRef);
    byPurl.set(entry.pkg.purl, [...(byPurl.get(entry.pkg.purl) ?? []), component]);
  }
  for (const v of cycloneDxVulnerabilities(scan.vulnerabilities, byPurl)) bom.vulnerabilities.add(v);

  // Normalised without the library's serializer: that one replaces missing bom-refs with random
  // ones, and every ref here is already set and unique. Lists keep the order built above.
  const normalized = new Serialize.JSON.Normalize.Factory(SPEC).makeForBom().normalize(bom, { sortLists: false });
  // The library lists every component in the graph, and CycloneDX reads an empty entry as "has
  // no dependencies". eksguard knows what the image contains, not what depends on what.
  normalized.dependencies = normalized.dependencies?.filter((d) => d.dependsOn !== undefined);
  return `${JSON.stringify(normalized, null, 2)}\n`;
}
