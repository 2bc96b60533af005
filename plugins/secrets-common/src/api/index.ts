export type * from './types';
export type { SecretsApiComponents } from './openapi.generated';
