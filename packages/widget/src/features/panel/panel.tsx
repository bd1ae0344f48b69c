import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import { ChatView } from '../chat/chat-view.js';
import { ConfigLoading } from '../config/config-loading.js';
import { ConnectionProblem } from '../config/connection-problem.js';
import { HelpView } from '../help/help-view.js';
import { HomeView } from '../home/home-view.js';
import { PaymentsView } from '../payments/payments-view.js';
import { trapTab, usePanelFocus } from './focus.js';
import { PANEL_ID, TITLE_ID } from './ids.js';

const VIEWS = { home: HomeView, help: HelpView, payments: PaymentsView, chat: ChatView };

function PanelContent() {
  const model = useModel();
  const state = model.config.state.value;
  if (state.status === 'loading') return <ConfigLoading />;
  if (state.status === 'failed') return <ConnectionProblem code={state.code} />;
  const View = VIEWS[model.panel.view.value];
  return <View />;
}

export function Panel({ launcherRef }: { launcherRef: RefObject<HTMLButtonElement> }) {
  const model = useModel();
  const { panel } = model;
  const panelRef = useRef<HTMLDivElement>(null);
  // Here rather than in <App>: the focus effects must run in the same commit that renders the new view.
  usePanelFocus(panel, model.config.state.value.status, panelRef, launcherRef);
  const open = panel.isOpen.value;
  // Only the full-screen layout is modal: on a desktop the page stays usable beside the panel.
  const modal = open && panel.isCompact.value && !panel.inline;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !panel.inline) {
      event.stopPropagation();
      model.close();
    } else if (event.key === 'Tab' && modal && panelRef.current) {
      trapTab(event, panelRef.current);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the role is dialog or region (set below), which biome cannot read from an expression; Escape/Tab handling belongs on it
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: dialog and region both take aria-labelledby; biome cannot see the role through the ternary
    <div
      ref={panelRef}
      id={PANEL_ID}
      class={model.showLauncher ? 'panel' : 'panel bare'}
      // Inline, the panel is part of the merchant's page (a region of it), not a dialog over it.
      role={panel.inline ? 'region' : 'dialog'}
      aria-labelledby={TITLE_ID}
      aria-modal={modal ? 'true' : undefined}
      lang={model.i18n.locale.value}
      dir={model.i18n.dir.value}
      tabIndex={-1}
      hidden={!open}
      onKeyDown={onKeyDown}
    >
      {/* Rendered only while open: nothing of the views runs on the host page until the visitor asks. */}
      {open && <PanelContent />}
    </div>
  );
}
