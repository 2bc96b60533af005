/**
 * The sprig functions ESO's `engineVersion: v2` offers beyond the ones in functions.ts, and
 * ESO's own PEM and JWK helpers, one family per module. Names that exist in both (sprig's
 * `slice` replaces Go's builtin in ESO) take this map's definition.
 */
import { CASE_FUNCS } from './caseFunctions';
import { DATE_FUNCS } from './dateFunctions';
import { DICT_FUNCS } from './dictFunctions';
import { ENCODING_FUNCS } from './encodingFunctions';
import type { FuncDef } from './funcDef';
import { JWK_FUNCS } from './jwkFunctions';
import { LIST_FUNCS } from './listFunctions';
import { MATH_FUNCS } from './mathFunctions';
import { PATH_FUNCS } from './pathFunctions';
import { PEM_FUNCS } from './pemFunctions';
import { REFLECT_FUNCS } from './reflectFunctions';
import { SEMVER_FUNCS } from './semverFunctions';
import { STRING_FUNCS } from './stringFunctions';
import { URL_FUNCS } from './urlFunctions';

export const SPRIG_FUNCS: Record<string, FuncDef> = {
  ...STRING_FUNCS,
  ...CASE_FUNCS,
  ...MATH_FUNCS,
  ...LIST_FUNCS,
  ...DICT_FUNCS,
  ...REFLECT_FUNCS,
  ...ENCODING_FUNCS,
  ...PATH_FUNCS,
  ...URL_FUNCS,
  ...PEM_FUNCS,
  ...JWK_FUNCS,
  ...DATE_FUNCS,
  ...SEMVER_FUNCS,
};
