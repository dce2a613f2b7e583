// The package version, for the User-Agent and --version; read once from package.json.
import { readFileSync } from 'node:fs';

export const VERSION: string = (() => {
  try {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return packageJson.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
