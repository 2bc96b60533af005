export { DatabaseLeaseStore } from './DatabaseLeaseStore';
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
