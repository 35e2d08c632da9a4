import { ContractFactory, getAddress, parseUnits, type BaseContract, type Signer } from "ethers";
import { MockERC20Permit__factory, MockV3Aggregator__factory } from "../../../types/ethers-contracts/index.js";
import { LOCAL_TOKENS, FEED_DECIMALS } from "../../config/localhost.js";
import { LOCAL_STAND_INS } from "../../config/networks/localhost.js";
import { UNISWAP_ARTIFACTS } from "../uniswap.js";

/** Stand-in for Uniswap's NFT descriptor: the position manager never renders token URIs on the local stack. */
const NO_DESCRIPTOR = "0x0000000000000000000000000000000000000001";

/**
 * What a real chain already has, deployed on a fresh local node by the stand-in account (Hardhat account #9), each
 * at the address the localhost config expects (deploy/config/networks/localhost.ts): a MockERC20Permit (a MockERC20
 * with EIP-2612 `permit`, as USDC and many real tokens have, so the dApp's permit paths show on the local stack) and a
 * Chainlink MockV3Aggregator (8 decimals, the demo price) per basket token, then Uniswap v3's factory, SwapRouter and
 * NonfungiblePositionManager from Uniswap's npm artifacts. Skipped when they are already there.
 */
export async function deployLocalStandIns(signer: Signer, log: (line: string) => void): Promise<void> {
  const provider = signer.provider;
  if (provider === null) throw new Error("the stand-in signer has no provider");
  const from = await signer.getAddress();
  if (getAddress(from) !== getAddress(LOCAL_STAND_INS.deployer)) {
    throw new Error(`stand-ins must be deployed by ${LOCAL_STAND_INS.deployer} (Hardhat account #9), not ${from}`);
  }
  const nonce = await provider.getTransactionCount(from);
  if (nonce === LOCAL_STAND_INS.count && (await provider.getCode(LOCAL_STAND_INS.positionManager)) !== "0x") {
    log("✓ local stand-ins already deployed (skipped)");
    return;
  }
  if (nonce !== 0) {
    throw new Error(
      `the stand-in account ${from} has sent ${nonce} transaction(s) but the stand-ins are not all deployed: ` +
        "their addresses depend on its nonce, so deploy the local stack on a fresh node (restart it)",
    );
  }
  /** Deploys through `deploy` and checks the contract landed where the config expects it. */
  const place = async (what: string, expected: string, deploy: () => Promise<BaseContract>): Promise<void> => {
    const contract = await deploy();
    await contract.waitForDeployment();
    const address = await contract.getAddress();
    if (getAddress(address) !== getAddress(expected)) {
      throw new Error(`stand-in ${what} landed at ${address}, the localhost config expects ${expected}`);
    }
  };
  log(`→ deploying stand-ins: ${LOCAL_TOKENS.length} tokens with feeds, Uniswap v3 (from its npm artifacts)`);
  for (const [i, t] of LOCAL_TOKENS.entries()) {
    await place(`${t.symbol} token`, LOCAL_STAND_INS.token(i), () =>
      new MockERC20Permit__factory(signer).deploy(t.name, t.symbol, t.decimals),
    );
    await place(`${t.symbol}/USD feed`, LOCAL_STAND_INS.feed(i), () =>
      new MockV3Aggregator__factory(signer).deploy(FEED_DECIMALS, parseUnits(t.priceUsd, FEED_DECIMALS)),
    );
  }
  // WETH9 is only used by the periphery for native-ETH paths, which the protocol never takes.
  const weth = LOCAL_STAND_INS.token(
    Math.max(
      0,
      LOCAL_TOKENS.findIndex((t) => t.symbol === "WETH"),
    ),
  );
  const factory = UNISWAP_ARTIFACTS.factory();
  await place("Uniswap v3 factory", LOCAL_STAND_INS.uniswapFactory, () =>
    new ContractFactory(factory.abi, factory.bytecode, signer).deploy(),
  );
  const router = UNISWAP_ARTIFACTS.swapRouter();
  await place("Uniswap v3 SwapRouter", LOCAL_STAND_INS.swapRouter, () =>
    new ContractFactory(router.abi, router.bytecode, signer).deploy(LOCAL_STAND_INS.uniswapFactory, weth),
  );
  const pm = UNISWAP_ARTIFACTS.positionManager();
  await place("Uniswap v3 NonfungiblePositionManager", LOCAL_STAND_INS.positionManager, () =>
    new ContractFactory(pm.abi, pm.bytecode, signer).deploy(LOCAL_STAND_INS.uniswapFactory, weth, NO_DESCRIPTOR),
  );
  log(`  stand-ins deployed by ${from}`);
}

/** The stand-in Uniswap contracts as the manifest records them (source name and constructor arguments). */
export function localUniswapEntries(): Record<
  string,
  { address: string; contract: string; constructorArgs: string[] }
> {
  const weth = LOCAL_STAND_INS.token(
    Math.max(
      0,
      LOCAL_TOKENS.findIndex((t) => t.symbol === "WETH"),
    ),
  );
  return {
    UniswapV3Factory: {
      address: LOCAL_STAND_INS.uniswapFactory,
      contract: "@uniswap/v3-core/contracts/UniswapV3Factory.sol:UniswapV3Factory",
      constructorArgs: [],
    },
    UniswapV3SwapRouter: {
      address: LOCAL_STAND_INS.swapRouter,
      contract: "@uniswap/v3-periphery/contracts/SwapRouter.sol:SwapRouter",
      constructorArgs: [LOCAL_STAND_INS.uniswapFactory, weth],
    },
    UniswapV3PositionManager: {
      address: LOCAL_STAND_INS.positionManager,
      contract: "@uniswap/v3-periphery/contracts/NonfungiblePositionManager.sol:NonfungiblePositionManager",
      constructorArgs: [LOCAL_STAND_INS.uniswapFactory, weth, NO_DESCRIPTOR],
    },
  };
}
