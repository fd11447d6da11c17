import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, parseSvg, rasterize } from './rasterize';

const svg = readFileSync(resolve(import.meta.dirname, '..', '..', 'resources', 'icon.svg'), 'utf8');

describe('icon rasterizer', () => {
  it('reads every shape of resources/icon.svg and refuses shapes it cannot draw', () => {
    expect(parseSvg(svg).shapes.length).toBe((svg.replace(/<!--[\s\S]*?-->/g, '').match(/<(rect|circle|ellipse|polygon)\s/g) ?? []).length);
    expect(() => parseSvg('<svg viewBox="0 0 8 8"><path d="M0 0" fill="#000000"/></svg>')).toThrow(/path/);
  });

  it('fills inside shapes, leaves the rest transparent and antialiases edges', () => {
    const drawing = parseSvg('<svg viewBox="0 0 4 4"><rect x="0" y="0" width="2" height="4" rx="0" fill="#ff0000"/></svg>');
    const px = rasterize(drawing, 4);
    expect([...px.slice(0, 4)]).toEqual([255, 0, 0, 255]);
    expect(px[3 * 4 + 3]).toBe(0);
    const half = rasterize(parseSvg('<svg viewBox="0 0 2 2"><rect x="0" y="0" width="1.5" height="2" rx="0" fill="#00ff00"/></svg>'), 2);
    expect(half[4 + 3]).toBe(128);
  });

  it('writes a PNG whose pixels decode back to the raster', () => {
    const rgba = rasterize(parseSvg(svg), 16);
    const png = encodePng(rgba, 16);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(16);
    const idatLength = png.readUInt32BE(33);
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    expect(rows.length).toBe(16 * (16 * 4 + 1));
    expect([...rows.subarray(1, 65)]).toEqual([...rgba.subarray(0, 64)]);
  });
});
