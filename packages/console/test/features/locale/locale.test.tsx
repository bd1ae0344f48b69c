import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectLocale, LOCALE_STORAGE_KEY } from '../../../src/features/locale/detect.js';
import { mountForTest, type TestConsole } from '../../dom.js';

// No server needed: nothing here leaves the login screen, and the form is never submitted.
const NO_SERVER = 'http://127.0.0.1:1';

let mounted: TestConsole | undefined;
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

describe('locale detection', () => {
  it('prefers the stored choice, then the browser language', () => {
    expect(detectLocale(localStorage, 'zh-TW')).toBe('zh-CN');
    expect(detectLocale(localStorage, 'zh')).toBe('zh-CN');
    expect(detectLocale(localStorage, 'en-GB')).toBe('en');
    expect(detectLocale(localStorage, 'fr-FR')).toBe('en');
    expect(detectLocale(localStorage, undefined)).toBe('en');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    expect(detectLocale(localStorage, 'zh-CN')).toBe('en');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'klingon');
    expect(detectLocale(localStorage, 'zh-CN')).toBe('zh-CN');
  });
});

describe('language switch', () => {
  it('starts in Chinese for a Chinese browser and sets <html lang>', async () => {
    mounted = mountForTest(NO_SERVER, { language: 'zh-CN' });
    expect(await screen.findByRole('heading', { name: '登录客服工作台' })).toBeTruthy();
    expect(screen.getByLabelText('邮箱')).toBeTruthy();
    expect(screen.getByRole('button', { name: '登录' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe('客服工作台 · Topay Support');
  });

  it('changes every text on the login screen and is remembered on the next visit', async () => {
    mounted = mountForTest(NO_SERVER, { language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Sign in to the agent console' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');

    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } });
    expect(await screen.findByRole('heading', { name: '登录客服工作台' })).toBeTruthy();
    expect(screen.getByLabelText('密码')).toBeTruthy();
    expect(screen.queryByText('Sign in')).toBeNull();
    expect(document.documentElement.lang).toBe('zh-CN');

    mounted.dispose();
    mounted = mountForTest(NO_SERVER, { language: 'en' });
    expect(await screen.findByRole('heading', { name: '登录客服工作台' })).toBeTruthy();
  });

  it('translates a shown error when the language changes', async () => {
    mounted = mountForTest(NO_SERVER, { language: 'en' });
    fireEvent.input(await screen.findByLabelText('Email'), { target: { value: 'agent@demo.test' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'whatever' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Can’t reach the server. Check your connection and try again.',
    );
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } });
    expect((await screen.findByRole('alert')).textContent).toBe('无法连接服务器，请检查网络后重试。');
  });
});
