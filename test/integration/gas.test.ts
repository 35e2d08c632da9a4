import { expect } from "chai";
import { parseUnits, type ContractTransactionResponse } from "ethers";
import { network } from "hardhat";
import {
  IndexFactory__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
} from "../../types/ethers-contracts/index.js";

/** EIP-7825: the most gas one transaction may use. */
const TX_GAS_CAP = 16_777_216n;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

/**
 * Receipt gas (21,000 base included, cold storage as in real use) of every user action on baskets of 10 and
 * 100 assets, each asserted under the EIP-7825 cap. The numbers are printed for the record; the benchmark
 * (`npm run bench`) is where they are tracked.
 */
describe("gas of user actions on large baskets (receipts)", function () {
  for (const n of [10, 100]) {
    it(`every action on a ${n}-asset vault fits in one transaction`, async function () {
      const { ethers } = await network.create();
      const [admin, alice, bob] = await ethers.getSigners();
      const oracle = await new PriceOracle__factory(admin).deploy(admin!.address);
      const factory = await new IndexFactory__factory(admin).deploy(
        await oracle.getAddress(),
        await (await new IndexVaultDeployer__factory(admin).deploy()).getAddress(),
        admin!.address,
        admin!.address,
        admin!.address,
      );
      const assets: string[] = [];
      const units: bigint[] = [];
      for (let i = 0; i < n; i++) {
        const decimals = [6, 8, 18][i % 3]!;
        const token = await new MockERC20__factory(admin).deploy(`T${i}`, `T${i}`, decimals);
        const feed = await new MockV3Aggregator__factory(admin).deploy(8, parseUnits(String(i + 1), 8));
        await (await oracle.setFeed(await token.getAddress(), await feed.getAddress(), 86_400, 1n, 2n ** 128n - 1n)).wait();
        assets.push(await token.getAddress());
        units.push(10n ** BigInt(decimals) / BigInt(i + 1));
      }
      const fees = { managementFee: parseUnits("0.02", 18), mintFee: parseUnits("0.001", 18), redeemFee: parseUnits("0.001", 18) };
      const vaultAddress = await factory.createVault.staticCall("Big", "BIG", assets, units, fees);
      const gas: Record<string, bigint> = {};
      gas["createVault"] = await gasOf(factory.createVault("Big", "BIG", assets, units, fees));

      const vault = IndexVault__factory.connect(vaultAddress, admin);
      for (const who of [alice!, bob!]) {
        for (const a of assets) {
          const token = MockERC20__factory.connect(a, admin);
          await (await token.mint(who.address, 10n ** 30n)).wait();
          await (await MockERC20__factory.connect(a, who).approve(vaultAddress, 2n ** 256n - 1n)).wait();
        }
      }
      const max = new Array<bigint>(n).fill(2n ** 256n - 1n);
      const zero = new Array<bigint>(n).fill(0n);
      const one = parseUnits("1", 18);
      gas["mint (first, empty vault)"] = await gasOf(vault.connect(alice).mint(one, alice!.address, max));
      gas["mint (fresh receiver)"] = await gasOf(vault.connect(bob).mint(one, bob!.address, max));
      gas["mint (existing holder)"] = await gasOf(vault.connect(alice).mint(one, alice!.address, max));
      gas["redeem (partial)"] = await gasOf(vault.connect(alice).redeem(one, alice!.address, zero));
      gas["redeem (full exit)"] = await gasOf(vault.connect(bob).redeem(await vault.balanceOf(bob!.address), bob!.address, zero));
      gas["navPerShare (eth_call)"] = await vault.navPerShare.estimateGas();

      console.log(`      gas, ${n} assets:`);
      for (const [action, used] of Object.entries(gas)) {
        console.log(`        ${action.padEnd(26)} ${used.toLocaleString("en-US").padStart(12)}`);
        expect(used < TX_GAS_CAP, `${action} uses ${used} gas`).to.equal(true);
      }
    });
  }
});
