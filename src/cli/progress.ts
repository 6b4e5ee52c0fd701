/**
 * Progress on stderr for long work, only when a person is watching (stderr is a TTY) and only
 * once the work has taken over a second, so quick scans and pipelines print nothing extra.
 */
export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progress(stream: { isTTY?: boolean; write(text: string): unknown }, delayMs = 1000): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let shown = false;
  let last = '';
  return {
    update(text) {
      last = text;
      if (Date.now() - started < delayMs) return;
      shown = true;
      stream.write(`\r\u001b[2K${last}`);
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
