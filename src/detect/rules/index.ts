export { builtinRuleSources, loadBuiltinRules } from './builtin.js';
export { RuleEngine, excepted, type EngineOptions, type EngineStats } from './engine.js';
export { formatRuleError, loadRules, readRuleSources, type LoadedRules, type RuleLoadError, type RuleSource } from './load-rules.js';
export { MATURITIES, type DetectionRule, type Maturity, type RuleException, type RuleMatch } from './rule.js';
