import { describe, expect, it } from 'vitest';
import { isOriginAllowed, isValidOriginPattern } from '../src/features/merchants/origins.js';

describe('isOriginAllowed', () => {
  const demo = ['http://localhost:*', 'http://127.0.0.1:*'];

  it('matches port wildcards for the demo origins', () => {
    expect(isOriginAllowed('http://localhost:5173', demo)).toBe(true);
    expect(isOriginAllowed('http://localhost', demo)).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:8787', demo)).toBe(true);
    expect(isOriginAllowed('https://localhost:5173', demo)).toBe(false);
    expect(isOriginAllowed('http://localhost.evil.example:80', demo)).toBe(false);
  });

  it('matches exact origins with default ports', () => {
    expect(isOriginAllowed('https://shop.example', ['https://shop.example'])).toBe(true);
    expect(isOriginAllowed('https://shop.example:443', ['https://shop.example'])).toBe(false); // not a serialised origin
    expect(isOriginAllowed('https://shop.example:8443', ['https://shop.example'])).toBe(false);
    expect(isOriginAllowed('https://evilshop.example', ['https://shop.example'])).toBe(false);
  });

  it('matches subdomain wildcards but not the bare domain or look-alikes', () => {
    const patterns = ['https://*.shop.example'];
    expect(isOriginAllowed('https://eu.shop.example', patterns)).toBe(true);
    expect(isOriginAllowed('https://shop.example', patterns)).toBe(false);
    expect(isOriginAllowed('https://evil-shop.example', patterns)).toBe(false);
  });

  it('refuses garbage and the null origin', () => {
    expect(isOriginAllowed('null', demo)).toBe(false);
    expect(isOriginAllowed('', demo)).toBe(false);
    expect(isOriginAllowed('http://localhost:5173/path', demo)).toBe(false);
  });

  it('validates patterns', () => {
    expect(isValidOriginPattern('https://*.shop.example')).toBe(true);
    expect(isValidOriginPattern('http://localhost:*')).toBe(true);
    expect(isValidOriginPattern('shop.example')).toBe(false);
    expect(isValidOriginPattern('https://shop.example/path')).toBe(false);
  });
});
