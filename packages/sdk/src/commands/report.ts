import type { WidgetErrorCode } from '@topay-support/protocol';
import type { EmitWidgetEvent } from './types.js';

/** Tells the host page about a problem without ever throwing into it: a console warning plus an `error` event. */
export function reportError(emit: EmitWidgetEvent, code: WidgetErrorCode, message: string): void {
  console.warn(`[TopaySupport] ${code}: ${message}`);
  emit('error', { code, message });
}
