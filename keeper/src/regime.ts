import { readFile } from "node:fs/promises";
import type { DesiredRegime, RegimeSource } from "./types.js";

/**
 * The methodologist's regime call from a JSON file: `{ "default": "risk-on", "<vault address>": "risk-off" }`.
 * Locally, editing the file is how a user triggers a regime switch; the file is re-read every pass.
 */
export class FileRegimeSource implements RegimeSource {
  constructor(private readonly path: string) {}

  async desired(vault: string): Promise<DesiredRegime | undefined> {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(await readFile(this.path, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`cannot read the regime file ${this.path}: ${(err as Error).message}`);
    }
    const entry = Object.entries(json).find(([k]) => k.toLowerCase() === vault.toLowerCase())?.[1] ?? json.default;
    if (entry === undefined) return undefined;
    if (entry !== "risk-on" && entry !== "risk-off") {
      throw new Error(
        `${this.path}: the regime of ${vault} must be "risk-on" or "risk-off", got ${JSON.stringify(entry)}`,
      );
    }
    return entry;
  }
}
