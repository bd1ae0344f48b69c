import { type ReadonlySignal, signal } from '@preact/signals';

/** `unsupported`: no Notification API (e.g. iOS Safari outside a home-screen app). */
export type NotificationPermissionState = NotificationPermission | 'unsupported';

export interface NotificationsModel {
  readonly permission: ReadonlySignal<NotificationPermissionState>;
  /** Must run inside a user gesture: browsers ignore or penalise permission prompts without one. */
  request(): Promise<void>;
  /** Shows a notification only while the console tab is hidden; one per conversation, replaced by the next. */
  notify(conversationId: string, title: string, body: string): void;
}

export interface NotificationsOptions {
  /** The browser's `Notification`, or undefined where there is none. */
  api: typeof Notification | undefined;
  document: Document;
  /** Brings the agent to the conversation a notification was about. */
  open(conversationId: string): void;
}

/**
 * @example
 * const notifications = createNotificationsModel({ api: window.Notification, document, open: select });
 * button.onclick = () => notifications.request();
 */
export function createNotificationsModel(options: NotificationsOptions): NotificationsModel {
  const { api, document: doc } = options;
  const permission = signal<NotificationPermissionState>(api ? api.permission : 'unsupported');
  return {
    permission,
    async request() {
      if (api?.permission !== 'default') return;
      permission.value = await api.requestPermission();
    },
    notify(conversationId, title, body) {
      if (api?.permission !== 'granted' || !doc.hidden) return;
      // The tag makes a new message replace the conversation's previous notification, not pile up.
      const notification = new api(title, { body, tag: `conversation:${conversationId}` });
      notification.onclick = () => {
        doc.defaultView?.focus();
        options.open(conversationId);
        notification.close();
      };
    },
  };
}
