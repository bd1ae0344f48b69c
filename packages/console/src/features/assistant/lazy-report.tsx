import { lazyScreen } from '../../ui/lazy-screen.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';

export interface AssistantReportProps {
  workspace: Workspace;
  locale: LocaleModel;
  isAdmin: boolean;
}

/** The assistant report, fetched on first use: only admins open it, and rarely. */
export const LazyAssistantReport = lazyScreen<AssistantReportProps>(
  () => import('./report-screen.js').then((module) => module.AssistantReportScreen),
  { className: 'report', loadingKey: 'report.loading', errorKey: 'report.loadError' },
);
