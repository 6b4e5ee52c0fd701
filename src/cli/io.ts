/** Where a command reads and writes, so commands run the same in tests and in a terminal. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });
  stdin: AsyncIterable<Uint8Array | string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin as AsyncIterable<Uint8Array | string>,
    env: process.env,
    cwd: process.cwd(),
  };
}
