export { DatabaseLeaseStore } from './DatabaseLeaseStore';
export {
  fingerprint,
  issuedValues,
  issueRequest,
  planIssued,
  planRenewed,
  type LeasePlan,
} from './plan';
export type { DynamicLease, LeaseAction, LeaseStore } from './types';
