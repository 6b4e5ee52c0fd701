// js-yaml 4 exports its built-in types (`types.merge`, `types.int` …) at run time, but
// @types/js-yaml 4.0.9 does not declare them.
import 'js-yaml';

declare module 'js-yaml' {
  export const types: Readonly<Record<'null' | 'bool' | 'int' | 'float' | 'merge' | 'timestamp' | 'binary', Type>>;
}
