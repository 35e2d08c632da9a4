import { parseUnits, type ContractTransactionResponse, type Signer } from "ethers";
import {
  BaselineBasket__factory,
  IndexFactory__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  type BaselineBasket,
  type IndexVault,
  type PriceOracle,
} from "../../types/ethers-contracts/index.js";

/** Receipt gas (21,000 base included) of a transaction. */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("transaction failed");
  return receipt.gasUsed;
}

export interface BasketWorld {
  oracle: PriceOracle;
  vault: IndexVault;
  baseline: BaselineBasket;
  assets: string[];
  units: bigint[];
  createVaultGas: bigint;
}

export const DEFAULT_FEES = {
  managementFee: parseUnits("0.02", 18),
  mintFee: parseUnits("0.001", 18),
  redeemFee: parseUnits("0.001", 18),
};

/**
 * `n` tokens (6, 8 and 18 decimals in turn, priced $1..$n by MockV3Aggregator feeds), an index vault over them
 * created through the factory, and the benchmark's baseline over the same tokens. Every `users` account is
 * funded with 1e30 base units of each token and has approved both the vault and the baseline.
 */
export async function buildBasketWorld(admin: Signer, users: Signer[], n: number): Promise<BasketWorld> {
  const adminAddress = await admin.getAddress();
  const oracle = await new PriceOracle__factory(admin).deploy(adminAddress);
  const vaultDeployer = await new IndexVaultDeployer__factory(admin).deploy();
  const factory = await new IndexFactory__factory(admin).deploy(
    await oracle.getAddress(),
    await vaultDeployer.getAddress(),
    adminAddress,
    adminAddress,
    adminAddress,
  );
  const assets: string[] = [];
  const units: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const decimals = [6, 8, 18][i % 3]!;
    const token = await new MockERC20__factory(admin).deploy(`Token ${i}`, `T${i}`, decimals);
    const feed = await new MockV3Aggregator__factory(admin).deploy(8, parseUnits(String(i + 1), 8));
    const tokenAddress = await token.getAddress();
    await (await oracle.setFeed(tokenAddress, await feed.getAddress(), 86_400, 1n, 2n ** 128n - 1n)).wait();
    assets.push(tokenAddress);
    units.push(10n ** BigInt(decimals) / BigInt(i + 1)); // $1 of each token per share
  }
  const vaultAddress = await factory.createVault.staticCall("Bench Index", "BENCH", assets, units, DEFAULT_FEES);
  const createVaultGas = await gasOf(factory.createVault("Bench Index", "BENCH", assets, units, DEFAULT_FEES));
  const vault = IndexVault__factory.connect(vaultAddress, admin);
  const baseline = await new BaselineBasket__factory(admin).deploy(assets);
  const baselineAddress = await baseline.getAddress();

  for (const user of users) {
    const userAddress = await user.getAddress();
    for (const a of assets) {
      await (await MockERC20__factory.connect(a, admin).mint(userAddress, 10n ** 30n)).wait();
      const asUser = MockERC20__factory.connect(a, user);
      await (await asUser.approve(vaultAddress, 2n ** 256n - 1n)).wait();
      await (await asUser.approve(baselineAddress, 2n ** 256n - 1n)).wait();
    }
  }
  return { oracle, vault, baseline, assets, units, createVaultGas };
}

/** A user's slippage bound on a preview: `bps` basis points of tolerance, up (max in) or down (min out). */
export function withTolerance(amounts: readonly bigint[], bps: bigint, direction: "up" | "down"): bigint[] {
  return amounts.map((a) => (direction === "up" ? a + (a * bps) / 10_000n + 1n : a - (a * bps) / 10_000n));
}
