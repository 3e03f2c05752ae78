import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('logs', () => {
  it('never carry a resident ID or mobile number, in fields, messages or errors', () => {
    const script = `
      import { createLogger } from './src/logging/logger.ts';
      const log = createLogger('info');
      log.info({ borrower: { idNumber: '110101199001011234', phone: '13800001234' } }, 'escalated');
      log.info('duplicate key (id_number)=(110101199001011234) for 13800001234');
      log.error({ err: new Error('borrower 110101199001011234 unreachable at 13800001234') }, 'failed');
      log.info({ note: 'called 13800001234 twice' }, 'contact');
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    const lines = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    const all = run.stderr;
    expect(all).not.toContain('110101199001011234');
    expect(all).not.toContain('13800001234');
    expect(lines[1]?.msg).toBe('duplicate key (id_number)=(110101********1234) for 138****1234');
    expect(JSON.stringify(lines[2])).toContain('110101********1234 unreachable at 138****1234');
    expect(lines[3]?.note).toBe('called 138****1234 twice');
  });

  it('are one readable line per entry when stderr is a terminal, still masked', () => {
    const script = `
      import { createLogger } from './src/logging/logger.ts';
      const log = createLogger('info');
      log.info({ borrower: { idNumber: '110101199001011234' }, route: '/v1/cases/:caseId', status: 200 }, 'request');
      log.error({ err: new Error('borrower 110101199001011234 unreachable at 13800001234') }, 'failed');
    `;
    // util-linux \`script\` runs the command on a pseudo-terminal, as a person's shell would.
    const command = [process.execPath, '--input-type=module', '-e', script].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', cwd: process.cwd() });
    const lines = stripVTControlCharacters(run.stdout).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request \{"borrower":\{"idNumber":"\[masked\]"\},"route":"\/v1\/cases\/:caseId","status":200\}$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] ERROR: failed \{"err":\{"type":"Object","message":"borrower 110101\*{8}1234 unreachable at 138\*{4}1234","stack":"Error: /);
    expect(run.stdout).not.toContain('110101199001011234');
    expect(run.stdout).not.toContain('13800001234');
  });
});
