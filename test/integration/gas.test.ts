import { expect } from "chai";
import { parseUnits } from "ethers";
import { network } from "hardhat";
import { buildBasketWorld, gasOf, withTolerance } from "../../bench/lib/world.js";

/** EIP-7825: the most gas one transaction may use. */
const TX_GAS_CAP = 16_777_216n;

/**
 * Receipt gas (21,000 base included, cold storage as in real use) of every user action on baskets of 10 and
 * 100 assets, each asserted under the EIP-7825 cap. `npm run bench` tracks the numbers.
 */
describe("gas of user actions on large baskets (receipts)", function () {
  for (const n of [10, 100]) {
    it(`every action on a ${n}-asset vault fits in one transaction`, async function () {
      const { ethers } = await network.create();
      const [admin, alice, bob] = await ethers.getSigners();
      const { vault, createVaultGas } = await buildBasketWorld(admin!, [alice!, bob!], n);
      const max = new Array<bigint>(n).fill(2n ** 256n - 1n);
      const zero = new Array<bigint>(n).fill(0n);
      const one = parseUnits("1", 18);
      const gas: Record<string, bigint> = { createVault: createVaultGas };
      gas["mint (first, empty vault)"] = await gasOf(vault.connect(alice).mint(one, alice!.address, max));
      gas["mint (fresh receiver)"] = await gasOf(vault.connect(bob).mint(one, bob!.address, max));
      gas["mint (existing holder)"] = await gasOf(vault.connect(alice).mint(one, alice!.address, max));
      gas["redeem (partial)"] = await gasOf(vault.connect(alice).redeem(one, alice!.address, zero));
      gas["redeem (full exit)"] = await gasOf(
        vault.connect(bob).redeem(await vault.balanceOf(bob!.address), bob!.address, zero),
      );
      gas["navPerShare (eth_call)"] = await vault.navPerShare.estimateGas();

      for (const [action, used] of Object.entries(gas)) {
        expect(used < TX_GAS_CAP, `${action} uses ${used} gas with ${n} assets`).to.equal(true);
      }
    });
  }

  it("in-kind mint and redeem of 100 assets cost at most 1.10x the baseline floor (same tokens, same run)", async function () {
    const { ethers } = await network.create();
    const [admin, alice] = await ethers.getSigners();
    const { vault, baseline } = await buildBasketWorld(admin!, [alice!], 100);
    const one = parseUnits("1", 18);
    const maxIn = withTolerance(await vault.previewMint(one), 10n, "up");
    await gasOf(vault.connect(alice).mint(one, alice!.address, maxIn)); // both measured as an existing holder
    const mintGas = await gasOf(vault.connect(alice).mint(one, alice!.address, maxIn));
    const redeemGas = await gasOf(
      vault.connect(alice).redeem(one, alice!.address, withTolerance(await vault.previewRedeem(one), 10n, "down")),
    );
    const amounts = [...(await vault.previewMint(one))];
    await gasOf(baseline.connect(alice).mint(one, amounts));
    const floorMint = await gasOf(baseline.connect(alice).mint(one, amounts));
    const floorRedeem = await gasOf(baseline.connect(alice).redeem(one, amounts));
    expect(Number(mintGas) / Number(floorMint)).to.be.at.most(1.1, `mint ${mintGas} vs floor ${floorMint}`);
    expect(Number(redeemGas) / Number(floorRedeem)).to.be.at.most(1.1, `redeem ${redeemGas} vs floor ${floorRedeem}`);
  });
});
