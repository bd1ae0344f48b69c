// The page's own script, loaded with the nonce like every script under this CSP: no inline code anywhere.
// It logs any CSP violation (there should be none) and drives the widget through the documented queue stub.
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`[strict-csp example] CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});

window.TopaySupport =
  window.TopaySupport ||
  function () {
    // biome-ignore lint/complexity/noArguments: the stub must queue the exact `arguments` the loader replays.
    // biome-ignore lint/suspicious/noAssignInExpressions: the documented one-line stub, kept as merchants copy it.
    (window.TopaySupport.q = window.TopaySupport.q || []).push(arguments);
  };

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-command]') : null;
  if (!button) return;
  const { command, arg } = button.dataset;
  if (arg === undefined) window.TopaySupport(command);
  else window.TopaySupport(command, arg);
});
