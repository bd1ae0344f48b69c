import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS, isApiErrorBody, matchLocale } from '../src/index.js';

describe('matchLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh_SG', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh_tw', 'zh-TW'],
    ['zh-Hans-HK', 'zh-CN'],
    ['ar', 'ar'],
    ['ar-EG', 'ar'],
    ['ar-SA', 'ar'],
    ['arn', undefined],
    ['fr', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s', (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });
});

describe('API errors', () => {
  it('recognises the error body shape', () => {
    expect(isApiErrorBody({ error: { code: 'not_found', message: 'x' } })).toBe(true);
    expect(isApiErrorBody({ error: 'x' })).toBe(false);
    expect(isApiErrorBody(null)).toBe(false);
  });

  it('fixes the status of the contract codes (docs/agent-api.md)', () => {
    expect(API_ERROR_STATUS).toMatchObject({
      invalid_request: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      client_id_conflict: 409,
      too_large: 413,
      rate_limited: 429,
    });
  });
});
