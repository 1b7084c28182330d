/** `huiwu face compare <imageA> <imageB> [--json]` and `huiwu face compare --pairs <pairs.csv> --json`. */
export interface FaceCliOptions {
  pairs?: string;
  json?: boolean;
}

export async function runFace(action: string, _images: string[], _opts: FaceCliOptions): Promise<void> {
  console.error(`huiwu face ${action}: not built yet`);
  process.exit(2);
}
