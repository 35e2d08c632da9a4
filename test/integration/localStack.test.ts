import { expect } from "chai";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseUnits } from "ethers";
import { network } from "hardhat";
import { DEMO_SEED_SHARES, DEMO_TOKENS } from "../../deploy/config/localhost.js";
import { LOCAL_ACCOUNTS, LOCAL_STAND_INS, localhost } from "../../deploy/config/networks/localhost.js";
import { assertHandedOver } from "../../deploy/lib/networkFlow.js";
import { deployLocalStack } from "../../deploy/lib/local/stack.js";
import { contractAddress, indexByName, readManifest } from "../../manifest/index.js";
import { IndexVault__factory, VeTMAI__factory } from "../../types/ethers-contracts/index.js";

describe("local stack (npm start) through the network flow", function () {
  it("deploys stand-ins, the protocol and the demo, hands over to the timelock, and re-runs as a no-op", async function () {
    const { ethers } = await network.create();
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-local-")), "localhost.json");
    const options = { manifestPath, network: "localhost", rpcUrl: "in-process", log: () => undefined };
    const first = await deployLocalStack(ethers.provider, options);
    expect(first.deployed).to.include.members(["PriceOracle", "Index", "IndexRouter", "UniswapSolver", "Governor"]);
    expect(first.differences).to.deep.equal([]);

    const manifest = await readManifest(manifestPath);
    expect(manifest.tokens.map((t) => t.address)).to.deep.equal(DEMO_TOKENS.map((_, i) => LOCAL_STAND_INS.token(i)));
    expect(Object.keys(manifest.pools!.bySymbol)).to.have.length(DEMO_TOKENS.length - 1);
    expect(contractAddress(manifest, "UniswapV3SwapRouter")).to.equal(LOCAL_STAND_INS.swapRouter);
    const index = indexByName(manifest, "Index")!;
    expect(index.symbol).to.equal(localhost.index.symbol);
    const deployer = await ethers.provider.getSigner(LOCAL_ACCOUNTS.deployer);
    const vault = IndexVault__factory.connect(index.address, deployer);
    expect(await vault.balanceOf(deployer.address)).to.equal(parseUnits(DEMO_SEED_SHARES, 18));
    const ve = VeTMAI__factory.connect(contractAddress(manifest, "VeTMAI"), deployer);
    expect((await ve.locked(deployer.address)).amount).to.be.greaterThan(0n);
    await assertHandedOver(deployer, manifest, deployer.address, contractAddress(manifest, "Timelock"));

    const second = await deployLocalStack(ethers.provider, options);
    expect(second.deployed).to.deep.equal([]);
    expect(second.configured).to.deep.equal([]);
    expect(second.differences).to.deep.equal([]);
  });
});
