/**
 * The Teams app's two icons, drawn from one glyph (a desktop monitor: a cloud desktop): the 192×192 colour icon, the
 * glyph on the accent colour, and the 32×32 outline icon, the glyph in white on transparent, as Teams requires.
 * `npx tsx bot/teams/app-package/draw-icons.ts` writes them next to this file; a test checks the committed files are
 * what this draws.
 */
import { COLOUR_TYPE, type Image } from './png';

/** Teams' sizes and the app's colours: the accent (manifest `accentColor`, the Slack app's background) and the screen. */
export const ICON_SIZE = { color: 192, outline: 32 } as const;
export const ACCENT_COLOR = '#232f3e';
const SCREEN_COLOR = '#ff9900';
const WHITE: Rgb = [255, 255, 255];

type Rgb = [number, number, number];

/** A shape in the glyph's own square, 0 to 1 on both axes. */
interface RoundedRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  radius: number;
}

/** The monitor: a frame (outer minus inner), its neck and its base. */
const FRAME_OUTER: RoundedRect = { left: 0, top: 0.05, right: 1, bottom: 0.72, radius: 0.08 };
const SCREEN: RoundedRect = { left: 0.09, top: 0.14, right: 0.91, bottom: 0.63, radius: 0.02 };
const NECK: RoundedRect = { left: 0.43, top: 0.72, right: 0.57, bottom: 0.87, radius: 0 };
const BASE: RoundedRect = { left: 0.25, top: 0.86, right: 0.75, bottom: 0.95, radius: 0.04 };

function inside(shape: RoundedRect, x: number, y: number): boolean {
  if (x < shape.left || x > shape.right || y < shape.top || y > shape.bottom) return false;
  const r = shape.radius;
  const cx = Math.min(Math.max(x, shape.left + r), shape.right - r);
  const cy = Math.min(Math.max(y, shape.top + r), shape.bottom - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

type Part = 'frame' | 'screen' | 'none';

function partAt(x: number, y: number): Part {
  if (inside(SCREEN, x, y)) return 'screen';
  if (inside(FRAME_OUTER, x, y) || inside(NECK, x, y) || inside(BASE, x, y)) return 'frame';
  return 'none';
}

/** 4×4 samples per pixel: how much of the pixel each part covers, for smooth edges. */
const SAMPLES = 4;

/** Draws the glyph into a size×size image whose glyph square starts `margin` pixels in from each side. */
function draw(size: number, margin: number, paint: (cover: Record<Part, number>) => [number, number, number, number]) {
  const rgba = new Uint8Array(size * size * 4);
  const span = size - 2 * margin;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const cover: Record<Part, number> = { frame: 0, screen: 0, none: 0 };
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES - margin) / span;
          const y = (py + (sy + 0.5) / SAMPLES - margin) / span;
          cover[partAt(x, y)] += 1 / SAMPLES ** 2;
        }
      }
      rgba.set(paint(cover), (py * size + px) * 4);
    }
  }
  return rgba;
}

function hex(color: string): Rgb {
  return [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16)) as Rgb;
}

/** The colour icon: opaque, the white monitor with an orange screen on the accent colour, a fifth of a margin. */
export function colorIcon(): Image {
  const size = ICON_SIZE.color;
  const background = hex(ACCENT_COLOR);
  const screen = hex(SCREEN_COLOR);
  const rgba = draw(size, Math.round(size * 0.2), (cover) => {
    const mixed = [0, 1, 2].map((c) =>
      Math.round(cover.none * background[c]! + cover.frame * WHITE[c]! + cover.screen * screen[c]!),
    );
    return [mixed[0]!, mixed[1]!, mixed[2]!, 255];
  });
  return { width: size, height: size, colourType: COLOUR_TYPE.rgb, rgba };
}

/** The outline icon: the monitor's frame in white, everything else (the screen included) transparent. */
export function outlineIcon(): Image {
  const size = ICON_SIZE.outline;
  const rgba = draw(size, 2, (cover) => [...WHITE, Math.round(cover.frame * 255)]);
  return { width: size, height: size, colourType: COLOUR_TYPE.rgba, rgba };
}
