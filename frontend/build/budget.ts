/**
 * The first-load budget: gzipped JavaScript a browser fetches to show the first page (the indices list at `/`).
 * That is the entry chunk and every chunk it imports statically, plus the `/` screen's lazy chunk and its static
 * imports (the router loads it before the first paint). Other screens, charts and WalletConnect are lazy chunks
 * fetched later and are not counted. Read from Vite's build manifest (`.vite/manifest.json`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** At most this many gzipped bytes of JavaScript on the first page load. */
export const FIRST_LOAD_BUDGET_BYTES = 200 * 1024;

/** The source of the screen served at `/`. */
export const FIRST_SCREEN = "src/screens/IndicesScreen.tsx";

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface FirstLoad {
  /** Gzipped bytes per JavaScript file of the first load. */
  files: { file: string; gzipBytes: number }[];
  totalGzipBytes: number;
}

/** Measures the first load of the build in `distDir`. */
export function measureFirstLoad(distDir: string): FirstLoad {
  const manifest = JSON.parse(readFileSync(join(distDir, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry === true);
  if (entries.length !== 1) throw new Error(`expected one entry chunk in the build manifest, found ${entries.length}`);
  if (manifest[FIRST_SCREEN] === undefined) throw new Error(`${FIRST_SCREEN} is not a chunk of the build`);
  const keys = new Set<string>();
  const visit = (key: string): void => {
    if (keys.has(key)) return;
    const chunk = manifest[key];
    if (chunk === undefined) throw new Error(`the build manifest has no chunk ${key}`);
    keys.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entries[0]![0]);
  visit(FIRST_SCREEN);
  const files = [...keys]
    .map((key) => manifest[key]!.file)
    .filter((file) => file.endsWith(".js"))
    .map((file) => ({ file, gzipBytes: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length }));
  return { files, totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

export function describeFirstLoad(load: FirstLoad): string {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  return (
    `first load: ${kb(load.totalGzipBytes)} gzipped JavaScript (budget ${kb(FIRST_LOAD_BUDGET_BYTES)}) in ` +
    `${load.files.length} files: ${load.files.map((f) => `${f.file} ${kb(f.gzipBytes)}`).join(", ")}`
  );
}
