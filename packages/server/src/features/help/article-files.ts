import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTICLE_CATEGORIES, SUPPORTED_LOCALES } from '@topay-support/protocol';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import type { HelpArticleRecord } from '../../storage/help-articles.js';

export type ArticleFile = Omit<HelpArticleRecord, 'merchantId'>;

const frontMatter = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be lowercase words joined by dashes'),
  locale: z.enum(SUPPORTED_LOCALES),
  title: z.string().trim().min(1).max(200),
  category: z.enum(ARTICLE_CATEGORIES),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  /** Search-only words (what customers type that the article does not say). */
  keywords: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  published: z.boolean().default(true),
  updatedAt: z.iso.datetime({ offset: true }),
});

/** Parses one Markdown file with YAML front matter; the error names the file and the field at fault. */
export function parseArticleFile(text: string, fileName: string): ArticleFile {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${fileName}: missing front matter (a block between --- lines at the top)`);
  const result = frontMatter.safeParse(parseYaml(match[1]!));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${fileName}: ${issue.path.join('.') || 'front matter'}: ${issue.message}`);
  }
  const { updatedAt, ...meta } = result.data;
  return { ...meta, updatedAt: new Date(updatedAt).toISOString(), bodyMarkdown: match[2]!.trim() };
}

/** Reads every `*.md` below `dir` (one folder per locale, or flat). */
export async function readArticleFolder(dir: string): Promise<ArticleFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    files.map(async (file) => parseArticleFile(await readFile(file, 'utf8'), path.relative(dir, file))),
  );
}

/** The file form of an article: YAML front matter, then the Markdown body. Import reads it back unchanged. */
export function formatArticleFile(article: ArticleFile): string {
  const meta = {
    slug: article.slug,
    locale: article.locale,
    title: article.title,
    category: article.category,
    tags: article.tags,
    ...(article.keywords && article.keywords.length > 0 ? { keywords: article.keywords } : {}),
    published: article.published,
    updatedAt: article.updatedAt,
  };
  return `---\n${stringifyYaml(meta, { lineWidth: 0 }).trimEnd()}\n---\n${article.bodyMarkdown.trim()}\n`;
}

/** Writes articles as `<dir>/<locale>/<slug>.md`; returns the paths written. */
export async function writeArticleFolder(dir: string, articles: ArticleFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const article of articles) {
    const folder = path.join(dir, article.locale);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, `${article.slug}.md`);
    await writeFile(file, formatArticleFile(article));
    written.push(file);
  }
  return written;
}
