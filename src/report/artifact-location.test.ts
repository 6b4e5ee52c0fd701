import { describe, expect, it } from 'vitest';
import { artifactOf, normalizeFilePath, toArtifactUri } from './artifact-location.js';

describe('toArtifactUri', () => {
  it.each([
    ['deploy/web.yaml', 'deploy/web.yaml'],
    ['./deploy/web.yaml', 'deploy/web.yaml'],
    ['././deploy//web.yaml', 'deploy/web.yaml'],
    ['deploy\\addons\\aws-node.yaml', 'deploy/addons/aws-node.yaml'],
    ['charts/my app/values #2.yaml', 'charts/my%20app/values%20%232.yaml'],
    ['a:b/c:d.yaml', 'a%3Ab/c:d.yaml'],
    ['manifests/100%.yaml', 'manifests/100%25.yaml'],
    ['k8s/déploiement.yaml', 'k8s/d%C3%A9ploiement.yaml'],
    ['k8s/a+b@c=d.yaml', 'k8s/a+b@c=d.yaml'],
    ['../shared/ns.yaml', '../shared/ns.yaml'],
    ['/home/ci/work/deploy/web.yaml', 'file:///home/ci/work/deploy/web.yaml'],
    ['C:\\work\\deploy\\web.yaml', 'file:///C:/work/deploy/web.yaml'],
    ['bad\uD800name.yaml', 'bad%EF%BF%BDname.yaml'],
  ])('%s → %s', (file, uri) => {
    expect(toArtifactUri(file)).toBe(uri);
  });
});

describe('normalizeFilePath', () => {
  it('keeps an absolute path absolute', () => {
    expect(normalizeFilePath('//srv//k8s/a.yaml')).toBe('/srv/k8s/a.yaml');
  });
});

describe('artifactOf', () => {
  it('prefers the Helm template and drops the rendered line', () => {
    expect(artifactOf({ file: 'out.yaml', line: 40, helmSource: 'shop/templates/web.yaml' })).toEqual({
      file: 'shop/templates/web.yaml',
    });
    expect(artifactOf({ file: 'out.yaml', line: 40 })).toEqual({ file: 'out.yaml', line: 40 });
  });
});
