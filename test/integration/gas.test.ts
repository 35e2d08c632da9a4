import { expect } from "chai";
import { parseUnits } from "ethers";
import { network } from "hardhat";
import { benchGovernor } from "../../bench/lib/governor.js";
import { benchRegimeSwitch } from "../../bench/lib/regimeSwitch.js";
import { benchStaking } from "../../bench/lib/staking.js";
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

  it("in-kind mint and redeem of 100 assets cost at most 1.08x the baseline floor (same tokens, same run)", async function () {
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
    expect(Number(mintGas) / Number(floorMint)).to.be.at.most(1.08, `mint ${mintGas} vs floor ${floorMint}`);
    expect(Number(redeemGas) / Number(floorRedeem)).to.be.at.most(1.08, `redeem ${redeemGas} vs floor ${floorRedeem}`);
  });
});

describe("gas of vault creation (receipts)", function () {
  it("IndexFactory.createVault of a 100-asset vault costs at most 5,000,000 gas", async function () {
    const { ethers } = await network.create();
    const [admin] = await ethers.getSigners();
    const { createVaultGas } = await buildBasketWorld(admin!, [], 100);
    expect(Number(createVaultGas)).to.be.at.most(5_000_000, `createVault uses ${createVaultGas} gas`);
  });
});

/** Rows measured by one of the benchmark's scenarios, as `{ "<operation>": { "<parameter>": gasUsed } }`. */
async function measure(run: (record: (op: string, p: string | number, v: bigint) => void) => Promise<void>) {
  const rows: Record<string, Record<string, bigint>> = {};
  await run((op, p, v) => {
    (rows[op] ??= {})[String(p)] = v;
  });
  const row = (op: string, p: string): bigint => {
    const v = rows[op]?.[p];
    if (v === undefined) throw new Error(`the scenario measured no ${op} / ${p}`);
    return v;
  };
  return { rows, row };
}

/** The benchmark issue's targets that are met, held by the same scenarios `npm run bench` reports (receipts). */
describe("gas targets (receipts, the benchmark's scenarios)", function () {
  it("a 100-asset risk-on -> risk-off switch: every transaction under the EIP-7825 cap, under 25M in all", async function () {
    const { row } = await measure((record) => benchRegimeSwitch(record, 100));
    expect(row("rebalance.regimeSwitch.largestTransaction", "100") < TX_GAS_CAP).to.equal(true);
    const total = row("rebalance.regimeSwitch.total", "100");
    expect(Number(total)).to.be.below(25_000_000, `regime switch total ${total}`);
    expect(row("rebalance.regimeSwitch.transactions", "100")).to.equal(102n, "one start, 100 bids, one compaction");
  });

  it("veTMAI and revenue: createLock < 180k, checkpoint after any idle period < 300k, 52-week claim < 300k", async function () {
    const { rows, row } = await measure(benchStaking);
    expect(Number(row("ve.createLock", "new lock"))).to.be.below(180_000);
    for (const [idle, gas] of Object.entries(rows["ve.checkpoint"] ?? {})) {
      expect(Number(gas)).to.be.below(300_000, `checkpoint after ${idle}`);
    }
    expect(Number(row("distributor.claim", "52 weeks"))).to.be.below(300_000);
  });

  it("governor: a vote (after the proposal's first) costs under 90k", async function () {
    const { row } = await measure(benchGovernor);
    expect(Number(row("governor.castVote", "later vote"))).to.be.below(90_000);
    expect(Number(row("governor.castVote", "proposer, quorum already reached"))).to.be.below(90_000);
  });
});
