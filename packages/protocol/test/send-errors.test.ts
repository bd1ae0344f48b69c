import { describe, expect, test } from 'vitest';
import { isPermanentSendError, PERMANENT_SEND_ERRORS, SOCKET_ERROR_CODES } from '../src/index.js';
import { SEND_ERROR_CASES } from './send-errors-cases.js';

describe('isPermanentSendError', () => {
  test.each(SEND_ERROR_CASES)('$code: permanent $permanent', ({ code, permanent }) => {
    expect(isPermanentSendError(code)).toBe(permanent);
  });

  test('every code a send can be refused with is in the table, and every permanent code too', () => {
    const listed = SEND_ERROR_CASES.map((c) => c.code);
    for (const code of [...SOCKET_ERROR_CODES, ...PERMANENT_SEND_ERRORS]) expect(listed).toContain(code);
  });
});
