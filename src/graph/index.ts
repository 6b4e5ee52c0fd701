export { buildGraph, CONTRIBUTORS, type GraphContributor } from './build-graph.js';
export { analyzeAttackPaths, findPaths, type AttackPathAnalysis } from './attack-paths.js';
export { SecurityGraph, NODE_TYPES, type GraphNode, type GraphEdge, type NodeType, type AttrValue } from './security-graph.js';
export { EDGE_KINDS, ALL_EDGE_KINDS, isEdgeKind, type EdgeKind } from './edge-kinds.js';
export { builtInQueries, parseQuery, QueryError, type PathQuery, type NodeSelector } from './paths/query.js';
export { searchPaths, searchQuery, toAttackPath, refOf, type FoundPath, type QueryOutcome } from './paths/search.js';
export * from './nodes.js';
export { findingScore, pathScore } from './risk-score.js';
export { whoCan, describeRequest, type WhoCanOptions, type WhoCanRequest, type WhoCanResult, type WhoCanSubject, type WhoCanGrant, type AccessPolicyAllowance, type UnresolvedSubject } from './who-can.js';
