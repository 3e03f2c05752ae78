import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { runCommand, type Command, commands } from './commands.ts';

const usage = `usage: npm run cli -- <command>
  start                     everything on this machine: database, Temporal dev server, worker, API, demo data
  api                       the HTTP API only
  worker                    the Temporal worker only
  migrate                   bring the database schema up to date
  seed                      load the demo data (and print demo credentials)
  token create --role legal|lawyer|system [--firm <lawFirmId>] [--name <n>]
                            create an API token; prints only the token
  webhook-secret [--firm <lawFirmId>]
                            print the collections webhook signing secret, or the secret a law firm
                            verifies our signed notifications with
  escalate --lender <lenderId> [--min-dpd <days>] [--min-outstanding <yuan>] [--reason <text>] [--firm <lawFirmId>] [--response-days <n>]
  escalate --file loans.csv [--lender <lenderId>] [--reason <text>] …
                            escalate many loans as one batch (a worker must run, e.g. \`start\` in
                            another terminal); progress on stderr, summary on stdout`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    firm: { type: 'string' },
    name: { type: 'string' },
    lender: { type: 'string' },
    'min-dpd': { type: 'string' },
    'min-outstanding': { type: 'string' },
    reason: { type: 'string' },
    'response-days': { type: 'string' },
    file: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [name, sub] = positionals;
if (values.help || name === undefined || !commands.includes(name as Command) || (name === 'token' && sub !== 'create')) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

try {
  await runCommand(name as Command, loadConfig(), values);
} catch (error) {
  // One clear line for the operator; the stack only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${error instanceof ConfigError ? 'configuration error' : 'error'}: ${message}`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(1);
}
