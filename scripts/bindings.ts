/**
 * Generates the contract bindings every consumer imports (keeper, deploy, governance CLI, tests, subgraph, dApp)
 * from the Hardhat artifacts, so nothing copies an ABI by hand:
 *
 *   bindings/abis/<Name>.ts      `export const <Name>Abi = [...] as const`, one module per contract (viem / wagmi /
 *                                abitype infer types from it; a bundler keeps each ABI in the chunks that use it)
 *   bindings/abis/allErrors.ts   `allErrorsAbi` (every custom error, one per selector) and `errorDeclaredBy` (selector
 *                                -> deployable contracts that declare it)
 *   bindings/abis.ts             re-exports all of them, plus `abis` by name and `localMockNames`
 *   bindings/json/<Name>.json    the same ABIs as plain JSON arrays, for graph-cli
 *   bindings/json/mocks/...      the test doubles the local stack deploys (MockERC20, MockERC20Permit, MockV3Aggregator)
 *
 *   tsx scripts/bindings.ts          write them (npm run bindings; `npm run build` and `typecheck` run it)
 *   tsx scripts/bindings.ts --check  exit 1 when bindings/ differs from what the artifacts give (npm test runs it)
 *
 * Which artifacts: every contract, interface and library under contracts/ with a non-empty ABI, except
 * contracts/mocks/ (test doubles); plus LOCAL_MOCKS. bench/ and test/ contracts are never included. Run
 * `hardhat build` first: this reads artifacts/, it does not compile.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { id } from "ethers";
import * as prettier from "prettier";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Test doubles the local stack deploys (`npm start`): their ABIs are generated too, marked as local only. */
export const LOCAL_MOCKS = [
  "contracts/mocks/MockERC20.sol:MockERC20",
  "contracts/mocks/MockERC20Permit.sol:MockERC20Permit",
  "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol:MockV3Aggregator",
];

interface AbiParam {
  readonly name: string;
  readonly type: string;
  readonly components?: readonly AbiParam[];
}
export interface AbiItem {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: readonly AbiParam[];
  readonly [key: string]: unknown;
}

export interface ContractAbi {
  name: string;
  /** `<source>:<contract>`, as in the artifact. */
  fqn: string;
  abi: AbiItem[];
  /** True when the artifact has creation bytecode (a contract or library, not an interface or abstract contract). */
  deployable: boolean;
  /** One of LOCAL_MOCKS: deployed by the local stack only. */
  localMock: boolean;
}

function artifactFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "build-info" ? [] : artifactFiles(path);
    return e.name.endsWith(".json") ? [path] : [];
  });
}

/** The contracts whose bindings are generated, read from `artifactsDir`, mocks last, each group by name. */
export function collectContracts(artifactsDir = join(ROOT, "artifacts")): ContractAbi[] {
  const found: ContractAbi[] = [];
  for (const file of artifactFiles(artifactsDir)) {
    const artifact = JSON.parse(readFileSync(file, "utf8")) as {
      contractName?: unknown;
      sourceName?: unknown;
      abi?: unknown;
      bytecode?: unknown;
    };
    if (typeof artifact.contractName !== "string" || typeof artifact.sourceName !== "string") continue;
    if (!Array.isArray(artifact.abi)) continue;
    const fqn = `${artifact.sourceName}:${artifact.contractName}`;
    const localMock = LOCAL_MOCKS.includes(fqn);
    const own = artifact.sourceName.startsWith("contracts/") && !artifact.sourceName.startsWith("contracts/mocks/");
    if (!localMock && !(own && artifact.abi.length > 0)) continue;
    found.push({
      name: artifact.contractName,
      fqn,
      abi: artifact.abi as AbiItem[],
      deployable: typeof artifact.bytecode === "string" && artifact.bytecode.length > 2,
      localMock,
    });
  }
  const missing = LOCAL_MOCKS.filter((fqn) => !found.some((c) => c.fqn === fqn));
  if (missing.length > 0) {
    throw new Error(`no artifact for ${missing.join(", ")} in ${artifactsDir}: run \`npx hardhat build\` first`);
  }
  const byName = new Map<string, string>();
  for (const c of found) {
    const other = byName.get(c.name);
    if (other !== undefined) throw new Error(`two contracts are named ${c.name} (${other}, ${c.fqn}): rename one`);
    byName.set(c.name, c.fqn);
  }
  const order = (a: ContractAbi, b: ContractAbi): number =>
    Number(a.localMock) - Number(b.localMock) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return found.sort(order);
}

