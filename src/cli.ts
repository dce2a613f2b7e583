#!/usr/bin/env node
// The command line. Parses arguments, reads the environment (only here and in config/), and
// hands over to one command module; exit codes: 0 ok, 1 failure, 2 usage or config error.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, resolveConfigDir } from './config/load.js';
import { armFaultPoint } from './core/fault-points.js';
import { createLogger, type LogLevel } from './log.js';
import { listenForStop, type StopRequest } from './ops/shutdown.js';
import { VERSION } from './version.js';

const HELP: Record<string, string> = {
  main: `forcewatch ${VERSION} — alerts for UK police inspection reports

Usage: forcewatch <command> [options]

Commands:
  run [--once]                    poll the feeds on the schedule (or once) and deliver alerts
  extract [--json] <url|file>...  show what forcewatch extracts from article pages
  history <force> [--json]        a force's inspection stories, newest first
  check-config                    validate the config folder
  demo [--watch]                  poll a bundled sample site on 127.0.0.1 into the console
  register-commands [--global]    register the Discord slash commands
  migrate-store --from URL --to URL  copy a store to another backend (sqlite → redis://, postgres://)

Every command takes --config DIR (default ./config, or FORCEWATCH_CONFIG) and --help.`,
  run: `Usage: forcewatch run [--once] [--config DIR]\n\nPolls every feed on the schedule in forcewatch.yaml and delivers alerts; serves /interactions,\n/healthz and /metrics on http.port. SIGTERM or SIGINT stops it within 10 s. --once polls every feed once, delivers, and exits 0 (failing feeds are named on stderr).`,
  extract: `Usage: forcewatch extract [--json] <url-or-file>...\n\nPrints what forcewatch extracts from each page: one JSON object per line with --json (the article\ncontract), a readable summary otherwise. Exit 1 if any input failed.`,
  history: `Usage: forcewatch history <force> [--json] [--limit N] [--config DIR]\n\nLists the force's stories, newest first. <force> is an id (west-midlands), a name or an abbreviation (WMP).`,
  'check-config': `Usage: forcewatch check-config [--config DIR]\n\nValidates forcewatch.yaml and watchlist.yaml; names the file and key of every problem; exit 1 if any.`,
  demo: `Usage: forcewatch demo [--watch]\n\nServes a bundled sample site on 127.0.0.1 and polls it once (or every minute with --watch) into the\nconsole, with a temporary store. Needs no network and no Discord token.`,
  'migrate-store': `Usage: forcewatch migrate-store --from URL --to URL\n\nCopies every namespace of a store into another, keeping each entry's remaining lifetime, e.g.\n--from sqlite:data/forcewatch.sqlite --to redis://redis:6379. Keys already in the target are\noverwritten, so it can be run again. Stop forcewatch first; relative sqlite paths are relative to\nthe current folder.`,
  'register-commands': `Usage: forcewatch register-commands [--global] [--config DIR]\n\nRegisters /history, /latest, /watchlist and /why with Discord (DISCORD_TOKEN, discord.applicationId;\nfor the guild discord.guildId unless --global).`,
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      once: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      global: { type: 'boolean', default: false },
      limit: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) return print(`${VERSION}\n`);
  if (!command || command === 'help') return print(`${HELP.main}\n`);
  if (values.help) return print(`${HELP[command] ?? HELP.main}\n`);
  const env = process.env;
  armFaultPoint(env.FORCEWATCH_FAULT_AT);
  const stdout = process.stdout;
  const stderr = process.stderr;
  const configDir = resolveConfigDir(values.config, env);
  const logLevel = (env.LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const log = createLogger({ level: logLevel, secrets: [env.DISCORD_TOKEN, env.DISCORD_PUBLIC_KEY] });

  switch (command) {
    case 'extract': {
      if (rest.length === 0) return usage('extract needs at least one URL or file');
      const { runExtract } = await import('./commands/extract.js');
      return runExtract({ inputs: rest, json: values.json, contact: 'https://github.com/forcewatch/forcewatch', stdout, stderr });
    }
    case 'check-config': {
      const { runCheckConfig } = await import('./commands/check-config.js');
      return runCheckConfig(configDir, env, stdout, stderr);
    }
    case 'demo': {
      const { runDemo } = await import('./commands/demo.js');
      return runDemo({ watch: values.watch, log, env, stdout, stderr, stopSignal: stopSignal() });
    }
    case 'run': {
      const config = await loadConfig(configDir, env);
      const { runCommand } = await import('./commands/run.js');
      const level = (env.LOG_LEVEL as LogLevel | undefined) ?? config.settings.logLevel;
      const sinkSecrets = config.settings.sinks.map((sink) => ('secret' in sink ? sink.secret : undefined));
      return runCommand({ config, once: values.once, env, stdout, stderr, log: createLogger({ level, secrets: [env.DISCORD_TOKEN, env.DISCORD_PUBLIC_KEY, ...sinkSecrets] }), stopSignal: stopSignal() });
    }
    case 'migrate-store': {
      if (!values.from || !values.to) return usage('migrate-store needs --from and --to, e.g. --from sqlite:data/forcewatch.sqlite --to redis://127.0.0.1:6379');
      const { runMigrateStore } = await import('./commands/migrate-store.js');
      return runMigrateStore({ from: values.from, to: values.to, stdout, stderr });
    }
    case 'history': {
      const force = rest.join(' ');
      if (!force) return usage('history needs a force, e.g. forcewatch history west-midlands');
      const config = await loadConfig(configDir, env);
      const { runHistory } = await import('./commands/history.js');
      const limit = values.limit ? Number(values.limit) : 50;
      if (!Number.isInteger(limit) || limit < 1) return usage('--limit takes a whole number above 0');
      return runHistory({ config, force, json: values.json, limit, stdout, stderr });
    }
    case 'register-commands': {
      const config = await loadConfig(configDir, env);
      const { discord } = config.settings;
      if (!config.secrets.discordToken) return usage('register-commands needs the bot token in DISCORD_TOKEN');
      if (!discord.applicationId) return usage('register-commands needs discord.applicationId in forcewatch.yaml');
      const { registerCommands } = await import('./discord/register.js');
      const registered = await registerCommands({
        token: config.secrets.discordToken,
        applicationId: discord.applicationId,
        apiBase: discord.apiBase,
        ...(!values.global && discord.guildId ? { guildId: discord.guildId } : {}),
      });
      return print(`registered ${registered.map((command) => `/${command.name}`).join(', ')} ${!values.global && discord.guildId ? `in guild ${discord.guildId}` : 'globally'}\n`);
    }
    default:
      return usage(`unknown command "${command}"`);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`forcewatch: ${message}\nRun "forcewatch --help" for usage.\n`);
  return 2;
}

let stop: StopRequest | null = null;

/** Resolves on the first SIGTERM or SIGINT; a second one exits at once, and so does the 10 s deadline. */
function stopSignal(): Promise<void> {
  stop ??= listenForStop({ onDeadline: () => process.stderr.write('forcewatch: not stopped 10 s after the signal; exiting now\n') });
  return stop.requested;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Stopped by a signal: leave now, even if a socket still lingers.
    stop?.exitWhenIdle(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`forcewatch: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.exitCode = usage(error.message);
    } else {
      process.stderr.write(`forcewatch: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
