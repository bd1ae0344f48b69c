import { type AssistantReport, matchLocale } from '@topay-support/protocol';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { NEW_ARTICLE } from '../articles/articles-model.js';
import { formatTime } from '../inbox/format.js';
import { articlesHash } from '../routing/conversation-route.js';
import type { AssistantReportProps } from './lazy-report.js';
import { everyDay, helpfulRate, PERIODS, type PeriodDays, periodRange } from './period.js';
import { DayChart } from './report-chart.js';
import { type ReportTranslate, reportTranslator } from './report-messages.js';

type Loaded = { status: 'loading' } | { status: 'ready'; report: AssistantReport } | { status: 'error' };

/** The lazy chunk's entry: the admin's view of how the assistant did over a period. */
export function AssistantReportScreen({ workspace, locale, isAdmin }: AssistantReportProps) {
  const uiLocale = locale.locale.value;
  const st = useMemo(() => reportTranslator(uiLocale), [uiLocale]);
  const headingId = useId();
  const periodId = useId();
  const [days, setDays] = useState<PeriodDays>(30);
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    document.getElementById(headingId)?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    if (!isAdmin) return;
    let live = true;
    setLoaded({ status: 'loading' });
    const { from, to } = periodRange(days, new Date());
    workspace.assistantReport(from, to).then(
      (report) => live && setLoaded({ status: 'ready', report }),
      () => live && setLoaded({ status: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [days, attempt, isAdmin]);

  return (
    <main class="report" aria-labelledby={headingId}>
      <div class="report__head">
        <div>
          <h1 id={headingId} class="articles__title" tabIndex={-1}>
            {st('title')}
          </h1>
          <p class="report__intro">{st('intro')}</p>
        </div>
        {isAdmin ? (
          <label class="report__period" for={periodId}>
            <span>{st('period')}</span>
            <select
              id={periodId}
              class="locale-switch__select"
              value={String(days)}
              onChange={(event) => setDays(Number(event.currentTarget.value) as PeriodDays)}
            >
              {PERIODS.map((value) => (
                <option key={value} value={String(value)}>
                  {st(`period.${value}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {!isAdmin ? (
        <Alert tone="error">{st('forbidden')}</Alert>
      ) : loaded.status === 'loading' ? (
        <p role="status">{st('loading')}</p>
      ) : loaded.status === 'error' ? (
        <Alert tone="error">
          {st('loadError')}{' '}
          <Button variant="secondary" onClick={() => setAttempt(attempt + 1)}>
            {st('retry')}
          </Button>
        </Alert>
      ) : (
        <Report
          report={loaded.report}
          st={st}
          uiLocale={uiLocale}
          onWrite={(question) => {
            workspace.articleSeed.value = question;
          }}
        />
      )}
    </main>
  );
}

function percent(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

function Report({
  report,
  st,
  uiLocale,
  onWrite,
}: {
  report: AssistantReport;
  st: ReportTranslate;
  uiLocale: string;
  onWrite(question: string): void;
}) {
  const rate = helpfulRate(report);
  const share = (count: number) =>
    report.conversations > 0
      ? st('stat.share', { percent: percent(count / report.conversations, uiLocale) })
      : '';
  const days = everyDay(report);
  const locale = matchLocale(uiLocale) ?? 'en';
  return (
    <>
      <dl class="report__stats">
        <div class="report__stat">
          <dt>{st('stat.conversations')}</dt>
          <dd class="report__number">{report.conversations}</dd>
        </div>
        <div class="report__stat">
          <dt>{st('stat.resolved')}</dt>
          <dd class="report__number">{report.resolvedByAssistant}</dd>
          <dd class="report__detail">{share(report.resolvedByAssistant)}</dd>
        </div>
        <div class="report__stat">
          <dt>{st('stat.handedOff')}</dt>
          <dd class="report__number">{report.handedOff}</dd>
          <dd class="report__detail">{share(report.handedOff)}</dd>
        </div>
        <div class="report__stat">
          <dt>{st('stat.helpful')}</dt>
          <dd class="report__number">{rate === null ? '—' : percent(rate, uiLocale)}</dd>
          <dd class="report__detail">
            {rate === null
              ? st('stat.noVotes')
              : st('stat.helpfulDetail', {
                  helpful: report.helpful,
                  count: report.helpful + report.notHelpful,
                })}
          </dd>
        </div>
      </dl>
      <section class="report__section">
        <h2 class="report__subtitle">{st('chart.title')}</h2>
        {report.conversations === 0 ? <p>{st('chart.empty')}</p> : <DayChart days={days} st={st} />}
      </section>
      <section class="report__section">
        <h2 class="report__subtitle">{st('unanswered.title')}</h2>
        <p class="report__intro">{st('unanswered.intro')}</p>
        {report.unanswered.length === 0 ? (
          <p>{st('unanswered.none')}</p>
        ) : (
          <table class="article-table">
            <thead>
              <tr>
                <th scope="col">{st('unanswered.question')}</th>
                <th scope="col">{st('unanswered.count')}</th>
                <th scope="col">{st('unanswered.last')}</th>
                <th scope="col">
                  <span class="visually-hidden">{st('unanswered.write')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {report.unanswered.map((item) => (
                <tr key={item.question}>
                  <td class="report__question" dir="auto">
                    {item.question}
                  </td>
                  <td class="article-table__number">{item.count}</td>
                  <td>
                    <time dateTime={item.lastAt}>{formatTime(item.lastAt, locale)}</time>
                  </td>
                  <td>
                    <a
                      class="button button--secondary"
                      href={articlesHash(NEW_ARTICLE)}
                      aria-label={st('unanswered.writeLabel', { question: item.question })}
                      onClick={() => onWrite(item.question)}
                    >
                      {st('unanswered.write')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
