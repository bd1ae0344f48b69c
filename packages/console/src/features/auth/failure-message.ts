import type { Locale } from '@topay-support/protocol';
import type { ApiFailure } from '../../api.js';
import type { Translate } from '../locale/model.js';

/** "45 seconds" or "10 minutes" in the agent's language; Intl handles plurals, so no plural keys. */
function formatWait(ms: number, locale: Locale): string {
  const seconds = Math.ceil(ms / 1000);
  const [value, unit] = seconds < 60 ? [seconds, 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** What to tell an agent about a failed login or session check, in words that suggest what to do next. */
export function describeFailure(failure: ApiFailure, t: Translate, locale: Locale): string {
  switch (failure.code) {
    case 'unauthorized':
      return t('error.wrongCredentials');
    case 'account_locked':
      return failure.retryAfterMs === undefined
        ? t('error.lockedLater')
        : t('error.locked', { wait: formatWait(failure.retryAfterMs, locale) });
    case 'rate_limited':
      return failure.retryAfterMs === undefined
        ? t('error.rateLimitedLater')
        : t('error.rateLimited', { wait: formatWait(failure.retryAfterMs, locale) });
    case 'network_error':
      return t('error.unreachable');
    case 'invalid_request':
      return t('error.invalidRequest');
    default:
      return t('error.unexpected');
  }
}
