export {
  buildDesiredSecret,
  finishDesiredSecret,
  isVaultSecretGone,
} from './buildDesiredSecret';
export { dataHmac } from './dataHmac';
export {
  clusterTemplateSources,
  type TemplateSourceReader,
} from './templateSources';
export { DesiredSecretError } from './types';
export type {
  DesiredSecret,
  DesiredSecretErrorReason,
  SecretReader,
} from './types';
