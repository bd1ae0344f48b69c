// A support page with its own UI on the headless SDK (docs/sdk.md), no widget: help search, payment look-up and
// a minimal chat. Everything from the server or an agent is written with `textContent`, never `innerHTML`.
import { type Conversation, createSupportClient, SupportError } from '@topay-support/sdk';

const serverUrl = import.meta.env.VITE_SUPPORT_URL ?? 'http://localhost:8787';
const locale = 'en';
const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl, locale });

// The SDK's answers, named from its own signatures (an app needs no other package for them).
type HelpResult = Awaited<ReturnType<typeof client.help.search>>['results'][number];
type Payment = Awaited<ReturnType<typeof client.payments.lookup>>;
type Message = Conversation['history'][number];

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`index.html has no #${id}`);
  return node;
}

function el(tag: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

const describe = (error: unknown) =>
  error instanceof SupportError ? `${error.message} (${error.code})` : String(error);

// --- help search ------------------------------------------------------------------------------------------------

const helpQuery = byId('help-query', HTMLInputElement);
const helpStatus = byId('help-status', HTMLElement);
const helpResults = byId('help-results', HTMLOListElement);

/** The snippet as text nodes with `<mark>` around each `[start, end)` highlight range. */
function highlighted(result: HelpResult): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of result.highlights) {
    fragment.append(result.snippet.slice(at, start), el('mark', result.snippet.slice(start, end)));
    at = end;
  }
  fragment.append(result.snippet.slice(at));
  return fragment;
}

let search: AbortController | undefined;
async function runSearch(q: string): Promise<void> {
  search?.abort();
  if (q.trim() === '') {
    helpResults.replaceChildren();
    helpStatus.textContent = '';
    return;
  }
  const controller = new AbortController();
  search = controller;
  try {
    const answer = await client.help.search(q, { signal: controller.signal });
    helpResults.replaceChildren(
      ...answer.results.map((result) => {
        const item = el('li');
        const snippet = el('p');
        snippet.append(highlighted(result));
        item.append(el('strong', result.title), snippet);
        return item;
      }),
    );
    helpStatus.textContent = `${answer.results.length} results (${answer.locale})`;
  } catch (error) {
    if (!controller.signal.aborted) helpStatus.textContent = `Search failed: ${describe(error)}`;
  }
}

let typing: ReturnType<typeof setTimeout> | undefined;
helpQuery.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => void runSearch(helpQuery.value), 200);
});
byId('help-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typing);
  void runSearch(helpQuery.value);
});

// --- payment look-up --------------------------------------------------------------------------------------------

const paymentResult = byId('payment-result', HTMLElement);

/** Minor units in the currency's own number of decimals: USD 1999 is $19.99, JPY 3999 is ¥3,999. */
function money({ minor, currency }: Payment['amount']): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

function showPayment(payment: Payment): void {
  const details = el('dl');
  const row = (term: string, value: string) => details.append(el('dt', term), el('dd', value));
  row('Status', payment.status);
  if (payment.reason) row('Reason', payment.reason);
  row('Amount', money(payment.amount));
  row('Merchant', payment.merchant.name);
  if (payment.card) row('Card', `${payment.card.brand} ending in ${payment.card.last4}`);
  row('Created', new Date(payment.createdAt).toLocaleString(locale));
  const timeline = el('ol');
  timeline.append(
    ...payment.events.map((event) => el('li', `${new Date(event.at).toLocaleString(locale)}: ${event.type}`)),
  );
  paymentResult.replaceChildren(el('h3', payment.reference), details, timeline);
}

byId('payment-form', HTMLFormElement).addEventListener('submit', async (event) => {
  event.preventDefault();
  const reference = byId('payment-reference', HTMLInputElement).value;
  const email = byId('payment-email', HTMLInputElement).value;
  paymentResult.replaceChildren(el('p', 'Checking…'));
  try {
    showPayment(await client.payments.lookup({ reference, email }));
  } catch (error) {
    // One neutral message for both "no such reference" and "wrong email": the server does not say which either.
    const text =
      error instanceof SupportError && error.code === 'payment_not_found'
        ? 'No payment matches this reference and email.'
        : error instanceof SupportError && error.code === 'rate_limited'
          ? `Too many attempts; try again in ${Math.ceil((error.retryAfterMs ?? 60_000) / 1000)} s.`
          : `Could not check the payment: ${describe(error)}`;
    paymentResult.replaceChildren(el('p', text));
  }
});

// --- chat -------------------------------------------------------------------------------------------------------

const chatStart = byId('chat-start', HTMLFormElement);
const chatSend = byId('chat-send', HTMLFormElement);
const chatText = byId('chat-text', HTMLInputElement);
const chatLog = byId('chat-log', HTMLOListElement);
const chatStatus = byId('chat-status', HTMLElement);
const shown = new Set<string>();
let conversation: Conversation | undefined;

client.on('connection', (state) => {
  byId('chat-connection', HTMLElement).textContent = `(${state})`;
});

/** Appends a message once: history, pushes and our own acknowledged sends may all carry the same one. */
function showMessage(message: Message): void {
  if (shown.has(message.id)) return;
  shown.add(message.id);
  const item = el('li', `${message.author.name ?? message.author.type}: ${message.text}`);
  item.dataset.author = message.author.type;
  chatLog.append(item);
}

chatStart.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (conversation) return;
  const email = byId('chat-email', HTMLInputElement).value.trim();
  chatStatus.textContent = 'Connecting…';
  try {
    const opened = await client.chat.open({ topic: 'other', ...(email ? { email } : {}) });
    conversation = opened;
    opened.history.forEach(showMessage);
    opened.on('message', showMessage);
    opened.on('status', (status) => {
      chatStatus.textContent = `Conversation ${status}`;
    });
    opened.on('typing', ({ typing, name }) => {
      chatStatus.textContent = typing ? `${name ?? 'An agent'} is typing…` : `Conversation ${opened.status}`;
    });
    chatStatus.textContent = `Conversation ${opened.status}${opened.offline ? ' (answered by email)' : ''}`;
    chatStart.hidden = true;
    chatSend.hidden = false;
    chatText.focus();
  } catch (error) {
    chatStatus.textContent = `Could not open the chat: ${describe(error)}`;
  }
});

chatSend.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = chatText.value.trim();
  if (!conversation || text === '') return;
  chatText.value = '';
  try {
    // Resolves once the server has stored it; the SDK keeps it in its outbox until then, even across reloads.
    showMessage(await conversation.send(text));
  } catch (error) {
    chatStatus.textContent = `Not sent: ${describe(error)}`;
    chatText.value = text;
  }
});