/** Canonical type of a parameter (tuples spelled out), as selectors hash it. */
function canonicalType(p: AbiParam): string {
  if (!p.type.startsWith("tuple")) return p.type;
  return `(${(p.components ?? []).map(canonicalType).join(",")})${p.type.slice("tuple".length)}`;
}

/** `Name(type,…)` of an error, as its selector hashes it. */
export function errorSignature(error: AbiItem): string {
  return `${error.name}(${(error.inputs ?? []).map(canonicalType).join(",")})`;
}

export function errorSelector(error: AbiItem): string {
  return id(errorSignature(error)).slice(0, 10);
}

/**
 * Every custom error of `contracts`, one per selector (the first contract in order gives the parameter names; a
 * deployable contract before an interface), sorted by name then selector; and the deployable contracts declaring each.
 */
export function mergeErrors(contracts: ContractAbi[]): { errors: AbiItem[]; declaredBy: Record<string, string[]> } {
  const bySelector = new Map<string, AbiItem>();
  const declaredBy: Record<string, string[]> = {};
  const ordered = [...contracts.filter((c) => c.deployable), ...contracts.filter((c) => !c.deployable)];
  for (const c of ordered) {
    for (const item of c.abi) {
      if (item.type !== "error") continue;
      const selector = errorSelector(item);
      const known = bySelector.get(selector);
      if (known !== undefined && known.name !== item.name) {
        throw new Error(`selector ${selector} of ${c.name}.${item.name} is also ${known.name}'s: rename one`);
      }
      if (known === undefined) bySelector.set(selector, item);
      if (c.deployable) {
        const list = (declaredBy[selector] ??= []);
        if (!list.includes(c.name)) list.push(c.name);
      }
    }
  }
  const errors = [...bySelector.entries()]
    .sort(([sa, a], [sb, b]) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : sa < sb ? -1 : 1))
    .map(([, e]) => e);
  const sortedDeclaredBy = Object.fromEntries(
    errors.map((e) => {
      const s = errorSelector(e);
      return [s, [...(declaredBy[s] ?? [])].sort()];
    }),
  );
  return { errors, declaredBy: sortedDeclaredBy };
}

const HEADER = `// GENERATED by scripts/bindings.ts from the Hardhat artifacts: do not edit. Regenerate with \`npm run bindings\`
// (\`npm run build\` and \`npm run typecheck\` do it too); \`npm test\` fails while this file is stale.
`;

/** The module holding `allErrorsAbi` and `errorDeclaredBy`, next to the per-contract modules in `abis/`. */
const ERRORS_MODULE = "allErrors";

/**
 * The generated files, by path relative to the bindings folder. Each ABI is a module of its own (`abis/<Name>.ts`)
 * so a bundler splits them like any module: a dApp screen's chunk carries only the ABIs it uses, not every ABI some
 * screen uses. `abis.ts` re-exports them all (and `abis`, `localMockNames`, the merged errors) for every consumer.
 */
