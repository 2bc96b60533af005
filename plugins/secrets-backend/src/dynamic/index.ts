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
