import type { TwoFactorSetupResponse } from '@topay-support/protocol';
import type { Translate } from '../locale/model.js';

/**
 * The secret to add to an authenticator app, as text: the `otpauth://` link (which phone apps open,
 * and which a QR code would carry) and the base32 key to type in. No QR code: no library for it is
 * small and well-kept enough to ship in the console (README, "Agent accounts").
 */
export function EnrolmentDetails({ setup, t }: { setup: TwoFactorSetupResponse; t: Translate }) {
  return (
    <div class="two-factor__details">
      <p>{t('twoFactor.addToApp')}</p>
      <dl>
        <dt>{t('twoFactor.secret')}</dt>
        <dd>
          <code class="two-factor__secret">{setup.secret}</code>
        </dd>
        <dt>{t('twoFactor.uri')}</dt>
        <dd>
          <a href={setup.otpauthUri} class="two-factor__uri">
            {setup.otpauthUri}
          </a>
        </dd>
      </dl>
    </div>
  );
}

/** The recovery codes, shown once: the agent is told to keep them somewhere safe now. */
export function RecoveryCodes({ codes, t }: { codes: string[]; t: Translate }) {
  return (
    <div class="two-factor__recovery">
      <p>{t('twoFactor.recoveryIntro')}</p>
      <ul class="two-factor__codes" aria-label={t('twoFactor.recoveryCodes')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
