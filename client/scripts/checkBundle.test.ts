import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBundle, measureBundle } from './checkBundle.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A built client in miniature: a manifest and chunk files of the given sizes (random, so gzip cannot shrink them). */
function fakeDist(chunks: Record<string, { bytes: number; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.vite'));
  mkdirSync(path.join(dir, 'assets'));
  const manifest: Record<string, unknown> = {};
  for (const [key, { bytes, ...rest }] of Object.entries(chunks)) {
    const file = `assets/${key.replace(/^_/, '').replace(/\.(html|js)$/, '')}.js`;
    writeFileSync(path.join(dir, file), randomBytes(bytes));
    manifest[key] = { file, ...rest };
  }
  writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('the entry chunk budget', () => {
  it('passes an entry under budget and counts its static imports, not its lazy ones, in the first load', () => {
    const dist = fakeDist({
      'index.html': { bytes: 20_000, isEntry: true, imports: ['_vendor.js'], dynamicImports: ['_Lazy.js'] },
      '_vendor.js': { bytes: 30_000, imports: ['index.html'] },
      '_Lazy.js': { bytes: 90_000 },
    });
    const report = measureBundle(dist, 25_000);
    expect(report.withinBudget).toBe(true);
    expect(report.entryGzipBytes).toBeGreaterThan(20_000);
    expect(report.entryGzipBytes).toBeLessThan(25_000);
    expect(report.initialFiles.sort()).toEqual(['assets/index.js', 'assets/vendor.js']);
    expect(report.initialJsGzipBytes).toBeGreaterThan(50_000);
    expect(report.initialJsGzipBytes).toBeLessThan(60_000);
    expect(describeBundle(report)).toMatch(/entry chunk assets\/index\.js: 2\d\.\d\d kB gzipped \(budget 25\.00 kB\)/);
  });

  it('fails an entry over budget', () => {
    const dist = fakeDist({ 'index.html': { bytes: 30_000, isEntry: true } });
    expect(measureBundle(dist, 25_000).withinBudget).toBe(false);
  });

  it('refuses a manifest without exactly one entry', () => {
    const dist = fakeDist({ '_a.js': { bytes: 10 } });
    expect(() => measureBundle(dist)).toThrow(/expected one entry chunk/);
  });
});
