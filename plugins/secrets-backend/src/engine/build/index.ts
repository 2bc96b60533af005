export { buildDesiredSecret } from './buildDesiredSecret';
export { dataHmac } from './dataHmac';
export { DesiredSecretError } from './types';
export type { DesiredSecret, SecretReader } from './types';
