import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { runCommand, type Command, commands } from './commands.ts';

const usage = `usage: npm run cli -- <command>
  start                     everything on this machine: database, Temporal dev server, worker, API, demo data
  api                       the HTTP API only
  worker                    the Temporal worker only
  migrate                   bring the database schema up to date
  seed                      load the demo data (and print demo credentials)
  token create --role legal|lawyer|system [--firm <lawFirmId>] [--name <n>] [--expires-in 90d|12h]
                            create an API token; prints only the token
  token list                every token: id, masked token, role, firm, created, last used, expiry, state
  token revoke <id>         revoke a token (refused by every API process within milliseconds)
  doctor                    check PostgreSQL, Temporal, fonts, the document store, the secrets and the
                            schema version; one line each, exit code 1 if anything is wrong
  webhook-secret [--firm <lawFirmId>]
                            print the collections webhook signing secret, or the secret a law firm
                            verifies our signed notifications with`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    firm: { type: 'string' },
    name: { type: 'string' },
    'expires-in': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [name, sub, argument] = positionals;
const tokenUsage = (sub === 'create' || sub === 'list') ? argument === undefined : sub === 'revoke' && argument !== undefined;
if (values.help || name === undefined || !commands.includes(name as Command) || (name === 'token' && !tokenUsage)) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

try {
  await runCommand(name as Command, loadConfig(), { ...values, expiresIn: values['expires-in'], sub, argument });
} catch (error) {
  // One clear line for the operator; the stack only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${error instanceof ConfigError ? 'configuration error' : 'error'}: ${message}`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(1);
}
