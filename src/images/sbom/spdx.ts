/**
 * SPDX 2.3 JSON for a scanned image, written by hand (the format is small): the image, its OS and
 * its packages as SPDX packages, the document DESCRIBES the image and the image CONTAINS each of
 * the others. SPDX has no place for vulnerabilities; CycloneDX carries them. See docs/sbom.md.
 */
import type { ImagePackage, ImageScan } from '../types.js';
import { imageName, imagePurl, scanTime } from './image-identity.js';
import { declaredLicense, spdxExpression } from './license-expression.js';
import { orderedPackages, RefAllocator } from './ordering.js';
import type { SbomOptions } from './sbom-options.js';
import { SpdxIds } from './spdx-id.js';

const NOASSERTION = 'NOASSERTION';

type Purpose = 'CONTAINER' | 'OPERATING_SYSTEM' | 'LIBRARY';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  primaryPackagePurpose: Purpose;
  downloadLocation: string;
  /** False: eksguard lists packages from their databases, it does not analyse their files. */
  filesAnalyzed: false;
  licenseConcluded: string;
  licenseDeclared: string;
  licenseComments?: string;
  copyrightText: string;
  sourceInfo?: string;
  description?: string;
  externalRefs?: Array<{ referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }>;
}

interface Relationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

function base(id: string, name: string, purpose: Purpose, version: string | undefined, purl: string | undefined): SpdxPackage {
  return {
    SPDXID: id,
    name,
    ...(version ? { versionInfo: version } : {}),
    primaryPackagePurpose: purpose,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    // Concluding a license takes an analysis of the files, which eksguard does not do.
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    // A purl locator holds no spaces (SPDX 2.3 annex F); a reader's purl always satisfies that.
    ...(purl && !/\s/.test(purl) ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }] } : {}),
  };
}

function packageOf(pkg: ImagePackage, id: string): SpdxPackage {
  const out = base(id, pkg.name, 'LIBRARY', pkg.version, pkg.purl);
  const declared = declaredLicense(pkg.licenses);
  const expression = spdxExpression(declared);
  if (expression) out.licenseDeclared = expression;
  else if (declared.kind === 'names') out.licenseComments = `Declared by the package as: ${declared.names.join('; ')} (not an SPDX license expression).`;
  const source =
    pkg.sourceName && (pkg.sourceName !== pkg.name || pkg.sourceVersion !== pkg.version)
      ? `; built from source package ${pkg.sourceName}${pkg.sourceVersion ? ` ${pkg.sourceVersion}` : ''}`
      : '';
  out.sourceInfo = `Found in ${pkg.foundIn} (${pkg.ecosystem})${source}.`;
  return out;
}

export function renderSpdx(scan: ImageScan, options: SbomOptions): string {
  const ids = new SpdxIds();
  const name = imageName(scan);
  const imageId = ids.allocate('Image', scan.ref.repository, `image:${name}@${scan.digest}`);
  const image = base(imageId, name, 'CONTAINER', scan.digest, imagePurl(scan));
  const packages: SpdxPackage[] = [image];
  if (scan.os) {
    const { id, versionId, prettyName } = scan.os;
    const os = base(ids.allocate('OperatingSystem', `${id}-${versionId ?? ''}`, `os:${id}@${versionId ?? ''}`), id, 'OPERATING_SYSTEM', versionId, undefined);
    if (prettyName) os.description = prettyName;
    packages.push(os);
  }
  for (const { pkg, ref } of orderedPackages(scan.packages, new RefAllocator())) {
    packages.push(packageOf(pkg, ids.allocate('Package', `${pkg.name}-${pkg.version}`, ref)));
  }
  const relationships: Relationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
    ...packages.slice(1).map((p): Relationship => ({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
  ];
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${name}@${scan.digest}`,
    // Stable: one image digest, one namespace, so a re-render is the same document.
    documentNamespace: `https://eksguard.dev/spdx/${encodeURIComponent(scan.digest)}`,
    creationInfo: {
      // SPDX dates are whole seconds in UTC.
      created: scanTime(scan).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: eksguard-${options.toolVersion}`],
    },
    packages,
    relationships,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
