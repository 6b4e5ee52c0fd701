import { describe, expect, it } from 'vitest';
import { advisoriesAffecting, controllerVersion, isIngressNginxImage } from './ingress-nginx.js';

function cves(version: string): string[] {
  const parsed = controllerVersion(`registry.k8s.io/ingress-nginx/controller:v${version}`);
  if (!parsed) throw new Error(version);
  return advisoriesAffecting(parsed).map((advisory) => advisory.ids[0] ?? '');
}

describe('ingress-nginx', () => {
  it('recognises controller images, not the NGINX Inc controller', () => {
    expect(isIngressNginxImage('registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBe(true);
    expect(isIngressNginxImage('registry.k8s.io/ingress-nginx/controller-chroot:v1.12.1')).toBe(true);
    expect(isIngressNginxImage('111122223333.dkr.ecr.eu-west-1.amazonaws.com/mirror/ingress-nginx/controller:v1.11.2')).toBe(true);
    expect(isIngressNginxImage('quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.35.0')).toBe(true);
    expect(isIngressNginxImage('nginx/nginx-ingress:3.7.0')).toBe(false);
    expect(isIngressNginxImage('registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.1')).toBe(false);
  });

  it('applies each advisory per minor line', () => {
    expect(cves('1.11.4')).toEqual(['CVE-2025-1974', 'CVE-2026-24512', 'CVE-2026-3288']);
    expect(cves('1.11.5')).toEqual(['CVE-2026-24512', 'CVE-2026-3288']);
    expect(cves('1.12.0')).toEqual(['CVE-2025-1974', 'CVE-2026-24512', 'CVE-2026-3288']);
    expect(cves('1.10.6')).toContain('CVE-2025-1974');
    expect(cves('1.13.7')).toEqual(['CVE-2026-3288']);
    expect(cves('1.13.8')).toEqual([]);
    expect(cves('1.14.3')).toEqual(['CVE-2026-3288']);
    expect(cves('1.14.4')).toEqual([]);
    expect(cves('1.15.1')).toEqual([]);
    expect(advisoriesAffecting({ major: 0, minor: 49, patch: 3 })).toHaveLength(3);
  });
});
