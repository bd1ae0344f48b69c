// English, one lazy chunk: the home, chat, help and payments strings together (one request per locale).
import { chatEn } from '../../features/chat/messages.js';
import { helpEn } from '../../features/help/messages.js';
import { paymentsEn } from '../../features/payments/messages.js';
import { en } from '../en.js';

export const messages: Readonly<Record<string, string>> = { ...en, ...chatEn, ...helpEn, ...paymentsEn };
