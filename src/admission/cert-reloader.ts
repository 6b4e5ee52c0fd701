import { createPrivateKey, X509Certificate } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';

/** A serving certificate and key that were checked to belong together. */
export interface ServingCertificate {
  cert: Buffer;
  key: Buffer;
  /** SHA-256 fingerprint of the leaf certificate, `AB:CD:…`, for the log. */
  fingerprint: string;
  /** End of validity of the leaf certificate, as OpenSSL prints it. */
  validTo: string;
}

/**
 * Reads a PEM certificate (chain) and key and checks that TLS can use them: the leaf parses, the
 * key is the leaf's, and a secure context accepts both. Throws otherwise, naming the file.
 */
export async function loadServingCertificate(certFile: string, keyFile: string): Promise<ServingCertificate> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  return checkServingCertificate(cert, key, certFile, keyFile);
}

function checkServingCertificate(cert: Buffer, key: Buffer, certFile: string, keyFile: string): ServingCertificate {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    throw new Error(`${certFile}: not a PEM certificate (${(error as Error).message})`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new Error(`${keyFile}: not a PEM private key (${(error as Error).message})`);
  }
  if (!leaf.checkPrivateKey(privateKey)) throw new Error(`${keyFile} is not the key of the certificate in ${certFile}`);
  createSecureContext({ cert, key });
  return { cert, key, fingerprint: leaf.fingerprint256, validTo: leaf.validTo };
}

export interface CertificateWatchOptions {
  certFile: string;
  keyFile: string;
  /** The certificate served now (checked by `loadServingCertificate`). */
  initial: ServingCertificate;
  /** Called with each new, checked pair; the caller installs it (`server.setSecureContext`). */
  onReload: (certificate: ServingCertificate) => void;
  onLog: (message: string) => void;
  /**
   * How often the files are read again whatever `fs.watch` reported. A Kubernetes Secret volume
   * is updated by swapping a `..data` symlink, which some filesystems (and overlay or network
   * mounts) do not report to `fs.watch` on the files themselves; the directory watch catches the
   * swap where it is reported, and the poll catches it everywhere else. Default 10 s.
   */
  pollIntervalMs?: number;
}

export interface CertificateWatcher {
  /** Reads the files now and installs a changed, valid pair. Resolves when done. */
  check(): Promise<void>;
  close(): void;
}

/** Wait after a watch event before reading: a Secret update writes several entries at once. */
const SETTLE_MS = 100;

/**
 * Watches the certificate and key files and hands over each new valid pair. A pair that does
 * not load (half-written, mismatched, not PEM) is logged once and the current one kept, so the
 * server never stops serving because of a bad update; the next change is tried again.
 */
export function watchServingCertificate(options: CertificateWatchOptions): CertificateWatcher {
  let current = options.initial;
  /** The last pair that failed, so a bad update is logged once, not at every poll. */
  let failed: { cert: Buffer; key: Buffer } | undefined;
  /** Likewise for files that cannot be read. */
  let readError: string | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const checkOnce = async (): Promise<void> => {
    let cert: Buffer;
    let key: Buffer;
    try {
      [cert, key] = await Promise.all([readFile(options.certFile), readFile(options.keyFile)]);
    } catch (error) {
      // Mid-swap a symlink may point nowhere for a moment; the next event or poll reads again.
      const message = (error as Error).message;
      if (message !== readError) options.onLog(`certificate reload: cannot read the files, keeping the current certificate: ${message}`);
      readError = message;
      return;
    }
    readError = undefined;
    if (cert.equals(current.cert) && key.equals(current.key)) return;
    if (failed && cert.equals(failed.cert) && key.equals(failed.key)) return;
    try {
      const next = checkServingCertificate(cert, key, options.certFile, options.keyFile);
      options.onReload(next);
      current = next;
      failed = undefined;
      options.onLog(`certificate reloaded: sha256 ${next.fingerprint}, valid until ${next.validTo}`);
    } catch (error) {
      failed = { cert, key };
      options.onLog(`certificate reload failed, keeping the current certificate (sha256 ${current.fingerprint}): ${(error as Error).message}`);
    }
  };

  const check = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await checkOnce();
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  };

  let settle: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(settle);
    settle = setTimeout(() => void check(), SETTLE_MS);
    settle.unref();
  };

  const watchers: FSWatcher[] = [];
  for (const directory of new Set([dirname(options.certFile), dirname(options.keyFile)])) {
    try {
      const watcher = watch(directory, changed);
      watcher.on('error', (error) => options.onLog(`certificate watch on ${directory} failed, polling only: ${error.message}`));
      watcher.unref();
      watchers.push(watcher);
    } catch (error) {
      options.onLog(`cannot watch ${directory}, polling only: ${(error as Error).message}`);
    }
  }
  const poll = setInterval(() => void check(), options.pollIntervalMs ?? 10_000);
  poll.unref();

  return {
    check,
    close() {
      closed = true;
      clearTimeout(settle);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
    },
  };
}
