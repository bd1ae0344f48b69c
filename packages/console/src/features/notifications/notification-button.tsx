import { Button } from '../../ui/button.js';
import type { LocaleModel } from '../locale/model.js';
import type { NotificationsModel } from './model.js';

/** Shown only while the browser has not been asked; the click is the user gesture the prompt needs. */
export function NotificationButton({
  notifications,
  locale,
}: {
  notifications: NotificationsModel;
  locale: LocaleModel;
}) {
  if (notifications.permission.value !== 'default') return null;
  return (
    <Button variant="quiet" onClick={() => void notifications.request()}>
      {locale.t.value('notify.enable')}
    </Button>
  );
}
