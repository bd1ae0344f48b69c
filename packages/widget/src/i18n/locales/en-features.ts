// English chat, help and payments strings, one lazy chunk fetched with the first of those features.
import { chatEn } from '../../features/chat/messages.js';
import { helpEn } from '../../features/help/messages.js';
import { paymentsEn } from '../../features/payments/messages.js';

export const messages: Readonly<Record<string, string>> = { ...chatEn, ...helpEn, ...paymentsEn };
