import type { AgentSecurityResponse, AuditEntry, TwoFactorSetupResponse } from '@topay-support/protocol';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../../api.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { TextField } from '../../ui/text-field.js';
import type { SessionModel } from '../auth/session.js';
import type { LocaleModel, Translate } from '../locale/model.js';
import type { SecurityApi } from './security-api.js';
import { EnrolmentDetails, RecoveryCodes } from './two-factor-parts.js';

export interface SecurityScreenProps {
  session: SessionModel;
  locale: LocaleModel;
  api: SecurityApi;
}

type Notice = { tone: 'error' | 'info'; text: string } | null;

function failureText(error: unknown, t: Translate): string {
  if (error instanceof ApiFailure) {
    if (error.code === 'unauthorized') return t('security.wrongPasswordOrCode');
    if (error.code === 'invalid_request') return t('security.invalid');
    if (error.code === 'forbidden') return t('security.forbidden');
  }
  return t('error.unexpected');
}

function formValue(event: SubmitEvent, name: string): string {
  return String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? '');
}

/** Two-factor sign-in: set up (secret, code, recovery codes once) or turn off (password and code). */
function TwoFactorSection({
  token,
  api,
  t,
  status,
  reload,
}: {
  token: string;
  api: SecurityApi;
  t: Translate;
  status: AgentSecurityResponse;
  reload(): void;
}) {
  const [setup, setSetup] = useState<TwoFactorSetupResponse | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setNotice(null);
    try {
      await work();
    } catch (error) {
      setNotice({ tone: 'error', text: failureText(error, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="security__section" aria-labelledby="security-2fa">
      <h2 id="security-2fa">{t('security.twoFactor')}</h2>
      <p>{t(status.twoFactorEnabled ? 'security.twoFactorOn' : 'security.twoFactorOff')}</p>
      {status.twoFactorEnabled && !codes ? (
        <p>{t('security.recoveryLeft', { count: status.recoveryCodesLeft })}</p>
      ) : null}
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      {codes ? (
        <>
          <RecoveryCodes codes={codes} t={t} />
          <Button
            variant="primary"
            onClick={() => {
              setCodes(null);
              reload();
            }}
          >
            {t('twoFactor.saved')}
          </Button>
        </>
      ) : status.twoFactorEnabled ? (
        status.requireTwoFactor ? (
          <p>{t('security.requiredNoDisable')}</p>
        ) : (
          <form
            class="security__form"
            onSubmit={(event) => {
              event.preventDefault();
              const password = formValue(event, 'password');
              const code = formValue(event, 'code').trim();
              void act(async () => {
                await api.disable(token, password, code);
                reload();
              });
            }}
          >
            <TextField
              label={t('security.currentPassword')}
              name="password"
              type="password"
              autoComplete="current-password"
              required
            />
            <TextField
              label={t('twoFactor.codeLabel')}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              required
            />
            <Button type="submit" busy={busy}>
              {t('security.disable')}
            </Button>
          </form>
        )
      ) : setup ? (
        <>
          <EnrolmentDetails setup={setup} t={t} />
          <form
            class="security__form"
            onSubmit={(event) => {
              event.preventDefault();
              const code = formValue(event, 'code').trim();
              void act(async () => {
                const answer = await api.enable({ token }, code);
                setSetup(null);
                setCodes(answer.recoveryCodes);
              });
            }}
          >
            <TextField
              label={t('twoFactor.codeLabel')}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              required
            />
            <Button type="submit" variant="primary" busy={busy}>
              {t('twoFactor.confirm')}
            </Button>
          </form>
        </>
      ) : (
        <Button
          variant="primary"
          busy={busy}
          onClick={() => void act(async () => setSetup(await api.setup({ token })))}
        >
          {t('security.enable')}
        </Button>
      )}
    </section>
  );
}

/** Changing the password ends every other session; this browser continues with the new token. */
function PasswordSection({
  token,
  api,
  t,
  session,
}: {
  token: string;
  api: SecurityApi;
  t: Translate;
  session: SessionModel;
}) {
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section class="security__section" aria-labelledby="security-password">
      <h2 id="security-password">{t('security.password')}</h2>
      <p>{t('security.passwordIntro')}</p>
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      <form
        class="security__form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget as HTMLFormElement;
          const currentPassword = formValue(event, 'current');
          const newPassword = formValue(event, 'next');
          setBusy(true);
          setNotice(null);
          api.changePassword(token, { currentPassword, newPassword }).then(
            async (issued) => {
              form.reset();
              await session.adopt(issued);
            },
            (error: unknown) => {
              setBusy(false);
              setNotice({ tone: 'error', text: failureText(error, t) });
            },
          );
        }}
      >
        <TextField
          label={t('security.currentPassword')}
          name="current"
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          label={t('security.newPassword')}
          name="next"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
        />
        <Button type="submit" busy={busy}>
          {t('security.changePassword')}
        </Button>
      </form>
    </section>
  );
}

