import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '../i18n/model.js';
import type { WidgetModel } from './model.js';

export const ModelContext = createContext<WidgetModel | null>(null);

export function useModel(): WidgetModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('topay-support: component rendered outside <App>');
  return model;
}

/** The translator for the current locale; reading it subscribes the component to locale changes. */
export function useT(): Translate {
  return useModel().i18n.t.value;
}
