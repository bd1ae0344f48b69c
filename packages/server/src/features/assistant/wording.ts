import type { PaymentReason, PaymentStatus, PaymentView } from '@topay-support/protocol';

/**
 * The hand-off action is named exactly as the widget's button reads (`chat.toPerson`): 转人工客服,
 * 轉接真人客服, Talk to a person.
 *
 * What the assistant says around what it quotes, per reply language. Only framing lives here: every
 * fact in a reply comes from an article (or from the conversation's own payment), never from these
 * strings, so the assistant cannot state a policy, amount or date the merchant did not write.
 */
export const REPLY_LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type ReplyLocale = (typeof REPLY_LOCALES)[number];

interface Wording {
  /** Opens a quoted answer. */
  intro(title: string): string;
  /** Closes it: where the whole article is, and that a person is one tap away. */
  outro(title: string): string;
  /** No grounded answer: say so plainly and offer a person. */
  abstain: string;
  /** Too many turns, or the model failed and nothing grounded was found: people take over. */
  handedOff: string;
  status: Record<PaymentStatus, string>;
  reason: Record<PaymentReason, string>;
  payment(reference: string, status: string, reason: string | undefined): string;
}

const WORDING: Record<ReplyLocale, Wording> = {
  'zh-CN': {
    intro: (title) => `帮助中心《${title}》里是这样说的：`,
    outro: (title) => `完整说明请看文章《${title}》。如果还没解决，点「转人工客服」就能联系客服。`,
    abstain:
      '抱歉，帮助中心里没有能回答这个问题的内容，我不想随便猜。需要的话，点「转人工客服」，由工作人员为你解答。',
    handedOff: '我已经把对话转给人工客服，他们会看到我们之前的全部对话。',
    status: {
      pending: '待支付',
      processing: '处理中',
      succeeded: '支付成功',
      failed: '支付失败',
      refunded: '已退款',
      partially_refunded: '部分退款',
      disputed: '争议处理中',
      cancelled: '已取消',
    },
    reason: {
      insufficient_funds: '余额不足：请确认账户余额，或换一张卡再试',
      card_declined: '银行卡被拒：请联系发卡行确认已开通网上支付，或换一张卡',
      expired_card: '卡片已过期：请更新卡片信息或换一张卡',
      risk_blocked: '被风控拦截：建议 30 分钟后再试',
      incorrect_cvc: '安全码错误：请核对后重试',
      authentication_failed: '验证未通过：请重新获取验证码后尽快输入',
      processing_error: '处理出错：请稍后重试',
      cancelled_by_customer: '已由你取消',
    },
    payment: (reference, status, reason) =>
      `你在这个对话里询问的付款 ${reference} 当前状态：${status}${reason ? `（${reason}）` : ''}。`,
  },
  'zh-TW': {
    intro: (title) => `說明中心《${title}》是這樣說的：`,
    outro: (title) => `完整說明請看文章《${title}》。如果還沒解決，點「轉接真人客服」就能聯絡客服。`,
    abstain:
      '抱歉，說明中心裡沒有能回答這個問題的內容，我不想隨便猜。需要的話，點「轉接真人客服」，由專人為你解答。',
    handedOff: '我已經把對話轉給真人客服，他們會看到我們之前的全部對話。',
    status: {
      pending: '待付款',
      processing: '處理中',
      succeeded: '付款成功',
      failed: '付款失敗',
      refunded: '已退款',
      partially_refunded: '部分退款',
      disputed: '爭議處理中',
      cancelled: '已取消',
    },
    reason: {
      insufficient_funds: '餘額不足：請確認帳戶餘額，或改用其他卡片',
      card_declined: '銀行卡被拒：請聯絡發卡銀行確認已開通網路付款，或改用其他卡片',
      expired_card: '卡片已過期：請更新卡片資料或改用其他卡片',
      risk_blocked: '被風控攔截：建議 30 分鐘後再試',
      incorrect_cvc: '安全碼錯誤：請核對後重試',
      authentication_failed: '驗證未通過：請重新取得驗證碼後盡快輸入',
      processing_error: '處理出錯：請稍後重試',
      cancelled_by_customer: '已由你取消',
    },
    payment: (reference, status, reason) =>
      `你在這個對話裡詢問的付款 ${reference} 目前狀態：${status}${reason ? `（${reason}）` : ''}。`,
  },
  en: {
    intro: (title) => `Our help article “${title}” says:`,
    outro: (title) =>
      `The whole article “${title}” has the details. If this did not solve it, tap “Talk to a person”.`,
    abstain:
      "Sorry, I couldn't find an answer to that in our help center, and I'd rather not guess. Tap “Talk to a person” and someone from our team will help you.",
    handedOff: "I've passed this conversation to our team; they will see everything we said so far.",
    // Whole predicates: "… demo-declined, did not go through", never "is failed".
    status: {
      pending: 'is pending',
      processing: 'is being processed',
      succeeded: 'went through',
      failed: 'did not go through',
      refunded: 'was refunded',
      partially_refunded: 'was partly refunded',
      disputed: 'is disputed',
      cancelled: 'was cancelled',
    },
    reason: {
      insufficient_funds: 'insufficient funds: check your balance, or try another card',
      card_declined: 'declined by your bank: ask your bank to allow online payments, or use another card',
      expired_card: 'the card has expired: update the card details or use another card',
      risk_blocked: 'stopped by a security check: wait 30 minutes and try again',
      incorrect_cvc: 'wrong security code: check it and try again',
      authentication_failed: 'verification failed: request a new code and enter it right away',
      processing_error: 'a processing error: try again in a few minutes',
      cancelled_by_customer: 'cancelled by you',
    },
    payment: (reference, status, reason) =>
      `The payment you asked about in this conversation, ${reference}, ${status}${reason ? ` (${reason})` : ''}.`,
  },
};

export function wording(locale: ReplyLocale): Wording {
  return WORDING[locale];
}

/**
 * One line about the conversation's own payment (attached with proof of ownership): status, reason
 * and what to try. Never card data, never an amount the article did not state: only what the
 * visitor's own payment look-up shows.
 */
export function paymentLine(payment: PaymentView, locale: ReplyLocale): string {
  const words = wording(locale);
  const reason = payment.reason ? words.reason[payment.reason] : undefined;
  return words.payment(payment.reference, words.status[payment.status], reason);
}
