/** The demo agent's password for the browser suite; playwright.config.ts starts the demo with it. */
export const E2E_AGENT_PASSWORD = 'e2e-demo-password';
