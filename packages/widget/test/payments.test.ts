import { fireEvent, waitFor, within } from '@testing-library/preact';
import type { Locale } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { formatAmount } from '../src/features/payments/format.js';
import { type Mounted, mountWidget } from './helpers.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// Payment status through the real SDK client against the real server and its demo payment provider, with
// the demo's seeded payments (all paid with buyer@example.com by demo-user-1).
const BUYER = 'buyer@example.com';
let server: SupportServer;
let current: Mounted | undefined;

beforeAll(async () => {
  // Several tests look up wrong pairs on purpose: keep the per-address hourly limit out of their way
  // (the per-visitor limit, which one test is about, still applies).
  server = await startSupportServer({ env: { RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR: '1000' } });
}, 30_000);
afterAll(() => server.close());
// "Ask about this payment" opens a chat: someone is there to take it.
beforeEach(() => server.agent.online());
afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
  sessionStorage.clear();
  localStorage.clear();
});

async function setup(locale: Locale = 'en') {
  current = await mountWidget(server.url, { locale });
  return { m: current };
}

/** Waits for `check`: the lazy chunk loads and the server answers for real. */
async function until(_m: Mounted, check: () => void) {
  await waitFor(check, { timeout: 5000 });
}

const field = (m: Mounted, name: 'reference' | 'email') =>
  m.shadow.querySelector<HTMLInputElement>(`input[name="${name}"]`) as HTMLInputElement;
const fill = (m: Mounted, name: 'reference' | 'email', value: string) =>
  fireEvent.input(field(m, name), { target: { value } });
const submit = (m: Mounted) => fireEvent.submit(field(m, 'email').form as HTMLFormElement);
const checked = (m: Mounted) => m.events.filter((e) => e.event === 'paymentChecked').map((e) => e.args[0]);

async function lookUp(m: Mounted, reference: string, email = BUYER) {
  await m.run((c) => c.checkPayment(reference));
  await until(m, () => expect(field(m, 'email')).toBeTruthy());
  fill(m, 'email', email);
  submit(m);
}

describe('amounts', () => {
  test('minor units in the currency’s own digits, as each locale writes them (CNY, USD, JPY)', () => {
    expect(formatAmount(39_900, 'CNY', 'zh-CN')).toBe('¥399.00');
    expect(formatAmount(39_900, 'CNY', 'en')).toBe('CN¥399.00');
    expect(formatAmount(8_800, 'USD', 'en')).toBe('$88.00');
    expect(formatAmount(8_800, 'USD', 'zh-CN')).toBe('US$88.00');
    // Yen have no minor unit: 3999 is ¥3,999, not ¥39.99.
    expect(formatAmount(3_999, 'JPY', 'en')).toBe('¥3,999');
    expect(formatAmount(3_999, 'JPY', 'zh-CN')).toBe('JP¥3,999');
  });

  test.each([
    ['zh-CN', 'demo-failed', '¥399.00'],
    ['en', 'demo-failed', 'CN¥399.00'],
    ['en', 'demo-declined', '$88.00'],
    ['zh-CN', 'demo-declined', 'US$88.00'],
    ['en', 'demo-expired', 'HK$150.00'],
    ['zh-CN', 'demo-expired', 'HK$150.00'],
  ] as const)('%s shows %s as %s', async (locale, reference, amount) => {
    const { m } = await setup(locale);
    await lookUp(m, reference);
    await until(m, () => expect(m.shadow.querySelector('.pay-amount')?.textContent).toBe(amount));
  });
});

