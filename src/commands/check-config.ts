// `forcewatch check-config`: validates the config folder and says what it found, or every problem.
import { ConfigError, environmentProblems, loadConfig, resolveStoreUrl } from '../config/load.js';
import { redact } from '../store/keyv-store.js';

export async function runCheckConfig(dir: string, env: Readonly<Record<string, string | undefined>>, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<number> {
  try {
    const config = await loadConfig(dir, env);
    const missing = environmentProblems(config);
    if (missing.length > 0) throw new ConfigError(missing);
    const { settings, watchlist } = config;
    stdout.write(
      `${dir}: OK — ${settings.feeds.length} feeds, sinks: ${settings.sinks.map((sink) => sink.type).join(', ')}, ` +
        `store: ${redact(resolveStoreUrl(config))}, schedule "${settings.schedule}" (${settings.timezone}), ` +
        `watching ${watchlist.forces === 'all' ? 'all forces' : watchlist.forces.join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr.write(`${dir}: ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}:\n`);
    for (const problem of error.problems) stderr.write(`  ${problem}\n`);
    return 1;
  }
}
