export {
  compileGoRegexp,
  goQuoteMeta,
  GoRegexpError,
  type GoRegexp,
} from './goRegexp';
