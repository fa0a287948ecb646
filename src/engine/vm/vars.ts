/**
 * Tsung's `%%_name%%` substitution for requests with subst="true". Values come from
 * setdynvars, dyn_variable, for/foreach loop variables and xload's built-ins. An unset
 * variable is left as Tsung leaves it (empty string) and counted, since the compiler has
 * already rejected names that nothing sets.
 */
const HOLE = /%%_([A-Za-z0-9_.-]+)%%/g;

export type Vars = Map<string, string>;

export function hasHoles(text: string): boolean {
  return text.includes('%%_');
}

export function substitute(text: string, vars: Vars | null, onMissing?: (name: string) => void): string {
  if (!text.includes('%%_')) return text;
  return text.replace(HOLE, (_m, name: string) => {
    const v = vars?.get(name);
    if (v === undefined) {
      onMissing?.(name);
      return '';
    }
    return v;
  });
}
