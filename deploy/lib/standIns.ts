import { Contract, ContractFactory, id, getAddress, parseUnits, toQuantity, type Signer } from "ethers";
import {
  MockERC20__factory,
  MockV3Aggregator__factory,
  SwapRouter02Shim__factory,
} from "../../types/ethers-contracts/index.js";
import type { NetworkConfig } from "../config/networks/index.js";
import type { Operators } from "./networkConfig.js";
import { UNISWAP_ARTIFACTS } from "./uniswap.js";

/** JSON-RPC access to a Hardhat (EDR) or anvil chain, for its `hardhat_*` / `evm_*` methods. */
export interface DevChain {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** Plain (non-mapping) storage slots copied from a template: enough for MockV3Aggregator and MockERC20. */
const COPIED_SLOTS = 8;

/** Copies the runtime code and the first storage slots of `template` to `target` (immutables live in the code). */
async function plant(chain: DevChain, signer: Signer, template: string, target: string): Promise<void> {
  const provider = signer.provider!;
  await chain.send("hardhat_setCode", [target, await provider.getCode(template)]);
  for (let slot = 0; slot < COPIED_SLOTS; slot++) {
    const value = await provider.getStorage(template, slot);
    await chain.send("hardhat_setStorageAt", [target, toQuantity(slot), value]);
  }
}

/**
 * A dry run has no fork of the real chain: this puts stand-ins at the config's external addresses on a local
 * chain. Each Chainlink feed becomes a MockV3Aggregator (8 decimals) answering the config's dry-run price, each
 * token a MockERC20 with the real decimals, the sequencer feed a MockV3Aggregator answering 0 ("up") since longer
 * than the grace period, the Uniswap v3 SwapRouter the real SwapRouter from Uniswap's npm artifacts, and a
 * SwapRouter02 (where the config has no original SwapRouter) the `SwapRouter02Shim` test double over it.
 */
export async function plantStandIns(
  chain: DevChain,
  signer: Signer,
  c: NetworkConfig,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const provider = signer.provider!;
  if ((await provider.getCode(c.assets[0]!.feed)) !== "0x") {
    log(`✓ stand-ins already planted at ${c.name}'s addresses (skipped)`);
    return;
  }
  if (c.sequencer !== undefined) {
    const seq = await new MockV3Aggregator__factory(signer).deploy(0, 0);
    await seq.waitForDeployment();
    await plant(chain, signer, await seq.getAddress(), c.sequencer.feed);
    await (await MockV3Aggregator__factory.connect(c.sequencer.feed, signer).updateAnswer(0)).wait();
    // The sequencer has been up for longer than the grace period (price feeds are updated after this jump).
    await chain.send("evm_increaseTime", [c.sequencer.gracePeriodSeconds + 60]);
    await chain.send("evm_mine", []);
    log(`  stand-in sequencer-uptime feed at ${c.sequencer.feed} (up)`);
  }
  for (const a of c.assets) {
    const token = await new MockERC20__factory(signer).deploy(a.symbol, a.symbol, a.decimals);
    await token.waitForDeployment();
    await plant(chain, signer, await token.getAddress(), a.token);
    const answer = parseUnits(a.dryRunPriceUsd, 8);
    const feed = await new MockV3Aggregator__factory(signer).deploy(8, answer);
    await feed.waitForDeployment();
    await plant(chain, signer, await feed.getAddress(), a.feed);
    // Writes the round mappings at the target (storage copy covers only the plain slots).
    await (await MockV3Aggregator__factory.connect(a.feed, signer).updateAnswer(answer)).wait();
    log(`  stand-ins for ${a.symbol}: MockERC20 at ${a.token}, MockV3Aggregator ($${a.dryRunPriceUsd}) at ${a.feed}`);
    if (a.ratioFeed !== undefined) {
      const ratio = parseUnits(a.ratioFeed.dryRunRatio, 8);
      const ratioFeed = await new MockV3Aggregator__factory(signer).deploy(8, ratio);
      await ratioFeed.waitForDeployment();
      await plant(chain, signer, await ratioFeed.getAddress(), a.ratioFeed.feed);
      await (await MockV3Aggregator__factory.connect(a.ratioFeed.feed, signer).updateAnswer(ratio)).wait();
      log(
        `  stand-in ratio feed for ${a.symbol}: MockV3Aggregator (${a.ratioFeed.dryRunRatio}) at ${a.ratioFeed.feed}`,
      );
    }
  }
  if (c.uniswap !== undefined) {
    const weth = c.assets.find((a) => a.symbol === "WETH")?.token ?? c.assets[0]!.token;
    const factoryArtifact = UNISWAP_ARTIFACTS.factory();
    const factory = await new ContractFactory(factoryArtifact.abi, factoryArtifact.bytecode, signer).deploy();
    await factory.waitForDeployment();
    const routerArtifact = UNISWAP_ARTIFACTS.swapRouter();
    const template = await new ContractFactory(routerArtifact.abi, routerArtifact.bytecode, signer).deploy(
      await factory.getAddress(),
      weth,
    );
    await template.waitForDeployment();
    const router = c.uniswap.swapRouter;
    if (router !== undefined) {
      await plant(chain, signer, await template.getAddress(), router);
      const planted = new Contract(router, routerArtifact.abi, provider);
      if (getAddress((await planted.getFunction("factory")()) as string) !== (await factory.getAddress())) {
        throw new Error("the planted SwapRouter does not answer its factory");
      }
      log(`  stand-in Uniswap v3 SwapRouter at ${router} (Uniswap's npm artifact, no pools)`);
    } else if (c.uniswap.swapRouter02 !== undefined) {
      // SwapRouter02 itself is not on npm in an installable form: its ABI over the real SwapRouter stands in.
      const shim = await new SwapRouter02Shim__factory(signer).deploy(await template.getAddress());
      await shim.waitForDeployment();
      await plant(chain, signer, await shim.getAddress(), c.uniswap.swapRouter02);
      const planted = SwapRouter02Shim__factory.connect(c.uniswap.swapRouter02, provider);
      if ((await planted.inner()) !== (await template.getAddress())) {
        throw new Error("the planted SwapRouter02 stand-in does not answer its inner router");
      }
      log(
        `  stand-in SwapRouter02 at ${c.uniswap.swapRouter02} (SwapRouter02Shim over Uniswap's SwapRouter, no pools)`,
      );
    }
  }
}

/** Operator addresses of a dry run when the environment names none: fixed, recognisable, never the deployer. */
export function dryRunOperators(): Operators {
  const at = (label: string): string => getAddress(id(`TMAI dry run ${label}`).slice(0, 42));
  return {
    guardian: at("guardian"),
    methodologist: at("methodologist"),
    keeper: at("keeper"),
    treasury: at("treasury"),
  };
}
