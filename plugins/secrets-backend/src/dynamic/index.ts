export { DatabaseLeaseStore } from './DatabaseLeaseStore';
export { issuerCheck, issuerOf } from './issuer';
export {
  capAt,
  fingerprint,
  issuerRisk,
  issuedValues,
  issueRequest,
  planIssued,
  planRenewed,
  type LeasePlan,
} from './plan';
export type { DynamicLease, LeaseAction, LeaseStore } from './types';
