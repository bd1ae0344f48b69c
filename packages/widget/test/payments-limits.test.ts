import { fireEvent, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type Mounted, mountWidget } from './helpers.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// What the visitor sees when the server refuses a look-up. Apart from payments.test.ts because both need
// a server of their own: anonymous look-ups are limited per address, which would spill into other tests,
// and an unreachable payment platform is a server setting.
let current: Mounted | undefined;
afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
  sessionStorage.clear();
  localStorage.clear();
});

const field = (m: Mounted, name: 'reference' | 'email') =>
  m.shadow.querySelector<HTMLInputElement>(`input[name="${name}"]`) as HTMLInputElement;

/** Submits the form and resolves once the server has answered: the button has been busy and is no more. */
async function submitAndWait(m: Mounted) {
  let wasBusy = false;
  const answered = new Promise<void>((resolve) => {
    const observer = new MutationObserver(() => {
      const busy = m.shadow.querySelector('button.primary')?.getAttribute('aria-disabled') === 'true';
      if (busy) wasBusy = true;
      else if (wasBusy) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(m.shadow, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  fireEvent.submit(field(m, 'email').form as HTMLFormElement);
  await answered;
}

async function lookUpForm(server: SupportServer, reference: string, email: string) {
  current = await mountWidget(server.url, { locale: 'zh-CN' });
  const m = current;
  await m.run((c) => c.checkPayment(reference));
  await waitFor(() => expect(field(m, 'email')).toBeTruthy());
  fireEvent.input(field(m, 'email'), { target: { value: email } });
  return m;
}

describe('too many wrong look-ups', () => {
  let server: SupportServer;
  beforeAll(async () => {
    server = await startSupportServer();
  }, 30_000);
  afterAll(() => server.close());

  test('the server’s limit, and the widget says how long to wait', async () => {
    const m = await lookUpForm(server, 'demo-failed', 'someone@example.com');
    // An anonymous visitor gets five unsuccessful look-ups per 15 minutes; the sixth is refused.
    for (let attempt = 1; attempt <= 5; attempt++) {
      await submitAndWait(m);
      expect(m.ui.getByRole('alert').textContent).toMatch(/^没有找到/);
    }
    await submitAndWait(m);
    expect(m.ui.getByRole('alert').textContent).toMatch(/^尝试次数过多，请在 \d+\s?分钟后再试。$/);
  });
});

describe('a payment platform that does not answer', () => {
  let server: SupportServer;
  beforeAll(async () => {
    // Port 9 (discard) has no listener here: the platform is unreachable, as when it is down.
    server = await startSupportServer({
      env: { PAYMENT_PROVIDER: 'http', PAYMENT_API_URL: 'http://127.0.0.1:9', PAYMENT_API_TOKEN: 'token' },
    });
  }, 30_000);
  afterAll(() => server.close());

  test('says to try again later', async () => {
    const m = await lookUpForm(server, 'demo-failed', 'buyer@example.com');
    await submitAndWait(m);
    expect(m.ui.getByRole('alert').textContent).toBe('暂时无法查询付款状态，请过几分钟再试。');
  });
});
