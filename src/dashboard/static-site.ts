/**
 * Serves the built dashboard (web/dist, made by `npm run build:web`) from memory: index.html for
 * every page address (the app routes in the browser), hashed assets with a year of immutable
 * caching, gzip when the browser takes it, and a content security policy that allows only this
 * origin's scripts. Without a build, the pages say how to make one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Reply } from '../http/reply.ts';

export const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface StaticFile {
  readonly body: Buffer;
  readonly gzip: Buffer | null;
  readonly type: string;
}

export class StaticSite {
  private files = new Map<string, StaticFile>();
  private loadedAt = 0;

  constructor(private readonly dir: string = WEB_DIST) {
    this.load();
  }

  get built(): boolean {
    return this.files.has('index.html');
  }

  /** The page shell for any dashboard address. */
  page(acceptEncoding: string | undefined): Reply {
    this.reloadIfRebuilt();
    const index = this.files.get('index.html');
    if (index === undefined) return notBuilt();
    return this.reply(index, acceptEncoding, 'no-cache');
  }

  /** One built asset (`assets/<name>`), or null. */
  asset(path: string, acceptEncoding: string | undefined): Reply | null {
    const file = this.files.get(path);
    return file === undefined
      ? null
      : this.reply(file, acceptEncoding, 'public, max-age=31536000, immutable');
  }

  private reply(file: StaticFile, acceptEncoding: string | undefined, cache: string): Reply {
    const gzip = file.gzip !== null && /\bgzip\b/.test(acceptEncoding ?? '');
    return {
      status: 200,
      body: null,
      raw: gzip && file.gzip !== null ? file.gzip : file.body,
      headers: {
        'content-type': file.type,
        'cache-control': cache,
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
        ...SECURITY_HEADERS,
      },
    };
  }

  /** A rebuild while the server runs (e.g. `npm run build:web` in development) is picked up. */
  private reloadIfRebuilt(): void {
    const index = join(this.dir, 'index.html');
    if (existsSync(index) && statSync(index).mtimeMs > this.loadedAt) this.load();
  }

  private load(): void {
    const files = new Map<string, StaticFile>();
    if (existsSync(this.dir)) {
      for (const path of walk(this.dir)) {
        const ext = extname(path);
        const body = readFileSync(path);
        const name = relative(this.dir, path).split('\\').join('/');
        files.set(name, {
          body,
          gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
          type: TYPES[ext] ?? 'application/octet-stream',
        });
      }
      const index = join(this.dir, 'index.html');
      this.loadedAt = existsSync(index) ? statSync(index).mtimeMs : 0;
    }
    this.files = files;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function notBuilt(): Reply {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kindling</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>The dashboard is not built</h1>
<p>This checkout has not been built: run <code>npm run build</code> (<code>npm ci</code> does it), then reload.
The API is available meanwhile under <code>/api</code> and <code>/v1</code>.</p></body></html>`;
  return {
    status: 503,
    body: null,
    raw: Buffer.from(html),
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS },
  };
}
