import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../collect/files/index.js';
import { InventoryView } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { containerImages } from './container-images.js';

describe('containerImages', () => {
  it('parses every container image and reports the unreadable ones', () => {
    const loaded = loadManifestText(
      `
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  initContainers: [{ name: init, image: "busybox:1.36" }]
  containers: [{ name: app, image: "Bad/Image" }, { name: noimage }]
  ephemeralContainers: [{ name: debug, image: "nicolaka/netshoot" }]
`,
      'images.yaml',
    );
    const inventory = new InventoryView({ source: { type: 'manifests' }, objects: loaded.objects, errors: [] }, loaded.sources);
    const reasons: Array<[string, string | undefined]> = [];
    const images = containerImages(inventory.workloads()[0]!, {
      notEvaluated: (reason, options) => reasons.push([reason, options?.path ? formatPath(options.path) : undefined]),
    });
    expect(images.map((image) => [image.ref.name, image.reference.repository, formatPath(image.path)])).toEqual([
      ['init', 'library/busybox', 'spec.initContainers[0].image'],
      ['debug', 'nicolaka/netshoot', 'spec.ephemeralContainers[0].image'],
    ]);
    expect(reasons).toEqual([
      ['Container "app": cannot read image "Bad/Image": repository name "Image" must be lowercase', 'spec.containers[0].image'],
      ['Container "noimage" has no image', 'spec.containers[1].image'],
    ]);
  });
});
