/**
 * The Teams app package: a zip with manifest.json and the two icons at its root, which the Teams admin center (or
 * "Upload a custom app") takes. The icons are checked before they go in: Teams refuses a package whose icons have the
 * wrong size, and an outline icon that is not white on transparent looks broken in its app bar.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { ICON_SIZE } from './icons';
import { AppPackageError, buildManifest, ICON_NAMES, type ManifestInput, type TeamsManifest } from './manifest';
import { COLOUR_TYPE, decodePng, PngError } from './png';

/** The committed icons, drawn by draw-icons.ts. */
export const ICON_FILES = {
  color: path.join(__dirname, ICON_NAMES.color),
  outline: path.join(__dirname, ICON_NAMES.outline),
} as const;

export type IconKind = keyof typeof ICON_FILES;

/** Why an icon would be refused, or undefined when Teams takes it. */
export function iconProblem(kind: IconKind, file: Uint8Array): string | undefined {
  let image: ReturnType<typeof decodePng>;
  try {
    image = decodePng(file);
  } catch (error) {
    if (error instanceof PngError) return `the ${kind} icon is not a PNG this tool reads: ${error.message}`;
    throw error;
  }
  const size = ICON_SIZE[kind];
  if (image.width !== size || image.height !== size) {
    return `the ${kind} icon is ${image.width}×${image.height}; Teams wants ${size}×${size}`;
  }
  if (kind === 'outline') {
    if (image.colourType !== COLOUR_TYPE.rgba) return 'the outline icon has no transparency (it must be RGBA)';
    const { rgba } = image;
    for (let p = 0; p < rgba.length; p += 4) {
      const white = rgba[p] === 255 && rgba[p + 1] === 255 && rgba[p + 2] === 255;
      if (rgba[p + 3]! > 0 && !white) return 'the outline icon must be white on transparent: it has another colour';
    }
    const alphas = new Set(Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4 + 3]));
    if (!alphas.has(0) || ![...alphas].some((alpha) => alpha! > 0)) {
      return 'the outline icon must have both a white glyph and a transparent background';
    }
  }
  return undefined;
}

export interface AppPackage {
  manifest: TeamsManifest;
  /** The zip's bytes. */
  zip: Uint8Array;
}

/** The package for one deployment, from the committed icons (or others of the same kind, for tests). */
export function buildAppPackage(
  input: ManifestInput,
  readIcon: (kind: IconKind) => Uint8Array = (kind) => readFileSync(ICON_FILES[kind]),
): AppPackage {
  const manifest = buildManifest(input);
  const icons = { color: readIcon('color'), outline: readIcon('outline') };
  for (const kind of ['color', 'outline'] as const) {
    const problem = iconProblem(kind, icons[kind]);
    if (problem) throw new AppPackageError(problem);
  }
  // A fixed date, so the same input makes the same bytes.
  const mtime = new Date('2026-01-01T00:00:00Z');
  const zip = zipSync(
    {
      'manifest.json': [strToU8(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }],
      [ICON_NAMES.color]: [icons.color, { mtime, level: 0 }],
      [ICON_NAMES.outline]: [icons.outline, { mtime, level: 0 }],
    },
    { level: 9 },
  );
  return { manifest, zip };
}
