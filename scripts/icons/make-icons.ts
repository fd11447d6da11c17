import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodePng, parseSvg, rasterize } from './rasterize';

/**
 * `npm run icons`: resources/icon.svg → build/icon.png (1024 px; electron-builder derives the
 * .icns and .ico from it) and build/icons/<n>x<n>.png for Linux desktops.
 */
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

export function makeIcons(projectDir: string): string[] {
  const drawing = parseSvg(readFileSync(join(projectDir, 'resources', 'icon.svg'), 'utf8'));
  const buildDir = join(projectDir, 'build');
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  const written = [join(buildDir, 'icon.png')];
  writeFileSync(written[0] as string, encodePng(rasterize(drawing, 1024), 1024));
  for (const size of LINUX_SIZES) {
    const file = join(buildDir, 'icons', `${size}x${size}.png`);
    writeFileSync(file, encodePng(rasterize(drawing, size), size));
    written.push(file);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const file of makeIcons(resolve(import.meta.dirname, '..', '..'))) console.log(`wrote ${file}`);
}
