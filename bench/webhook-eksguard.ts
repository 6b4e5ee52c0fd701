/** The real admission server with the real verdict pipeline and the default policy (built-in checks, EKS baseline, warn mode). */
import { serveAdmission } from '../src/admission/server.js';
import { createVerdictPipeline } from '../src/admission/verdict.js';
import { loadPolicy } from '../src/cli/policy-loader.js';
import { processIo } from '../src/cli/io.js';

export async function startEksguardServer(tlsCertFile: string, tlsKeyFile: string): Promise<{ port: number; close(): Promise<void> }> {
  const io = { ...processIo(), cwd: new URL('.', import.meta.url).pathname };
  const pipeline = createVerdictPipeline(loadPolicy({ baseline: true, available: [] }, io));
  const server = await serveAdmission({ port: 0, host: '127.0.0.1', tlsCertFile, tlsKeyFile, judge: (request) => pipeline.judge(request), failurePolicy: 'allow' });
  return { port: server.address().port, close: () => server.close() };
}