export async function renderBindings(contracts: ContractAbi[]): Promise<Map<string, string>> {
  const clash = contracts.find((c) => c.name.toLowerCase() === ERRORS_MODULE.toLowerCase());
  if (clash !== undefined) throw new Error(`${clash.fqn} is named like bindings/abis/${ERRORS_MODULE}.ts: rename it`);
  const files = new Map<string, string>();
  const own = contracts.filter((c) => !c.localMock);
  const mocks = contracts.filter((c) => c.localMock);
  const { errors, declaredBy } = mergeErrors(contracts);
  const options = (await prettier.resolveConfig(join(ROOT, "bindings", "abis.ts"))) ?? {};
  const add = async (path: string, source: string): Promise<void> => {
    files.set(path, await prettier.format(source, { ...options, filepath: join(ROOT, "bindings", path) }));
  };
  for (const c of contracts) {
    await add(
      `abis/${c.name}.ts`,
      `${HEADER}\n/** \`${c.fqn}\`${c.localMock ? " (LOCAL STACK ONLY: a test double, never deployed on a real network)" : ""} */\n` +
        `export const ${c.name}Abi = ${JSON.stringify(c.abi)} as const;\n`,
    );
  }
  await add(
    `abis/${ERRORS_MODULE}.ts`,
    [
      HEADER,
      `/**\n * Every custom error of every contract in bindings/abis/, one per selector: decode any revert data with it,\n` +
        ` * including an error raised by one contract inside another (PriceOracle through IndexRouter, the timelock\n` +
        ` * through the governor, a token's ERC-20 error through a vault). Error(string) and Panic(uint256) are built\n` +
        ` * into decoders.\n */\n` +
        `export const allErrorsAbi = ${JSON.stringify(errors)} as const;\n`,
      `/** Selector of each error in \`allErrorsAbi\` -> the deployable contracts whose ABI declares it (inherited too). */\n` +
        `export const errorDeclaredBy: Readonly<Record<string, readonly string[]>> = {\n${errors
          .map((e) => {
            const selector = errorSelector(e);
            return `  // ${errorSignature(e)}\n  ${JSON.stringify(selector)}: ${JSON.stringify(declaredBy[selector])},\n`;
          })
          .join("")}};\n`,
    ].join("\n"),
  );
  const importOf = (c: ContractAbi): string => `import { ${c.name}Abi } from "./abis/${c.name}.js";\n`;
  await add(
    "abis.ts",
    [
      HEADER,
      `// Every ABI, from its own module in abis/ (import from here; bundlers still split by those modules).\n`,
      `// The protocol's contracts, interfaces and libraries (contracts/, outside contracts/mocks/).\n` +
        own.map(importOf).join(""),
      `// LOCAL STACK ONLY: test doubles \`npm start\` deploys (demo basket tokens and their Chainlink feeds).\n` +
        mocks.map(importOf).join(""),
      `export { ${contracts.map((c) => `${c.name}Abi`).join(", ")} };\n`,
      `export { allErrorsAbi, errorDeclaredBy } from "./abis/${ERRORS_MODULE}.js";\n`,
      `/** Every ABI by contract name. */\nexport const abis = {${contracts
        .map((c) => `${c.name}: ${c.name}Abi`)
        .join(", ")}} as const;\n`,
      `export type ContractName = keyof typeof abis;\n`,
      `/** Names of the test doubles among \`abis\` (local stack only). */\n` +
        `export const localMockNames = ${JSON.stringify(mocks.map((c) => c.name))} as const;\n`,
    ].join("\n"),
  );
  for (const c of contracts) {
    files.set(join("json", ...(c.localMock ? ["mocks"] : []), `${c.name}.json`), JSON.stringify(c.abi, null, 2) + "\n");
  }
  return files;
}

/** Generated files under `dir` today (abis.ts, abis/** and json/**), relative to it. */
function generatedOnDisk(dir: string): string[] {
  const walk = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(d, e.name)) : [relative(dir, join(d, e.name))],
        )
      : [];
  return [
    ...(existsSync(join(dir, "abis.ts")) ? ["abis.ts"] : []),
    ...walk(join(dir, "abis")),
    ...walk(join(dir, "json")),
  ];
}

/** Paths (relative to `dir`) that are missing, differ from `files`, or should no longer exist. */
export function staleFiles(dir: string, files: Map<string, string>): string[] {
  const stale = [...files].filter(([path, text]) => {
    const full = join(dir, path);
    return !existsSync(full) || readFileSync(full, "utf8") !== text;
  });
  const extra = generatedOnDisk(dir).filter((path) => !files.has(path));
  return [...stale.map(([path]) => path), ...extra].sort();
}

/** Writes `files` under `dir` and removes generated files that no longer belong there. Returns what changed. */
export function writeBindings(dir: string, files: Map<string, string>): string[] {
  const changed = staleFiles(dir, files);
  for (const path of changed) {
    const full = join(dir, path);
    const text = files.get(path);
    if (text === undefined) {
      rmSync(full);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return changed;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const dir = join(ROOT, "bindings");
  const files = await renderBindings(collectContracts());
  if (check) {
    const stale = staleFiles(dir, files);
    if (stale.length > 0) {
      process.stderr.write(
        `bindings: ${stale.length} generated file(s) do not match the contracts' artifacts: ` +
          `${stale.map((p) => `bindings/${p}`).join(", ")}.\nRun \`npm run bindings\` (or \`npm run build\`) ` +
          `and commit bindings/.\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`bindings: up to date (${files.size} files)\n`);
    return;
  }
  const changed = writeBindings(dir, files);
  process.stdout.write(
    changed.length === 0
      ? `bindings: up to date (${files.size} files)\n`
      : `bindings: wrote ${changed.map((p) => `bindings/${p}`).join(", ")}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replaceAll("\\", "/"))) {
  main().catch((err: unknown) => {
    process.stderr.write(`bindings: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
