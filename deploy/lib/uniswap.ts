import { createRequire } from "node:module";
import { Contract, ContractFactory, MaxUint256, parseUnits, type InterfaceAbi, type Signer } from "ethers";
import { MockERC20__factory } from "../../types/ethers-contracts/index.js";

/**
 * Real Uniswap v3 on a local chain, deployed from the compiled artifacts that Uniswap publishes on npm
 * (@uniswap/v3-core, @uniswap/v3-periphery): the factory, the SwapRouter and the NonfungiblePositionManager.
 */
const require = createRequire(import.meta.url);

interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}

function artifact(path: string): Artifact {
  return require(path) as Artifact;
}

export const UNISWAP_ARTIFACTS = {
  factory: () => artifact("@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json"),
  pool: () => artifact("@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json"),
  swapRouter: () => artifact("@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json"),
  positionManager: () =>
    artifact(
      "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
    ),
};

export interface UniswapV3 {
  factory: Contract;
  swapRouter: Contract;
  positionManager: Contract;
  addresses: { factory: string; swapRouter: string; positionManager: string; weth9: string };
}

async function deployArtifact(a: Artifact, signer: Signer, args: unknown[]): Promise<Contract> {
  const contract = await new ContractFactory(a.abi, a.bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

/**
 * Deploys Uniswap v3. `weth9` is only used by the periphery for native-ETH paths, which the protocol never takes;
 * any ERC-20 address works locally. The position manager's token descriptor (NFT art) is not deployed.
 */
export async function deployUniswapV3(signer: Signer, weth9: string): Promise<UniswapV3> {
  const factory = await deployArtifact(UNISWAP_ARTIFACTS.factory(), signer, []);
  const factoryAddress = await factory.getAddress();
  const swapRouter = await deployArtifact(UNISWAP_ARTIFACTS.swapRouter(), signer, [factoryAddress, weth9]);
  const noDescriptor = "0x0000000000000000000000000000000000000001";
  const positionManager = await deployArtifact(UNISWAP_ARTIFACTS.positionManager(), signer, [
    factoryAddress,
    weth9,
    noDescriptor,
  ]);
  return {
    factory,
    swapRouter,
    positionManager,
    addresses: {
      factory: factoryAddress,
      swapRouter: await swapRouter.getAddress(),
      positionManager: await positionManager.getAddress(),
      weth9,
    },
  };
}

/** Integer square root (floor) of a non-negative bigint. */
export function sqrtBigInt(value: bigint): bigint {
  if (value < 0n) throw new Error("square root of a negative number");
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

export interface PoolToken {
  address: string;
  decimals: number;
  /** USD per whole token, as a decimal string. */
  priceUsd: string;
}

/** Full-range tick bounds for a fee tier's tick spacing. */
export function fullRangeTicks(fee: number): [number, number] {
  const spacing = ({ 100: 1, 500: 10, 3000: 60, 10000: 200 } as Record<number, number>)[fee];
  if (spacing === undefined) throw new Error(`unknown Uniswap v3 fee tier ${fee}`);
  const max = Math.floor(887272 / spacing) * spacing;
  return [-max, max];
}

/**
 * sqrt(price) in Q64.96 for a pool whose token0 and token1 have the given USD prices: Uniswap's price is token1
 * base units per token0 base unit.
 */
export function sqrtPriceX96(token0: PoolToken, token1: PoolToken): bigint {
  const num = parseUnits(token0.priceUsd, 18) * 10n ** BigInt(token1.decimals) * 2n ** 192n;
  const den = parseUnits(token1.priceUsd, 18) * 10n ** BigInt(token0.decimals);
  return sqrtBigInt(num / den);
}

/**
 * Creates the `a`/`b` pool at the tokens' USD prices and adds full-range liquidity worth `usdPerSide` on each side,
 * minted (MockERC20) to `signer`. Returns the pool address.
 */
export async function createPoolWithLiquidity(
  uni: UniswapV3,
  signer: Signer,
  a: PoolToken,
  b: PoolToken,
  fee: number,
  usdPerSide: string,
): Promise<string> {
  const [t0, t1] = BigInt(a.address) < BigInt(b.address) ? [a, b] : [b, a];
  const owner = await signer.getAddress();
  const pm = uni.positionManager.connect(signer) as Contract;
  await (
    await pm.getFunction("createAndInitializePoolIfNecessary")(t0.address, t1.address, fee, sqrtPriceX96(t0, t1))
  ).wait();
  const amounts: bigint[] = [];
  for (const t of [t0, t1]) {
    const amount = (parseUnits(usdPerSide, 18) * 10n ** BigInt(t.decimals)) / parseUnits(t.priceUsd, 18);
    const token = MockERC20__factory.connect(t.address, signer);
    await (await token.mint(owner, amount)).wait();
    // Unlimited, not `amount`: one owner may create several pools at once, and an exact approval of the shared quote
    // token by one would overwrite another's before its mint.
    await (await token.approve(uni.addresses.positionManager, MaxUint256)).wait();
    amounts.push(amount);
  }
  const [tickLower, tickUpper] = fullRangeTicks(fee);
  const deadline = 2n ** 64n;
  await (
    await pm.getFunction("mint")({
      token0: t0.address,
      token1: t1.address,
      fee,
      tickLower,
      tickUpper,
      amount0Desired: amounts[0],
      amount1Desired: amounts[1],
      amount0Min: 0n,
      amount1Min: 0n,
      recipient: owner,
      deadline,
    })
  ).wait();
  return (await uni.factory.getFunction("getPool")(t0.address, t1.address, fee)) as string;
}
