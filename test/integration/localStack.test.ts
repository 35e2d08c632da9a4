import { expect } from "chai";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseUnits } from "ethers";
import { network } from "hardhat";
import { DEMO_SEED_SHARES, LOCAL_TOKENS, MORE_INDICES, REBALANCING } from "../../deploy/config/localhost.js";
import { LOCAL_ACCOUNTS, LOCAL_STAND_INS, localhost } from "../../deploy/config/networks/localhost.js";
import { assertHandedOver } from "../../deploy/lib/networkFlow.js";
import { deployLocalStack } from "../../deploy/lib/local/stack.js";
import { contractAddress, indexByName, readManifest } from "../../manifest/index.js";
import {
  IndexVault__factory,
  MockERC20Permit__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";

describe("local stack (npm start) through the network flow", function () {
  it("deploys stand-ins, the protocol and the demo, hands over to the timelock, and re-runs as a no-op", async function () {
    const { ethers } = await network.create();
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-local-")), "localhost.json");
    const options = { manifestPath, network: "localhost", rpcUrl: "in-process", log: () => undefined };
    const first = await deployLocalStack(ethers.provider, options);
    expect(first.deployed).to.include.members(["PriceOracle", "Index", "IndexRouter", "UniswapSolver", "Governor"]);
    expect(first.differences).to.deep.equal([]);

    const manifest = await readManifest(manifestPath);
    expect(manifest.tokens.map((t) => t.address)).to.deep.equal(LOCAL_TOKENS.map((_, i) => LOCAL_STAND_INS.token(i)));
    expect(Object.keys(manifest.pools!.bySymbol)).to.have.length(LOCAL_TOKENS.length - 1);
    // Every stand-in token has EIP-2612 permit (MockERC20Permit: EIP-712 domain of its name, version "1"), so the
    // dApp's permit paths (one-asset trades, in-kind mint) show on the local stack.
    for (const [i, t] of LOCAL_TOKENS.entries()) {
      const token = MockERC20Permit__factory.connect(LOCAL_STAND_INS.token(i), ethers.provider);
      const domain = await token.eip712Domain();
      expect([domain.name, domain.version], t.symbol).to.deep.equal([t.name, "1"]);
      expect(await token.nonces(LOCAL_STAND_INS.deployer)).to.equal(0n);
    }
    expect(contractAddress(manifest, "UniswapV3SwapRouter")).to.equal(LOCAL_STAND_INS.swapRouter);
    const index = indexByName(manifest, "Index")!;
    expect(index.symbol).to.equal(localhost.index.symbol);
    const deployer = await ethers.provider.getSigner(LOCAL_ACCOUNTS.deployer);
    const vault = IndexVault__factory.connect(index.address, deployer);
    expect(await vault.balanceOf(deployer.address)).to.equal(parseUnits(DEMO_SEED_SHARES, 18));
    const ve = VeTMAI__factory.connect(contractAddress(manifest, "VeTMAI"), deployer);
    expect((await ve.locked(deployer.address)).amount).to.be.greaterThan(0n);

    // The other indices: created through the factory over their launch baskets, seeded, each under the Rebalancer
    // (its own config and upkeep period), each a reward token of the distributor.
    expect(manifest.indices.map((i) => i.name)).to.deep.equal(["Index", ...MORE_INDICES.map((m) => m.key)]);
    const rebalancer = Rebalancer__factory.connect(contractAddress(manifest, "Rebalancer"), deployer);
    const upkeep = RebalanceUpkeep__factory.connect(contractAddress(manifest, "RebalanceUpkeep"), deployer);
    const distributor = RevenueDistributor__factory.connect(contractAddress(manifest, "RevenueDistributor"), deployer);
    const rewardTokens = await distributor.rewardTokens();
    const tokenOf = new Map(LOCAL_TOKENS.map((t, i) => [t.symbol, LOCAL_STAND_INS.token(i)]));
    for (const m of MORE_INDICES) {
      const entry = indexByName(manifest, m.key)!;
      expect(entry.symbol).to.equal(m.symbol);
      const more = IndexVault__factory.connect(entry.address, deployer);
      const [assets] = await more.getBasket();
      expect(assets).to.deep.equal(m.basket.map((b) => tokenOf.get(b.symbol)));
      expect(await more.balanceOf(deployer.address)).to.equal(parseUnits(DEMO_SEED_SHARES, 18));
      const nav = await more.navPerShare();
      expect(
        nav > parseUnits("99.9", 18) && nav <= parseUnits(m.navPerShareUsd, 18),
        `${m.symbol} NAV ${nav}`,
      ).to.equal(true);
      expect((await rebalancer.config(entry.address)).auctionDuration).to.equal(
        BigInt(REBALANCING.auctionDurationSeconds),
      );
      expect((await upkeep.schedule(entry.address)).period).to.equal(BigInt(REBALANCING.upkeepPeriodSeconds));
      expect(rewardTokens).to.include(entry.address);
    }
    expect(MORE_INDICES.find((m) => m.key === "IndexGlobal30")!.basket).to.have.length(30);
    await assertHandedOver(deployer, manifest, deployer.address, contractAddress(manifest, "Timelock"));

    const second = await deployLocalStack(ethers.provider, options);
    expect(second.deployed).to.deep.equal([]);
    expect(second.configured).to.deep.equal([]);
    expect(second.differences).to.deep.equal([]);
  });
});
