import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SearchAttributeType } from '@temporalio/common';
import { caseSearchAttributes } from '../case/contract.ts';

/** The CLI's names for our search attribute types (`--search-attribute Name=Type`). */
const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/**
 * Server settings beyond the dev server's defaults. Eager activity dispatch: the server hands a
 * workflow's next activity back to the worker in its answer to the workflow task that scheduled
 * it, instead of through the matching service and the worker's next poll (one task-queue match and
 * one round trip less per activity). The SDK asks for it by default; the server grants it only
 * with this flag. A Temporal cluster run by an operator wants the same (README, "Production").
 */
const dynamicConfig: Record<string, unknown> = {
  'system.enableActivityEagerExecution': true,
};

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /** True when this process started the server (and so stops it). */
  owned: boolean;
  stop: () => Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `temporal server start-dev` with the project's search attributes, or reuses the one
 * already listening on the port (started by `npm start` in another terminal). `dbFile` keeps
 * histories across restarts; without it the server keeps them in memory (tests).
 */
export async function startDevServer(options: {
  cli: string;
  port: number;
  uiPort?: number;
  namespace: string;
  dbFile?: string;
  logDir: string;
}): Promise<DevServer> {
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`;
  if (await portOpen(options.port)) return { address, uiUrl, owned: false, stop: async () => {} };

  mkdirSync(options.logDir, { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', 'warn');
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile !== undefined) args.push('--db-filename', options.dbFile);
  for (const [key, value] of Object.entries(dynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  for (const key of caseSearchAttributes) args.push('--search-attribute', `${key.name}=${cliTypeNames[key.type]}`);

  const log = createWriteStream(join(options.logDir, 'temporal.log'), { flags: 'a' });
  const child: ChildProcess = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const deadline = Date.now() + 60_000;
  while (!(await portOpen(options.port))) {
    if (exited) throw new Error(`the Temporal dev server exited at start; see ${join(options.logDir, 'temporal.log')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the Temporal dev server did not listen on ${address} within 60 s`);
    }
    await sleep(200);
  }
  return {
    address,
    uiUrl,
    owned: true,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}
