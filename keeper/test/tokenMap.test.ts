/**
 * The versioned token map (keeper/fixtures/token-map.json) against the deployment configs: on every real network
 * each mapped provider id names a token of that network's config (a typo would feed the methodology another
 * token's market cap), and on the local stack every token of the universe is mapped and resolves.
 */
import { describe, expect, it } from "vitest";
import { getAddress } from "ethers";
import { NETWORK_CONFIGS } from "../../deploy/config/networks/index.js";
import { LOCAL_TOKENS } from "../../deploy/config/localhost.js";
import { readTokenMap } from "../src/providers.js";

const PATH = "keeper/fixtures/token-map.json";
/** The provider id of each symbol the real configs use. */
const ID_OF: Record<string, string> = {
  WETH: "ethereum",
  WBTC: "bitcoin",
  cbBTC: "bitcoin",
  LINK: "chainlink",
  USDC: "usd-coin",
};

describe("the token map", () => {
  for (const config of Object.values(NETWORK_CONFIGS)) {
    it(`maps every token of ${config.name}'s config, and only those`, async () => {
      const { tokens } = await readTokenMap(PATH, config.name);
      const expected = Object.fromEntries(config.assets.map((a) => [ID_OF[a.symbol]!, getAddress(a.token)]));
      expect(Object.fromEntries(Object.entries(tokens).map(([id, t]) => [id, getAddress(t.address!)]))).toEqual(
        expected,
      );
      expect(
        Object.entries(tokens)
          .filter(([, t]) => t.stablecoin === true)
          .map(([id]) => id),
      ).toEqual(["usd-coin"]);
    });
  }

  it("maps every token of the local stack by its manifest symbol", async () => {
    const address = new Map(LOCAL_TOKENS.map((t, i) => [t.symbol, `0x${(i + 1).toString(16).padStart(40, "0")}`]));
    const symbolOf = new Map([...address].map(([s, a]) => [a, s]));
    const { tokens } = await readTokenMap(PATH, "localhost", (s) => address.get(s));
    const symbols = Object.values(tokens).map((t) => symbolOf.get(t.address));
    expect(symbols.sort()).toEqual(LOCAL_TOKENS.map((t) => t.symbol).sort());
  });
});
