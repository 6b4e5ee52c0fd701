import type { InventoryView } from '../../inventory/index.js';
import type { SecurityGraph } from '../security-graph.js';

// Placeholder: being written.
export function addNodeEdges(_graph: SecurityGraph, _inventory: InventoryView): void {}
