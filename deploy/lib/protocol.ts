import { parseUnits, type ContractTransactionResponse, type Signer } from "ethers";
import {
  IndexFactory__factory,
  IndexLens__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  RevenueDistributor__factory,
  TMAI__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import {
  DEMO_FUNDING_USD,
  DEMO_INDEX,
  DEMO_LOCK,
  DEMO_TMAI_PER_ACCOUNT,
  STAKING,
  DEMO_SEED_SHARES,
  DEMO_TOKENS,
  FEED_DECIMALS,
  FEED_HEARTBEAT_SECONDS,
  type DemoIndexConfig,
  type DemoToken,
} from "../config/localhost.js";
import { amountForUsd, unitsPerShare } from "./units.js";

export interface DeployedToken {
  symbol: string;
  name: string;
  decimals: number;
  address: string;
  feed: string;
  priceUsd: string;
  units: bigint;
}

export interface LocalDeployment {
  deployer: string;
  guardian: string;
  feeRecipient: string;
  oracle: string;
  vaultDeployer: string;
  factory: string;
  demoIndex: string;
  /** The demo index's ERC-20 name and symbol, and the block it was created in. */
  demoIndexToken: { name: string; symbol: string; creationBlock: number };
  tmai: string;
  ve: string;
  distributor: string;
  /** The stateless read lens of the dApp (IndexLens: one `eth_call` per screen, for any vault). */
  lens: string;
  tokens: DeployedToken[];
  /** Receipt gas of each deployment step, for the record. */
  gas: Record<string, bigint>;
}

export interface DeployOptions {
  /** Accounts that receive demo tokens (and approve nothing: the dApp asks them to). */
  fundAccounts?: string[];
  /** Guardian of the vaults; the deployer when omitted. */
  guardian?: string;
  tokens?: readonly DemoToken[];
  index?: DemoIndexConfig;
  log?: (message: string) => void;
}

/**
 * Deploys the local protocol: demo tokens with Chainlink MockV3Aggregator feeds, the price oracle, the vault
 * deployer and factory, TMAI with veTMAI and the revenue distributor (the fee recipient of every vault), and the
 * demo index; funds the demo accounts, locks TMAI for the deployer and seeds the index with a first mint; then the
 * dApp's read lens (IndexLens: stateless, no constructor arguments, no roles).
 * The deployer is admin of everything for now (the governance timelock takes over in a later step).
 */
export async function deployLocalProtocol(signer: Signer, options: DeployOptions = {}): Promise<LocalDeployment> {
  const log = options.log ?? (() => undefined);
  const tokensConfig = options.tokens ?? DEMO_TOKENS;
  const indexConfig = options.index ?? DEMO_INDEX;
  const deployer = await signer.getAddress();
  const guardian = options.guardian ?? deployer;
  const gas: Record<string, bigint> = {};

  /** Sends `tx`, records its gas and returns its block number. */
  const send = async (label: string, tx: Promise<ContractTransactionResponse>): Promise<number> => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: transaction failed`);
    gas[label] = receipt.gasUsed;
    return receipt.blockNumber;
  };

  log("Deploying price oracle");
  const oracle = await new PriceOracle__factory(signer).deploy(deployer);
  await oracle.waitForDeployment();

  const tokens: DeployedToken[] = [];
  for (const t of tokensConfig) {
    const token = await new MockERC20__factory(signer).deploy(t.name, t.symbol, t.decimals);
    await token.waitForDeployment();
    const feed = await new MockV3Aggregator__factory(signer).deploy(
      FEED_DECIMALS,
      parseUnits(t.priceUsd, FEED_DECIMALS),
    );
    await feed.waitForDeployment();
    const [tokenAddress, feedAddress] = [await token.getAddress(), await feed.getAddress()];
    await send(
      `oracle.setFeed(${t.symbol})`,
      oracle.setFeed(tokenAddress, feedAddress, FEED_HEARTBEAT_SECONDS, 1n, 2n ** 128n - 1n),
    );
    const units = unitsPerShare(indexConfig.navPerShareUsd, t.weightBps, t.priceUsd, t.decimals);
    tokens.push({ ...t, address: tokenAddress, feed: feedAddress, units });
    log(`  ${t.symbol.padEnd(5)} ${tokenAddress}  feed ${feedAddress}  $${t.priceUsd}`);
  }

  log("Deploying TMAI, veTMAI and the revenue distributor");
  const tmai = await new TMAI__factory(signer).deploy(deployer);
  await tmai.waitForDeployment();
  const ve = await new VeTMAI__factory(signer).deploy(
    await tmai.getAddress(),
    deployer,
    guardian,
    parseUnits(STAKING.minLockTmai, 18),
    STAKING.tierThresholdsTmai.map((t) => parseUnits(t, 18)) as [bigint, bigint, bigint, bigint],
  );
  await ve.waitForDeployment();
  const distributor = await new RevenueDistributor__factory(signer).deploy(await ve.getAddress(), deployer);
  await distributor.waitForDeployment();
  const distributorAddress = await distributor.getAddress();
  await send("ve.setRevenueDistributor", ve.setRevenueDistributor(distributorAddress));

  log("Deploying index factory (fees go to the revenue distributor)");
  const vaultDeployer = await new IndexVaultDeployer__factory(signer).deploy();
  await vaultDeployer.waitForDeployment();
  const factory = await new IndexFactory__factory(signer).deploy(
    await oracle.getAddress(),
    await vaultDeployer.getAddress(),
    deployer,
    guardian,
    distributorAddress,
  );
  await factory.waitForDeployment();

  log(`Creating ${indexConfig.symbol} (${tokens.length} assets)`);
  const fees = {
    managementFee: parseUnits(indexConfig.fees.managementFee, 18),
    mintFee: parseUnits(indexConfig.fees.mintFee, 18),
    redeemFee: parseUnits(indexConfig.fees.redeemFee, 18),
  };
  const assets = tokens.map((t) => t.address);
  const units = tokens.map((t) => t.units);
  const vaultAddress = await factory.createVault.staticCall(indexConfig.name, indexConfig.symbol, assets, units, fees);
  const demoIndexBlock = await send(
    "factory.createVault",
    factory.createVault(indexConfig.name, indexConfig.symbol, assets, units, fees),
  );
  const vault = IndexVault__factory.connect(vaultAddress, signer);
  // Stakers earn the index's fee shares, and TMAI revenue can be claimed into a lock.
  await send("distributor.addRewardToken(index)", distributor.addRewardToken(vaultAddress));
  await send("distributor.addRewardToken(TMAI)", distributor.addRewardToken(await tmai.getAddress()));

  const funded = [deployer, ...(options.fundAccounts ?? [])];
  log(`Funding ${funded.length} demo account(s) with $${DEMO_FUNDING_USD} of each token`);
  for (const t of tokens) {
    const token = MockERC20__factory.connect(t.address, signer);
    for (const account of funded) {
      await send(`mint ${t.symbol}`, token.mint(account, amountForUsd(DEMO_FUNDING_USD, t.priceUsd, t.decimals)));
    }
    await send(`approve ${t.symbol}`, token.approve(vaultAddress, 2n ** 256n - 1n));
  }

  for (const account of funded.slice(1)) {
    await send("fund TMAI", tmai.transfer(account, parseUnits(DEMO_TMAI_PER_ACCOUNT, 18)));
  }
  await send("approve TMAI", tmai.approve(await ve.getAddress(), 2n ** 256n - 1n));
  const latest = await signer.provider!.getBlock("latest");
  const unlock = BigInt(latest!.timestamp) + BigInt(DEMO_LOCK.weeks) * 7n * 86_400n;
  await send("ve.createLock", ve.createLock(parseUnits(DEMO_LOCK.amountTmai, 18), unlock));
  log(`Locked ${DEMO_LOCK.amountTmai} TMAI for ${DEMO_LOCK.weeks} weeks as the deployer (veTMAI)`);

  const seed = parseUnits(DEMO_SEED_SHARES, 18);
  const maxIn = await vault.previewMint(seed);
  await send("vault.mint(seed)", vault.mint(seed, deployer, [...maxIn]));
  log(`Minted ${DEMO_SEED_SHARES} ${indexConfig.symbol} to the deployer`);

  log("Deploying the read lens (IndexLens)");
  const lens = await new IndexLens__factory(signer).deploy();
  await lens.waitForDeployment();

  return {
    deployer,
    guardian,
    feeRecipient: distributorAddress,
    oracle: await oracle.getAddress(),
    vaultDeployer: await vaultDeployer.getAddress(),
    factory: await factory.getAddress(),
    demoIndex: vaultAddress,
    demoIndexToken: { name: indexConfig.name, symbol: indexConfig.symbol, creationBlock: demoIndexBlock },
    tmai: await tmai.getAddress(),
    ve: await ve.getAddress(),
    distributor: distributorAddress,
    lens: await lens.getAddress(),
    tokens,
    gas,
  };
}
