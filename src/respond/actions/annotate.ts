import { metadataAction } from './metadata-action.js';

/** `annotate`: add or change annotations on the pod an alert names (`annotations: { key: value }`). */
export const annotateAction = metadataAction('annotate', 'annotations');
