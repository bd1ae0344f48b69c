import { useRef } from 'preact/hooks';
import { Launcher } from '../features/panel/launcher.js';
import { Panel } from '../features/panel/panel.js';
import { ModelContext } from './context.js';
import type { WidgetModel } from './model.js';

export function App({ model }: { model: WidgetModel }) {
  const launcherRef = useRef<HTMLButtonElement>(null);
  return (
    <ModelContext.Provider value={model}>
      {model.showLauncher && <Launcher buttonRef={launcherRef} />}
      <Panel launcherRef={launcherRef} />
    </ModelContext.Provider>
  );
}