/** Admins: the merchant's "require two-factor" rule and the audit log, page by page. */
function AdminSection({
  token,
  api,
  t,
  status,
  reload,
  locale,
}: {
  token: string;
  api: SecurityApi;
  t: Translate;
  status: AgentSecurityResponse;
  reload(): void;
  locale: LocaleModel;
}) {
  const [pages, setPages] = useState<Array<string | null>>([null]);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [required, setRequired] = useState(status.requireTwoFactor);
  const cursor = pages[pages.length - 1] ?? null;

  useEffect(() => {
    let live = true;
    setFailed(false);
    api.audit(token, cursor).then(
      (page) => {
        if (!live) return;
        setEntries(page.entries);
        setNext(page.nextCursor);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [token, cursor, api]);

  const time = new Intl.DateTimeFormat(locale.locale.value, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <>
      <section class="security__section" aria-labelledby="security-team">
        <h2 id="security-team">{t('security.team')}</h2>
        <label class="security__toggle">
          <input
            type="checkbox"
            checked={required}
            onChange={(event) => {
              const requireTwoFactor = (event.currentTarget as HTMLInputElement).checked;
              // Shown at once; a refusal puts back what the server holds.
              setRequired(requireTwoFactor);
              void api.setSettings(token, { requireTwoFactor }).then(reload, () => {
                setRequired(status.requireTwoFactor);
                reload();
              });
            }}
          />
          {t('security.requireTwoFactor')}
        </label>
        <p class="security__hint">{t('security.requireHint')}</p>
      </section>
      <section class="security__section" aria-labelledby="security-audit">
        <h2 id="security-audit">{t('audit.heading')}</h2>
        {failed ? <Alert tone="error">{t('audit.loadError')}</Alert> : null}
        {entries && entries.length === 0 ? <p>{t('audit.empty')}</p> : null}
        {entries && entries.length > 0 ? (
          <div class="security__table-wrap">
            <table class="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.ip')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{time.format(new Date(entry.at))}</time>
                    </td>
                    <td>
                      {`${t(`audit.actor.${entry.actor.type}`)} ${entry.actor.email ?? entry.actor.id ?? ''}`.trim()}
                    </td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>{entry.target ?? '—'}</td>
                    <td>{entry.ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <div class="security__pager">
          <Button disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
            {t('audit.newer')}
          </Button>
          <Button disabled={!next} onClick={() => next && setPages([...pages, next])}>
            {t('audit.older')}
          </Button>
        </div>
      </section>
    </>
  );
}

/**
 * The agent's own account security and, for admins, the team's: everything here is also in the
 * agent HTTP API (README, "Agent accounts").
 */
export function SecurityScreen({ session, locale, api }: SecurityScreenProps) {
  const t = locale.t.value;
  const token = session.token.value;
  const agent = session.agent.value;
  const [status, setStatus] = useState<AgentSecurityResponse | null>(null);
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    if (!token) return;
    let live = true;
    api.status(token).then(
      (answer) => live && setStatus(answer),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [token, version, api]);

  return (
    <main class="security" aria-labelledby="security-heading">
      <h1 id="security-heading">{t('security.heading')}</h1>
      {failed ? <Alert tone="error">{t('security.loadError')}</Alert> : null}
      {status && token ? (
        <>
          <TwoFactorSection token={token} api={api} t={t} status={status} reload={reload} />
          <PasswordSection token={token} api={api} t={t} session={session} />
          {agent?.role === 'admin' ? (
            <AdminSection token={token} api={api} t={t} status={status} reload={reload} locale={locale} />
          ) : null}
        </>
      ) : failed ? null : (
        <p role="status">{t('security.loading')}</p>
      )}
    </main>
  );
}
