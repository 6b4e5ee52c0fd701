export { applyFixesToFile, isJsonText, type FileFix, type FileFixOutcome } from './apply-file.js';
export { fixManifests, fixTarget, type FindingNote, type FixOptions, type FixReport, type FixScan, type FixScanner, type ObjectOrigin } from './fix-passes.js';
export { applyToValue, FixError, parsePointer } from './json-pointer.js';
export { kubectlPatchCommand, shellQuote } from './kubectl-patch.js';
export { applyToYamlDocument } from './yaml-edit.js';
export { touchedLineRanges } from './touched-lines.js';
export { unifiedDiff } from './unified-diff.js';
