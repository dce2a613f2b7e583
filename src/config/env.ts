// `${VAR}` references in config values are filled from the environment, so secrets such as
// webhook URLs with tokens never have to be written into the config folder.
export type Environment = Readonly<Record<string, string | undefined>>;

export interface MissingVariable {
  path: string;
  variable: string;
}

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function expandEnvReferences(value: unknown, env: Environment): { value: unknown; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(reference, (_whole, variable: string) => {
        const found = env[variable];
        if (found === undefined || found === '') {
          missing.push({ path: at, variable });
          return '';
        }
        return found;
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${at}[${index}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, at ? `${at}.${key}` : key)]));
    }
    return node;
  };
  return { value: walk(value, ''), missing };
}
