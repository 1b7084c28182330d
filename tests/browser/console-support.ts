import type { Browser, Page } from 'playwright-core';

export const PASSWORD = 'wuzhen-demo-2017';

/** Opens the console in a fresh page in the given locale and signs in through the login form. */
export async function consoleLogin(browser: Browser, baseUrl: string, email: string, locale = 'en-GB', hash = ''): Promise<Page> {
  const page = await browser.newPage({ locale });
  // fail a step with the locator it waited for, well before the test's own timeout
  page.setDefaultTimeout(20_000);
  await page.goto(`${baseUrl}/console${hash}`);
  const zh = locale.startsWith('zh');
  await page.getByLabel(zh ? '邮箱' : 'Email').fill(email);
  await page.getByLabel(zh ? '密码' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: zh ? '登录' : 'Log in' }).click();
  await page.getByRole('button', { name: zh ? '退出' : 'Log out' }).waitFor();
  return page;
}

interface PublicProgramme {
  sessions: Array<{ id: number; code: string; roomId: number | null; startsAt: string }>;
}

/** The published programme as anyone reads it, to find session ids and rooms by code. */
export async function publishedSessions(baseUrl: string): Promise<Map<string, PublicProgramme['sessions'][number]>> {
  const res = await fetch(`${baseUrl}/api/v1/events/wic2017/programme`);
  const body = (await res.json()) as PublicProgramme;
  return new Map(body.sessions.map((s) => [s.code, s]));
}
