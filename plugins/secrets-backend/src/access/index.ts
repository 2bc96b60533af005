export { MappingAccess, type Caller, type EntityAccess } from './MappingAccess';
export {
  allowedNamespaces,
  allowedPrefixes,
  isBelow,
  namespaceIssues,
  pathIssues,
} from './guardrails';
export { normalizeRef, ownersOf, refOf } from './ownership';
