import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Noto Sans SC, regular and bold, from its npm package (@expo-google-fonts/noto-sans-sc): the font every printed
 * page embeds (pdfkit subsets it). It writes Han, kana, Latin and Cyrillic. Read once per process: each file is
 * about 10 MB.
 */
export interface NotoSansSc {
  regular: Buffer;
  bold: Buffer;
}

const require = createRequire(import.meta.url);
let cached: NotoSansSc | null = null;

export function notoSansSc(): NotoSansSc {
  if (cached) return cached;
  const read = (spec: string) => {
    try {
      return readFileSync(require.resolve(spec));
    } catch {
      throw new Error('Noto Sans SC (@expo-google-fonts/noto-sans-sc) is not installed');
    }
  };
  cached = {
    regular: read('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    bold: read('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  };
  return cached;
}