describe('the look-up', () => {
  test('checkPayment(reference) opens the form with the reference filled in and the email field focused', async () => {
    const { m } = await setup('zh-CN');
    await m.run((c) => c.checkPayment('demo-failed'));
    await until(m, () => expect(field(m, 'reference')).toBeTruthy());
    expect(field(m, 'reference').value).toBe('demo-failed');
    expect(m.ui.getByLabelText('订单号/付款编号')).toBe(field(m, 'reference'));
    const email = m.ui.getByLabelText('付款时使用的邮箱') as HTMLInputElement;
    expect(email).toMatchObject({ type: 'email', inputMode: 'email', autocomplete: 'email' });
    expect(m.shadow.activeElement).toBe(email);

    // `checkPayment()` starts blank, with the view's title focused as for any sub-view.
    await m.run((c) => c.checkPayment());
    expect(field(m, 'reference').value).toBe('');
    expect(m.shadow.activeElement).toBe(m.ui.getByRole('heading', { level: 2 }));
  });

  test('a failed payment: status, reason and what to try, card as brand + last four, timeline, help link', async () => {
    const { m } = await setup('zh-CN');
    await lookUp(m, 'demo-failed');
    await until(m, () => expect(m.ui.getByRole('heading', { level: 3, name: '付款失败' })).toBeTruthy());
    // Focus moves to the result's heading, so a screen reader announces the status.
    expect(m.shadow.activeElement).toBe(m.ui.getByRole('heading', { level: 3, name: '付款失败' }));
    expect(m.ui.getByText('余额不足：请确认账户余额，或换一张卡再试。')).toBeTruthy();
    expect(m.ui.getByText('银联 •••• 6217')).toBeTruthy();
    expect(m.ui.getByText('银联 尾号 6217')).toBeTruthy();
    expect(m.ui.getByText('Topay 演示商店')).toBeTruthy();
    const steps = m.shadow.querySelectorAll('.pay-timeline li span');
    expect(Array.from(steps, (s) => s.textContent)).toEqual(['创建付款', '付款失败']);
    const created = m.shadow.querySelector('.pay-details time');
    expect(created?.getAttribute('datetime')).toBe('2026-11-19T06:00:00.000Z');
    expect(created?.textContent).toBe(
      new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date('2026-11-19T06:00:00.000Z'),
      ),
    );

    // The help article opens in the widget, and its Back comes back to the payment.
    fireEvent.click(m.ui.getByRole('button', { name: '付款失败怎么办' }));
    await until(m, () => expect(m.ui.getByRole('heading', { name: '付款失败怎么办？' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: '返回' }));
    await until(m, () => expect(m.ui.getByRole('heading', { level: 3, name: '付款失败' })).toBeTruthy());
  });

  test('refunds and disputes say how long they take, and link to the refunds article', async () => {
    const { m } = await setup('en');
    await lookUp(m, 'demo-refunded');
    await until(m, () => expect(m.ui.getByRole('heading', { level: 3, name: 'Refunded' })).toBeTruthy());
    expect(m.ui.getByText(/Card refunds take 5–10 business days/)).toBeTruthy();
    expect(m.ui.getByRole('button', { name: 'How refunds and disputes work' })).toBeTruthy();
    expect(m.ui.getByText('Visa •••• 4242')).toBeTruthy();
  });

  test('paymentChecked carries exactly the reference and the status: no card, no email', async () => {
    const { m } = await setup('en');
    await lookUp(m, 'demo-declined');
    await until(m, () => expect(checked(m)).toHaveLength(1));
    expect(checked(m)[0]).toEqual({ reference: 'demo-declined', status: 'failed' });
    expect(Object.keys(checked(m)[0] as object).sort()).toEqual(['reference', 'status']);
  });

  test('an unknown reference and a wrong email get the same neutral message, announced', async () => {
    const { m } = await setup('en');
    await lookUp(m, 'demo-failed', 'someone@example.com');
    await until(m, () => expect(m.ui.getByRole('alert')).toBeTruthy());
    const wrongEmail = m.ui.getByRole('alert').textContent;
    fill(m, 'reference', 'no-such-payment');
    fill(m, 'email', BUYER);
    submit(m);
    await until(m, () => expect(m.ui.getByRole('alert').textContent).toBe(wrongEmail));
    expect(wrongEmail).toBe(
      'No payment matches that reference and email. Check both and try again; if they are right, sign in on this site to see your payments, or ask us in the chat.',
    );
    expect(m.events.filter((e) => e.event === 'paymentChecked')).toHaveLength(0);
  });

  test('checks the fields before asking, and shows the busy state while the answer is on its way', async () => {
    const { m } = await setup('en');
    await m.run((c) => c.checkPayment());
    await until(m, () => expect(field(m, 'reference')).toBeTruthy());
    fill(m, 'email', 'not-an-email');
    submit(m);
    await until(m, () => expect(field(m, 'reference').getAttribute('aria-invalid')).toBe('true'));
    expect(m.ui.getByText('Enter the order or payment reference.')).toBeTruthy();
    expect(m.ui.getByText('Enter the email address you paid with, like name@example.com.').id).toBe(
      field(m, 'email').getAttribute('aria-describedby'),
    );
    expect(m.shadow.activeElement).toBe(field(m, 'reference'));
    expect(m.ui.getByRole('button', { name: 'Check payment status' }).hasAttribute('aria-disabled')).toBe(
      false,
    );

    // The busy state lasts as long as the server takes: seen from a mutation observer, whose callback runs
    // right after the render, before the answer can arrive. A second Enter then asks nothing more.
    const busy: string[] = [];
    const observer = new MutationObserver(() => {
      const button = m.shadow.querySelector('button.primary');
      if (button?.getAttribute('aria-disabled') !== 'true' || busy.length > 0) return;
      busy.push(button.textContent ?? '');
      submit(m);
    });
    observer.observe(m.shadow, { subtree: true, childList: true, attributes: true, characterData: true });
    fill(m, 'reference', ' demo-failed ');
    fill(m, 'email', BUYER);
    submit(m);
    await until(m, () =>
      expect(m.ui.getByRole('heading', { level: 3, name: 'Payment failed' })).toBeTruthy(),
    );
    observer.disconnect();
    expect(busy).toEqual(['Checking…']);
    expect(checked(m)).toEqual([{ reference: 'demo-failed', status: 'failed' }]);
  });
});

