import { parseUnits } from "ethers";
import { network } from "hardhat";
import { DEMO_TOKENS } from "../../deploy/config/localhost.js";
import { deployLocalDex } from "../../test/fixtures/dex.js";
import { deployLocalProtocol } from "../../test/fixtures/protocol.js";
import { IndexRouter__factory, IndexVault__factory } from "../../types/ethers-contracts/index.js";
import { gasOf } from "./world.js";

type Record = (operation: string, parameter: string | number, value: bigint) => void;

/** One-asset mint and redeem through the IndexRouter and real Uniswap v3 pools, on a 10-asset index (USDC is one). */
export async function benchRouter(record: Record): Promise<void> {
  const { ethers, networkHelpers } = await network.create();
  const [deployer, user] = await ethers.getSigners();
  const tokens = [
    ...DEMO_TOKENS.filter((t) => t.symbol !== "USDC").slice(0, 9),
    DEMO_TOKENS.find((t) => t.symbol === "USDC")!,
  ];
  const d = await deployLocalProtocol(deployer!, { fundAccounts: [user!.address], tokens });
  const dex = await deployLocalDex(deployer!, d, [user!]);
  const router = IndexRouter__factory.connect(dex.indexRouter, user);
  await (await IndexVault__factory.connect(d.demoIndex, user).approve(dex.indexRouter, 2n ** 256n - 1n)).wait();
  const shares = parseUnits("1", 18);
  const deadline = async () => (await networkHelpers.time.latest()) + 600;
  await gasOf(
    router.mintWithToken(d.demoIndex, dex.quoteToken, shares, parseUnits("200", 6), user!.address, await deadline()),
  );
  record(
    "router.mintWithUsdc",
    tokens.length,
    await gasOf(
      router.mintWithToken(d.demoIndex, dex.quoteToken, shares, parseUnits("200", 6), user!.address, await deadline()),
    ),
  );
  record(
    "router.redeemToUsdc",
    tokens.length,
    await gasOf(router.redeemToToken(d.demoIndex, shares, dex.quoteToken, 0n, user!.address, await deadline())),
  );
}
