export {
  DECLARED_ACTOR,
  DeclaredMappings,
  type DeclaredEntities,
} from './DeclaredMappings';
export {
  DECLARED_FILE_LIMITS,
  DeclaredFileReader,
  DeclaredReadError,
  type DeclaredFile,
} from './DeclaredFileReader';
