import { useEffect, useRef } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { TextField } from '../../ui/text-field.js';
import { LocaleSwitch } from '../locale/locale-switch.js';
import type { LocaleModel } from '../locale/model.js';
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
    if (error?.code === 'unauthorized') password.current?.select();
  }, [error]);

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
        <p class="auth-card__intro">{t('login.intro')}</p>
        {error ? (
          <Alert tone="error">{describeFailure(error, t, locale.locale.value)}</Alert>
        ) : session.signOutReason.value === 'expired' ? (
          <Alert tone="info">{t('login.expired')}</Alert>
        ) : null}
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
      </main>
    </div>
  );
}
