import { parseUnits, type Signer } from "ethers";
import { network } from "hardhat";
import {
  MockERC20__factory,
  RevenueDistributor__factory,
  TMAI__factory,
  VeTMAI__factory,
  type RevenueDistributor,
  type TMAI,
  type VeTMAI,
} from "../../types/ethers-contracts/index.js";
import { gasOf } from "./world.js";

const WEEK = 7 * 24 * 3600;
const TIERS: [bigint, bigint, bigint, bigint] = [1n, 1_000n * 10n ** 18n, 10_000n * 10n ** 18n, 100_000n * 10n ** 18n];

type Record = (operation: string, parameter: string | number, value: bigint) => void;

export interface StakingWorld {
  tmai: TMAI;
  ve: VeTMAI;
  distributor: RevenueDistributor;
  signers: Signer[];
  increaseTime: (seconds: number) => Promise<void>;
  now: () => Promise<number>;
}

/** A connection to a fresh in-process chain. */
export type Connection = Awaited<ReturnType<typeof network.create>>;

/**
 * TMAI, veTMAI (minimum lock 1 wei) and the revenue distributor; every signer holds 1,000,000 TMAI and has approved
 * veTMAI. On `connection` when given (its chain must be fresh), else on a new chain.
 */
export async function buildStakingWorld(connection?: Connection): Promise<StakingWorld> {
  const { ethers, networkHelpers } = connection ?? (await network.create());
  const signers = await ethers.getSigners();
  const admin = signers[0]!;
  const tmai = await new TMAI__factory(admin).deploy(admin.address);
  const ve = await new VeTMAI__factory(admin).deploy(await tmai.getAddress(), admin.address, admin.address, 1n, TIERS);
  const distributor = await new RevenueDistributor__factory(admin).deploy(await ve.getAddress(), admin.address);
  await (await ve.setRevenueDistributor(await distributor.getAddress())).wait();
  for (const s of signers) {
    await (await tmai.transfer(s.address, parseUnits("1000000", 18))).wait();
    await (await tmai.connect(s).approve(await ve.getAddress(), 2n ** 256n - 1n)).wait();
  }
  return {
    tmai,
    ve,
    distributor,
    signers,
    increaseTime: async (seconds) => {
      await networkHelpers.time.increase(seconds);
    },
    now: async () => networkHelpers.time.latest(),
  };
}

/** Start of the next week plus one hour (lock ends round down to Thursday 00:00 UTC). */
async function toNextWeek(w: StakingWorld): Promise<void> {
  const now = await w.now();
  await w.increaseTime(Math.floor(now / WEEK + 1) * WEEK + 3600 - now);
}

/** veTMAI and revenue-distributor rows of the benchmark. */
export async function benchStaking(record: Record): Promise<void> {
  {
    const w = await buildStakingWorld();
    const [carol, alice, bob] = w.signers as [Signer, Signer, Signer];
    const amount = parseUnits("1000", 18);
    const end = async (weeks: number) => (await w.now()) + weeks * WEEK;
    // The very first lock also creates the contract's TMAI balance and global history; later locks do not.
    record("ve.createLock", "first lock ever", await gasOf(w.ve.connect(carol).createLock(amount, await end(13))));
    record("ve.createLock", "new lock", await gasOf(w.ve.connect(alice).createLock(amount, await end(26))));
    record("ve.increaseAmount", "1 lock", await gasOf(w.ve.connect(alice).increaseAmount(amount)));
    record("ve.increaseUnlockTime", "1 lock", await gasOf(w.ve.connect(alice).increaseUnlockTime(await end(52))));
    record("ve.delegate", "1 lock", await gasOf(w.ve.connect(alice).delegate(await bob.getAddress())));
    await w.increaseTime(53 * WEEK);
    record("ve.withdraw", "expired lock", await gasOf(w.ve.connect(alice).withdraw()));
  }

  // Global checkpoint catch-up after idle weeks, with locks ending in many different weeks (slope changes).
  for (const idle of [1, 13, 51, 52, 104]) {
    const w = await buildStakingWorld();
    await toNextWeek(w);
    const start = await w.now();
    for (let i = 0; i < w.signers.length; i++) {
      const weeks = 1 + Math.floor((i * 51) / (w.signers.length - 1)); // ends spread over weeks 1..52
      await (await w.ve.connect(w.signers[i]!).createLock(parseUnits("100", 18), start + weeks * WEEK)).wait();
    }
    await w.increaseTime(idle * WEEK);
    record("ve.checkpoint", `${idle} idle weeks`, await gasOf(w.ve.checkpoint()));
  }

  // Claims over k weeks of revenue (a 6-decimal token deposited every week), and claim-and-lock of TMAI rewards.
  // With `weeklyCheckpoint`, the keeper's weekly housekeeping records veTMAI's global point and closes the week
  // that ended (as the local keeper does); without it, the claim closes the last week itself and closing a week
  // walks up to 52 cold weekly slope changes from the last recorded point.
  for (const [weeks, weeklyCheckpoint] of [
    [1, true],
    [13, true],
    [52, true],
    [52, false],
  ] as const) {
    const w = await buildStakingWorld();
    const [admin, alice] = w.signers as [Signer, Signer];
    const usdc = await new MockERC20__factory(admin).deploy("USD Coin", "USDC", 6);
    const usdcAddress = await usdc.getAddress();
    await (await w.distributor.addRewardToken(usdcAddress)).wait();
    await (await usdc.mint(await admin.getAddress(), parseUnits("1000000", 6))).wait();
    await (await usdc.approve(await w.distributor.getAddress(), 2n ** 256n - 1n)).wait();
    await (await w.ve.connect(alice).createLock(parseUnits("1000", 18), (await w.now()) + 52 * WEEK)).wait();
    await toNextWeek(w);
    for (let k = 0; k < weeks; k++) {
      if (weeklyCheckpoint) await (await w.ve.checkpoint()).wait();
      await (await w.distributor.deposit(usdcAddress, parseUnits("100", 6))).wait();
      await w.increaseTime(WEEK);
    }
    if (weeklyCheckpoint) {
      // The keeper's weekly housekeeping: veTMAI's global point and the closing of the week that just ended.
      await (await w.ve.checkpoint()).wait();
      await (await w.distributor.checkpointToken(usdcAddress)).wait();
    }
    const label = `${weeks} week${weeks > 1 ? "s" : ""}${weeklyCheckpoint ? "" : " (no housekeeping all year)"}`;
    record("distributor.claim", label, await gasOf(w.distributor.connect(alice).claim(usdcAddress)));
  }
  {
    const w = await buildStakingWorld();
    const [admin, alice] = w.signers as [Signer, Signer];
    const tmaiAddress = await w.tmai.getAddress();
    await (await w.distributor.addRewardToken(tmaiAddress)).wait();
    await (await w.tmai.connect(admin).approve(await w.distributor.getAddress(), 2n ** 256n - 1n)).wait();
    await (await w.ve.connect(alice).createLock(parseUnits("1000", 18), (await w.now()) + 52 * WEEK)).wait();
    await toNextWeek(w);
    await (await w.distributor.deposit(tmaiAddress, parseUnits("100", 18))).wait();
    await w.increaseTime(WEEK);
    record("distributor.claimAndLock", "1 week", await gasOf(w.distributor.connect(alice).claimAndLock()));
  }
}
