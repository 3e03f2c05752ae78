import { spawnSync } from 'node:child_process';
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
});
