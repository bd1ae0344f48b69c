import { useEffect, useRef } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { TextField } from '../../ui/text-field.js';
import { LocaleSwitch } from '../locale/locale-switch.js';
import type { LocaleModel } from '../locale/model.js';
import { EnrolmentDetails, RecoveryCodes } from '../security/two-factor-parts.js';
import { describeFailure } from './failure-message.js';
import type { LoginModel } from './login-model.js';
import type { SessionModel } from './session.js';

export interface LoginViewProps {
  session: SessionModel;
  form: LoginModel;
  locale: LocaleModel;
}

export function LoginView({ session, form, locale }: LoginViewProps) {
  const t = locale.t.value;
  const error = form.error.value;
  const pending = form.pending.value;
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // `autofocus` is unreliable on elements inserted after load, which is how this view always arrives.
    email.current?.focus();
  }, []);

  useEffect(() => {
    // After a wrong password the agent retypes it; put the caret there with the old attempt selected.
    if (error?.code === 'unauthorized' && form.step.peek().name === 'password') password.current?.select();
  }, [error]);

  const step = form.step.value;

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void form.submit({
      email: String(data.get('email') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    });
  }

  return (
    <div class="auth-screen">
      <main class="auth-card" aria-labelledby="login-heading">
        <div class="auth-card__bar">
          <span class="brand">
            <span class="brand__mark" aria-hidden="true" />
            {t('app.name')}
          </span>
          <LocaleSwitch locale={locale} />
        </div>
        <h1 id="login-heading" class="auth-card__title">
          {t('login.heading')}
        </h1>
        {step.name === 'password' ? <p class="auth-card__intro">{t('login.intro')}</p> : null}
        {error ? (
          <Alert tone="error">
            {error.code === 'unauthorized' && step.name !== 'password'
              ? t('error.wrongCode')
              : describeFailure(error, t, locale.locale.value)}
          </Alert>
        ) : session.signOutReason.value === 'expired' ? (
          <Alert tone="info">{t('login.expired')}</Alert>
        ) : null}
        {step.name === 'password' ? (
          <form class="auth-form" method="post" onSubmit={submit}>
            <TextField
              label={t('login.email')}
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              autoCapitalize="none"
              spellcheck={false}
              required
              inputRef={email}
            />
            <TextField
              label={t('login.password')}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              inputRef={password}
            />
            <Button type="submit" variant="primary" wide busy={pending}>
              {pending ? t('login.submitting') : t('login.submit')}
            </Button>
          </form>
        ) : (
          <SecondStep form={form} locale={locale} />
        )}
      </main>
    </div>
  );
}

/** One code field, focused when it appears (a new step arrives after load, like this whole view). */
function CodeForm({
  label,
  submitLabel,
  pending,
  onSubmit,
  numeric,
}: {
  label: string;
  submitLabel: string;
  pending: boolean;
  onSubmit(code: string): void;
  numeric: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [label]);
  return (
    <form
      class="auth-form"
      method="post"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        onSubmit(String(data.get('code') ?? ''));
      }}
    >
      <TextField
        key={label}
        label={label}
        name="code"
        autoComplete="one-time-code"
        inputMode={numeric ? 'numeric' : 'text'}
        autoCapitalize="none"
        spellcheck={false}
        required
        inputRef={input}
      />
      <Button type="submit" variant="primary" wide busy={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** The steps after the password: a code, enrolment when the merchant requires it, recovery codes. */
function SecondStep({ form, locale }: { form: LoginModel; locale: LoginViewProps['locale'] }) {
  const t = locale.t.value;
  const step = form.step.value;
  const pending = form.pending.value;
  const back = (
    <Button variant="quiet" onClick={() => form.cancel()}>
      {t('twoFactor.back')}
    </Button>
  );
  switch (step.name) {
    case 'code':
      return (
        <>
          <p class="auth-card__intro">
            {t(step.recovery ? 'twoFactor.recoveryPrompt' : 'twoFactor.codePrompt')}
          </p>
          <CodeForm
            label={t(step.recovery ? 'twoFactor.recoveryLabel' : 'twoFactor.codeLabel')}
            submitLabel={t('twoFactor.verify')}
            pending={pending}
            numeric={!step.recovery}
            onSubmit={(code) => void form.submitCode(code)}
          />
          <div class="auth-card__links">
            <Button variant="quiet" onClick={() => form.useRecoveryCode(!step.recovery)}>
              {t(step.recovery ? 'twoFactor.useApp' : 'twoFactor.useRecovery')}
            </Button>
            {back}
          </div>
        </>
      );
    case 'enrol':
      return (
        <>
          <p class="auth-card__intro">{t('twoFactor.requiredIntro')}</p>
          {step.setup ? (
            <>
              <EnrolmentDetails setup={step.setup} t={t} />
              <CodeForm
                label={t('twoFactor.codeLabel')}
                submitLabel={t('twoFactor.confirm')}
                pending={pending}
                numeric
                onSubmit={(code) => void form.confirmEnrolment(code)}
              />
            </>
          ) : null}
          <div class="auth-card__links">{back}</div>
        </>
      );
    case 'recovery-codes':
      return (
        <>
          <RecoveryCodes codes={step.codes} t={t} />
          <Button variant="primary" wide busy={pending} onClick={() => void form.finish()}>
            {t('twoFactor.savedContinue')}
          </Button>
        </>
      );
    default:
      return null;
  }
}
