export { IntelIndex, type NamedRanges } from './intel-index.js';
export { MAX_ERRORS_PER_FILE, parseIntelList, type ParsedIntelList } from './intel-list.js';
export { parseIpAddress, parseIpRange, type IpAddress, type IpRange } from './ip-address.js';
export { loadIntelLists, parseIntelSpec, type IntelListSpec, type IntelListStats, type LoadedIntel } from './load-intel.js';
