// The standard queue stub (docs/script-tag.md): commands issued before the loader arrives are kept and replayed.
window.TopaySupport =
  window.TopaySupport ||
  function () {
    // biome-ignore lint/complexity/noArguments: the stub must queue the exact `arguments` the loader replays.
    // biome-ignore lint/suspicious/noAssignInExpressions: the documented one-line stub, kept as merchants copy it.
    (window.TopaySupport.q = window.TopaySupport.q || []).push(arguments);
  };

(() => {
  const events = [
    'ready',
    'open',
    'close',
    'unreadCountChange',
    'message',
    'chatStarted',
    'chatEnded',
    'paymentChecked',
    'error',
  ];
  const log = (name, payload) => {
    const list = document.getElementById('event-log');
    if (!list) return;
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()}  ${name}${payload === undefined ? '' : ` ${JSON.stringify(payload)}`}`;
    list.prepend(item);
  };
  for (const name of events) window.TopaySupport('on', name, (payload) => log(name, payload));

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-command]') : null;
    if (!button) return;
    const { command, arg } = button.dataset;
    if (arg === undefined) window.TopaySupport(command);
    else window.TopaySupport(command, arg);
  });
})();
