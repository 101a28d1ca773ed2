/**
 * `npx tsx bot/teams/app-package/draw-icons.ts`: draws the Teams icons (icons.ts) into color.png and outline.png
 * next to this file, the files the app package is built from. Run it after changing the glyph or the colours.
 */
import { writeFileSync } from 'node:fs';
import { colorIcon, outlineIcon } from './icons';
import { ICON_FILES } from './package';
import { encodePng } from './png';

writeFileSync(ICON_FILES.color, encodePng(colorIcon()));
writeFileSync(ICON_FILES.outline, encodePng(outlineIcon()));
process.stdout.write(`Wrote ${ICON_FILES.color} and ${ICON_FILES.outline}\n`);
