/** Typing signals are volatile and throttled: one "still typing" per conversation every 2 s at most. */
const TYPING_INTERVAL_MS = 2000;

export function typingThrottle() {
  const last = new Map<string, number>();
  return (conversationId: string, typing: boolean): boolean => {
    if (!typing) {
      last.delete(conversationId);
      return true;
    }
    const now = Date.now();
    if (now - (last.get(conversationId) ?? 0) < TYPING_INTERVAL_MS) return false;
    last.set(conversationId, now);
    return true;
  };
}
