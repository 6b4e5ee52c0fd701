import { goldenIn } from '../../../report/test-support/golden.js';

/** Compares an SBOM with its golden file in test-support/golden/ (`UPDATE_GOLDEN=1` rewrites them). */
export const expectGolden = goldenIn(new URL('./golden/', import.meta.url));
