import { expect } from "chai";
import { BrowserProvider, parseUnits } from "ethers";
import { network } from "hardhat";
import { decodeError, formatRevert, revertDataOf } from "../../bindings/decodeError.js";
import { FEED_HEARTBEAT_SECONDS } from "../../deploy/config/localhost.js";
import { describeRevert } from "../../deploy/governance/errors.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { describeError } from "../../keeper/src/errors.js";
import { IndexRouter__factory, MockERC20__factory } from "../../types/ethers-contracts/index.js";

describe("bindings: decodeError names an error raised inside another contract", function () {
  it("a stale PriceOracle price bubbling through IndexRouter decodes as PriceOracle.StalePrice", async function () {
    const { ethers, networkHelpers, provider } = await network.create();
    const [deployer, user] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address] });
    const usdc = d.tokens.find((t) => t.symbol === "USDC")!;
    // The swap router is never reached: the oracle reverts first.
    const router = await new IndexRouter__factory(deployer).deploy(
      deployer!.address,
      d.oracle,
      deployer!.address,
      parseUnits("0.02", 18),
    );
    const routerAddress = await router.getAddress();
    await (await MockERC20__factory.connect(usdc.address, user).approve(routerAddress, 2n ** 256n - 1n)).wait();
    await networkHelpers.time.increase(FEED_HEARTBEAT_SECONDS + 1);
    const deadline = (await networkHelpers.time.latest()) + 600;
    const args = [
      d.demoIndex,
      usdc.address,
      parseUnits("1", 18),
      parseUnits("10000", 6),
      user!.address,
      deadline,
    ] as const;

    // As a contract call through Hardhat's provider (tests, CLI)...
    const errors: unknown[] = [];
    try {
      await router
        .connect(user!)
        .getFunction("mintWithToken")
        .staticCall(...args);
    } catch (err) {
      errors.push(err);
    }
    // ...and as the keeper meets it: a gas estimate of bare calldata over JSON-RPC, which ethers alone can only call
    // an "unknown custom error".
    const rpc = new BrowserProvider(provider);
    try {
      await rpc.estimateGas({
        from: user!.address,
        to: routerAddress,
        data: router.interface.encodeFunctionData("mintWithToken", [...args]),
      });
    } catch (err) {
      errors.push(err);
    }
    expect(errors).to.have.length(2);
    expect((errors[1] as Error).message).to.include("unknown custom error");
    for (const err of errors) {
      const data = revertDataOf(err);
      expect(data, String(err)).to.match(/^0x[0-9a-f]{8}/);
      expect(
        IndexRouter__factory.createInterface().parseError(data!),
        "the router's ABI alone cannot name it",
      ).to.equal(null);
      const decoded = decodeError(data!)!;
      expect(decoded.name).to.equal("StalePrice");
      expect(decoded.declaredBy).to.deep.equal(["PriceOracle"]);
      expect(decoded.args[0]).to.equal(usdc.address);
      expect(decoded.text).to.match(
        new RegExp(`^StalePrice\\(asset: ${usdc.address}, updatedAt: \\d+, heartbeat: ${FEED_HEARTBEAT_SECONDS}\\)$`),
      );
      expect(decoded.qualified).to.equal(`PriceOracle.${decoded.text}`);
      expect(formatRevert(data!)).to.equal(decoded.text);
      expect(describeRevert(data!)).to.equal(decoded.text);
      expect(describeError(err)).to.equal(`reverted: PriceOracle.${decoded.text}`);
    }
  });
});