describe('ask about this payment', () => {
  const started = (m: Mounted) =>
    m.events.filter((e) => e.event === 'chatStarted').map((e) => e.args[0] as { conversationId: string });

  test('opens chat with the payment (and the email that proved it) attached', async () => {
    const { m } = await setup('en');
    await lookUp(m, 'demo-failed');
    await until(m, () => expect(m.ui.getByRole('button', { name: 'Ask about this payment' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: 'Ask about this payment' }));
    await until(m, () => expect(started(m)).toHaveLength(1));
    expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('Chat with us');
    // The agent sees the payment the visitor proved, checked again by the server.
    expect(await server.agent.conversation(started(m)[0]?.conversationId ?? '')).toMatchObject({
      topic: 'payment',
      payment: { reference: 'demo-failed', status: 'failed' },
    });
  });

  test('an identified visitor picks one of their payments; asking needs no email', async () => {
    const { m } = await setup('en');
    await m.run((c) => c.identify({ userId: 'demo-user-1', userHash: server.userHash('demo-user-1') }));
    await m.run((c) => c.checkPayment());
    await until(m, () =>
      expect(m.ui.getByRole('button', { name: /^\$88\.00 · Payment failed/ })).toBeTruthy(),
    );
    // The demo's ten payments, all demo-user-1's.
    expect(m.ui.getAllByRole('listitem')).toHaveLength(10);
    fireEvent.click(m.ui.getByRole('button', { name: /^\$88\.00 · Payment failed/ }));
    await until(m, () => expect(m.ui.getByText(/contact the bank that issued the card/)).toBeTruthy());
    expect(checked(m)).toEqual([{ reference: 'demo-declined', status: 'failed' }]);
    fireEvent.click(m.ui.getByRole('button', { name: 'Ask about this payment' }));
    await until(m, () => expect(started(m)).toHaveLength(1));
    expect(await server.agent.conversation(started(m)[0]?.conversationId ?? '')).toMatchObject({
      payment: { reference: 'demo-declined' },
      visitor: { userId: 'demo-user-1' },
    });
  });

  test('with a conversation about no payment open, the payment gets its own, and tabs switch between them', async () => {
    const { m } = await setup('en');
    await m.run((c) => c.startChat());
    await until(m, () => expect(m.ui.getByRole('button', { name: 'A payment problem' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: 'A payment problem' }));
    await until(m, () => expect(started(m)).toHaveLength(1));
    const first = started(m)[0]?.conversationId ?? '';
    expect((await server.agent.conversation(first)).payment).toBeUndefined();
    await lookUp(m, 'demo-refunded');
    await until(m, () => expect(m.ui.getByRole('button', { name: 'Ask about this payment' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: 'Ask about this payment' }));
    // One conversation per payment (docs/script-tag.md): the open one keeps what it was about.
    await until(m, () => expect(started(m)).toHaveLength(2));
    const second = started(m)[1]?.conversationId ?? '';
    expect(second).not.toBe(first);
    expect((await server.agent.conversation(second)).payment).toMatchObject({ reference: 'demo-refunded' });
    expect((await server.agent.conversation(first)).payment).toBeUndefined();
    const tabs = () => m.ui.getByRole('navigation', { name: 'Your conversations' });
    await until(m, () => expect(tabs()).toBeTruthy());
    const tab = (name: RegExp) => within(tabs()).getByRole('button', { name });
    expect(tab(/^Payment demo-refunded/).getAttribute('aria-current')).toBe('true');
    fireEvent.click(tab(/^A payment problem/));
    await until(m, () => expect(tab(/^A payment problem/).getAttribute('aria-current')).toBe('true'));
    // Asking again about the same payment resumes its conversation: no third one.
    await lookUp(m, 'demo-refunded');
    await until(m, () => expect(m.ui.getByRole('button', { name: 'Ask about this payment' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: 'Ask about this payment' }));
    await until(m, () => expect(tab(/^Payment demo-refunded/).getAttribute('aria-current')).toBe('true'));
    expect(started(m)).toHaveLength(2);
  });
});
