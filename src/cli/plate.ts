/** `huiwu plate read <image>... [--json]`. */
export interface PlateCliOptions {
  json?: boolean;
}

export async function runPlate(action: string, _images: string[], _opts: PlateCliOptions): Promise<void> {
  console.error(`huiwu plate ${action}: not built yet`);
  process.exit(2);
}
