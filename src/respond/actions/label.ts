import { metadataAction } from './metadata-action.js';

/** `label`: add or change labels on the pod an alert names (`labels: { key: value }`). */
export const labelAction = metadataAction('label', 'labels');
