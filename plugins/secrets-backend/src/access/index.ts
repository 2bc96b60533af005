export { MappingAccess, type Caller, type EntityAccess } from './MappingAccess';
export {
  allowedNamespaces,
  allowedDynamicPaths,
  allowedPrefixes,
  keyIssues,
  namespaceIssues,
  pathIssues,
  unmanagedRotationAllowed,
} from './guardrails';
export { normalizeRef, ownersOf, refOf } from './ownership';
