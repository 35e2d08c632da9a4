import { expect } from "chai";
import { Contract, parseUnits } from "ethers";
import { network } from "hardhat";
import { DEX } from "../../deploy/config/localhost.js";
import { deployLocalDex } from "../fixtures/dex.js";
import { buildManifest } from "../fixtures/manifest.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { UNISWAP_ARTIFACTS } from "../../deploy/lib/uniswap.js";
import { createLogger } from "../../keeper/src/log.js";
import { seededRandom } from "../../local/priceWalk.js";
import { PriceSimulator, simulatorTargets } from "../../local/simulator.js";
import { IndexRouter__factory, MockV3Aggregator__factory } from "../../types/ethers-contracts/index.js";

describe("local price simulator", function () {
  it("moves every feed and swaps every pool to the new oracle price, so one-asset mints stay near NAV", async function () {
    const { ethers } = await network.create();
    const [deployer, sim, user] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address] });
    const dex = await deployLocalDex(deployer!, d, [user!]);
    const manifest = buildManifest(
      d,
      { network: "hardhat", chainId: 31337, rpcUrl: "", startBlock: 0 },
      { dex: { ...dex, poolFee: DEX.poolFee } },
    );
    const simulator = new PriceSimulator(
      simulatorTargets(manifest, "the test manifest"),
      sim!,
      0.05,
      seededRandom(7),
      createLogger("error", {}, () => undefined),
    );
    await simulator.prepare();

    const before = await Promise.all(
      d.tokens.map((t) => MockV3Aggregator__factory.connect(t.feed, deployer).latestAnswer()),
    );
    for (let i = 0; i < 3; i++) await simulator.step();
    const after = await Promise.all(
      d.tokens.map((t) => MockV3Aggregator__factory.connect(t.feed, deployer).latestAnswer()),
    );
    const moved = d.tokens.filter((t, i) => t.symbol !== "USDC" && after[i] !== before[i]);
    expect(moved.length).to.equal(d.tokens.length - 1);

    // Every pool's mid price equals the oracle price ratio (to 0.01 %): read it from slot0.
    const usdc = d.tokens.find((t) => t.symbol === "USDC")!;
    for (const [i, t] of d.tokens.entries()) {
      if (t.symbol === "USDC") continue;
      const pool = new Contract(manifest.pools!.bySymbol[t.symbol]!, UNISWAP_ARTIFACTS.pool().abi, deployer);
      const [sqrtP] = (await pool.getFunction("slot0")()) as [bigint];
      const token0IsT = BigInt(t.address) < BigInt(usdc.address);
      // price = (sqrtP / 2^96)^2 = token1 per token0 in base units; USD price of t in 8 decimals:
      const ratio = (sqrtP * sqrtP * 10n ** 36n) >> 192n; // token1 base units per token0 base unit, x1e36
      const usdcPerTX36 = token0IsT ? ratio : 10n ** 72n / ratio;
      // USDC base units per base unit of t (x1e36) -> USD per whole t with 8 decimals.
      const poolPrice = (usdcPerTX36 * 10n ** BigInt(t.decimals) * 10n ** 8n) / (10n ** 6n * 10n ** 36n);
      const oracle = after[i]!;
      const diff = poolPrice > oracle ? poolPrice - oracle : oracle - poolPrice;
      expect(diff * 10_000n <= oracle).to.equal(true, `${t.symbol}: pool ${poolPrice} vs oracle ${oracle}`);
    }

    // With pools at the new prices, a USDC mint through the router still succeeds within the 2 % oracle band.
    const router = IndexRouter__factory.connect(dex.indexRouter, user);
    const latest = await ethers.provider.getBlock("latest");
    await (
      await router.mintWithToken(
        d.demoIndex,
        usdc.address,
        parseUnits("1", 18),
        parseUnits("300", 6),
        user!.address,
        latest!.timestamp + 600,
      )
    ).wait();
  });
});
