import { crc32, deflateSync } from 'node:zlib';

/**
 * A rasterizer for the few SVG shapes Candil's icon uses (rect with rx, circle, ellipse, polygon,
 * solid fills), so the icon set comes from one SVG without a native SVG renderer. Anything else in
 * the file is an error, never silently skipped.
 */
export type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; rx: number; fill: Rgb }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number; fill: Rgb }
  | { kind: 'polygon'; points: [number, number][]; fill: Rgb };

type Rgb = [number, number, number];

export interface Drawing {
  size: number;
  shapes: Shape[];
}

export function parseSvg(svg: string): Drawing {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!viewBox || viewBox[1] !== viewBox[2]) throw new Error('The icon needs a square viewBox starting at 0 0');
  const shapes: Shape[] = [];
  const body = svg.replace(/<!--[\s\S]*?-->/g, '');
  for (const [, tag, attrText] of body.matchAll(/<(\w+)\s([^>]*?)\/?>/g)) {
    if (tag === 'svg') continue;
    const attr = (name: string): string => {
      const value = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrText ?? '')?.[1];
      if (value === undefined) throw new Error(`<${tag}> lacks ${name}`);
      return value;
    };
    const num = (name: string) => Number(attr(name));
    const fill = hex(attr('fill'));
    if (tag === 'rect') shapes.push({ kind: 'rect', x: num('x'), y: num('y'), width: num('width'), height: num('height'), rx: num('rx'), fill });
    else if (tag === 'circle') shapes.push({ kind: 'ellipse', cx: num('cx'), cy: num('cy'), rx: num('r'), ry: num('r'), fill });
    else if (tag === 'ellipse') shapes.push({ kind: 'ellipse', cx: num('cx'), cy: num('cy'), rx: num('rx'), ry: num('ry'), fill });
    else if (tag === 'polygon') {
      const points = attr('points')
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split(',').map(Number) as [number, number]);
      shapes.push({ kind: 'polygon', points, fill });
    } else throw new Error(`The icon rasterizer does not draw <${tag}>`);
  }
  return { size: Number(viewBox[1]), shapes };
}

function hex(value: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  if (!match) throw new Error(`Fill ${value} is not #rrggbb`);
  return [parseInt(match[1] as string, 16), parseInt(match[2] as string, 16), parseInt(match[3] as string, 16)];
}

function inside(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'ellipse':
      return ((x - shape.cx) / shape.rx) ** 2 + ((y - shape.cy) / shape.ry) ** 2 <= 1;
    case 'rect': {
      if (x < shape.x || y < shape.y || x > shape.x + shape.width || y > shape.y + shape.height) return false;
      // Distance into the nearest corner's circle, if the point is in a corner square.
      const dx = Math.max(shape.x + shape.rx - x, x - (shape.x + shape.width - shape.rx), 0);
      const dy = Math.max(shape.y + shape.rx - y, y - (shape.y + shape.height - shape.rx), 0);
      return dx * dx + dy * dy <= shape.rx * shape.rx;
    }
    case 'polygon': {
      let odd = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i] as [number, number];
        const [xj, yj] = p[j] as [number, number];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
      return odd;
    }
  }
}

/** RGBA pixels, each the average of 4×4 samples (painter's order; outside every shape is transparent). */
export function rasterize(drawing: Drawing, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * pixels * 4);
  const scale = drawing.size / pixels;
  const n = 4;
  for (let py = 0; py < pixels; py++) {
    for (let px = 0; px < pixels; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) * scale;
          const y = (py + (sy + 0.5) / n) * scale;
          let color: Rgb | null = null;
          for (const shape of drawing.shapes) if (inside(shape, x, y)) color = shape.fill;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const i = (py * pixels + px) * 4;
      // Colors are averaged over covered samples only, so edges fade in alpha, not towards black.
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((a / (n * n)) * 255);
      }
    }
  }
  return out;
}

export function encodePng(rgba: Uint8Array, pixels: number): Buffer {
  const rows = Buffer.alloc(pixels * (pixels * 4 + 1));
  for (let y = 0; y < pixels; y++) {
    // Filter byte 0 (none) before each row.
    Buffer.from(rgba.buffer, rgba.byteOffset + y * pixels * 4, pixels * 4).copy(rows, y * (pixels * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
