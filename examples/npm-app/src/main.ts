// A merchant's own app, bundled with Vite, using both npm packages:
// - `@topay-support/widget`'s `mountWidget` puts the support panel in a drawer when the visitor asks for it, and its
//   disposer takes it away again (every node, listener and socket it made);
// - `@topay-support/sdk`'s client fetches the merchant's name and runs the page's own help search box.
// Everything from the server is written with `textContent`, never `innerHTML`.
import { createSupportClient, SupportError } from '@topay-support/sdk';
import { mountWidget, type WidgetEventName } from '@topay-support/widget';

const serverUrl = import.meta.env.VITE_SUPPORT_URL ?? 'http://localhost:8787';
const merchantKey = 'pk_demo';
const locale = 'en';

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`index.html has no #${id}`);
  return node;
}

const describe = (error: unknown) =>
  error instanceof SupportError ? `${error.message} (${error.code})` : String(error);

// --- the SDK client: merchant name and our own help search ---------------------------------------------------

const client = createSupportClient({ merchantKey, serverUrl, locale });

const merchantName = byId('merchant-name', HTMLElement);
client.config().then(
  (config) => {
    merchantName.textContent = config.merchant.name;
  },
  (error: unknown) => {
    merchantName.textContent = `unavailable: ${describe(error)}`;
  },
);

const helpForm = byId('help-form', HTMLFormElement);
const helpQuery = byId('help-query', HTMLInputElement);
const helpStatus = byId('help-status', HTMLElement);
const helpResults = byId('help-results', HTMLOListElement);
type HelpResult = Awaited<ReturnType<typeof client.help.search>>['results'][number];

/** The snippet as text nodes with `<mark>` around each `[start, end)` highlight range. */
function highlighted(result: HelpResult): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of result.highlights) {
    fragment.append(result.snippet.slice(at, start));
    const mark = document.createElement('mark');
    mark.textContent = result.snippet.slice(start, end);
    fragment.append(mark);
    at = end;
  }
  fragment.append(result.snippet.slice(at));
  return fragment;
}

let inFlight: AbortController | undefined;
async function search(q: string): Promise<void> {
  inFlight?.abort();
  if (q.trim() === '') {
    helpResults.replaceChildren();
    helpStatus.textContent = '';
    return;
  }
  const controller = new AbortController();
  inFlight = controller;
  try {
    const { results } = await client.help.search(q, { limit: 5, signal: controller.signal });
    helpResults.replaceChildren(
      ...results.map((result) => {
        const item = document.createElement('li');
        const title = document.createElement('strong');
        title.textContent = result.title;
        const snippet = document.createElement('p');
        snippet.append(highlighted(result));
        item.append(title, snippet);
        return item;
      }),
    );
    helpStatus.textContent = results.length === 0 ? 'No articles match.' : `${results.length} articles`;
  } catch (error) {
    if (!controller.signal.aborted) helpStatus.textContent = `Search failed: ${describe(error)}`;
  }
}

let typingTimer: ReturnType<typeof setTimeout> | undefined;
helpQuery.addEventListener('input', () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => void search(helpQuery.value), 200);
});
helpForm.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  void search(helpQuery.value);
});

// --- the widget: mounted into the drawer on demand --------------------------------------------------------------
// Without `container` the widget floats with its own launcher button instead; `mountWidget` then needs only
// `merchantKey` and `serverUrl`.

const toggle = byId('support-toggle', HTMLButtonElement);
const drawer = byId('support-drawer', HTMLElement);
const eventLog = byId('event-log', HTMLOListElement);
let unmount: (() => void) | undefined;

function logEvent(event: WidgetEventName, ...args: unknown[]): void {
  const item = document.createElement('li');
  item.textContent = `${event} ${args.map((arg) => JSON.stringify(arg)).join(' ')}`;
  eventLog.prepend(item);
}

function setOpen(open: boolean): void {
  if (open && !unmount) {
    drawer.hidden = false;
    unmount = mountWidget({ merchantKey, serverUrl, locale, container: drawer, onEvent: logEvent });
  } else if (!open && unmount) {
    unmount();
    unmount = undefined;
    drawer.hidden = true;
  }
  toggle.setAttribute('aria-expanded', String(open));
  toggle.textContent = open ? 'Close support' : 'Open support';
}

toggle.addEventListener('click', () => setOpen(!unmount));
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && unmount) {
    setOpen(false);
    toggle.focus();
  }
});
