import { readPlates } from '../../engines/plates/read-plates.js';
import type { PlateReaderPort } from './record-passage.js';

/**
 * The plate reader engine behind the vehicles' port: for a camera that sends only an image (no on-board ANPR),
 * the most confident plate of the first image. An image the engine refuses reads as no plate.
 */
export const enginePlateReader: PlateReaderPort = {
  async readPlate(jpeg) {
    const reading = await readPlates(jpeg);
    const best = [...reading.plates].sort((a, b) => b.confidence - a.confidence)[0];
    return best ? { text: best.text, confidence: best.confidence } : null;
  },
};
