/**
 * A protocol scenario on a local node over HTTP: the whole local stack deployed, then mints, a transfer, redeems,
 * fee accrual, a target and an auction with bids, a regime switch, locks and a delegation, a governance proposal
 * (propose, vote with reason, queue, execute), revenue deposit, a finalized week and a claim, and a mint once every
 * feed is stale. It records the blocks where things happened so tests compare entities with the chain there.
 */
import { JsonRpcProvider, MaxUint256, parseUnits, keccak256, toUtf8Bytes } from "ethers";
import type { Manifest } from "../../../manifest/index.js";
import { GOVERNANCE, REBALANCING } from "../../../deploy/config/localhost.js";
import { deployWholeLocalStack } from "../../../test/fixtures/wholeStack.js";
import {
  BlockableERC20__factory,
  IndexVault__factory,
  MockERC20__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TMAI__factory,
  TMAIGovernor__factory,
  VeTMAI__factory,
} from "../../../types/ethers-contracts/index.js";

const WEEK = 7 * 86_400;

/** The snapshot hash the scenario's target carries (any 32 bytes: the subgraph records what the event says). */
export const SCENARIO_SNAPSHOT_HASH = keccak256(toUtf8Bytes("scenario weekly snapshot"));

export interface ScenarioResult {
  manifest: Manifest;
  provider: JsonRpcProvider;
  vault: string;
  deployer: string;
  user: string;
  keeper: string;
  /** Block after the first part (mints, redeem, fees): where the restart test stops the first indexer. */
  midBlock: number;
  proposalId: bigint;
  voteReason: string;
  description: string;
  newManagementFee: bigint;
  bids: number;
  /** The mint made while every feed was stale (NAV reverts). */
  staleMintBlock: number;
  /** The user's redeem that deferred its USDC (before `midBlock`), and the later withdrawal (after it). */
  deferredBlock: number;
  deferredWithdrawnBlock: number;
  usdc: string;
}

export async function runScenario(rpcUrl: string): Promise<ScenarioResult> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  provider.pollingInterval = 50;
  const deployerSigner = await provider.getSigner(0);
  const userSigner = await provider.getSigner(1);
  const keeperSigner = await provider.getSigner(REBALANCING.keeperAccountIndex);
  const deployer = await deployerSigner.getAddress();
  const user = await userSigner.getAddress();
  const keeper = await keeperSigner.getAddress();
  const increase = async (seconds: number): Promise<void> => {
    await provider.send("evm_increaseTime", [seconds]);
    await provider.send("evm_mine", []);
  };
  const blockOf = async (tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<number> => {
    const receipt = await (await tx).wait();
    if (receipt === null) throw new Error("no receipt");
    return receipt.blockNumber;
  };

  // USDC with a blocklist, as the real one has: a redeem to a blocked account defers its USDC.
  const { d, r, g, manifest: built } = await deployWholeLocalStack(deployerSigner, keeper, { blockable: ["USDC"] });
  const { chainId } = await provider.getNetwork();
  const manifest: Manifest = { ...built, network: "localhost", chainId: Number(chainId), rpcUrl };

  const vault = IndexVault__factory.connect(d.demoIndex, deployerSigner);
  const token = (symbol: string): string => {
    const t = d.tokens.find((x) => x.symbol === symbol);
    if (t === undefined) throw new Error(`no ${symbol}`);
    return t.address;
  };
  // Approve every basket token once.
  for (const t of d.tokens) {
    await (await MockERC20__factory.connect(t.address, deployerSigner).approve(d.demoIndex, MaxUint256)).wait();
  }

  // Mints, a transfer, a redeem, streaming fees.
  const shares = parseUnits("100", 18);
  await blockOf(vault.mint(shares, deployer, [...(await vault.previewMint(shares))]));
  await blockOf(vault.transfer(user, parseUnits("10", 18)));
  const redeemShares = parseUnits("20", 18);
  const minOut = async (n: bigint): Promise<bigint[]> => (await vault.previewRedeem(n)).map((a) => (a * 99n) / 100n);
  await blockOf(vault.redeem(redeemShares, deployer, await minOut(redeemShares)));
  await increase(3_600);
  await blockOf(vault.accrueFees());
  const userVault = IndexVault__factory.connect(d.demoIndex, userSigner);
  await blockOf(userVault.redeem(parseUnits("4", 18), user, await minOut(parseUnits("4", 18))));
  // USDC blocks the user: the next redeem pays the rest and defers the USDC; once unblocked, the user withdraws it.
  const usdc = BlockableERC20__factory.connect(token("USDC"), deployerSigner);
  await blockOf(usdc.setBlocked(user, true));
  const deferredBlock = await blockOf(userVault.redeem(parseUnits("2", 18), user, await minOut(parseUnits("2", 18))));
  const midBlock = await provider.getBlockNumber();
  await blockOf(usdc.setBlocked(user, false));
  const deferredWithdrawnBlock = await blockOf(userVault.withdrawDeferred(token("USDC"), user));

  // A target, an auction, bids.
  const rebalancer = Rebalancer__factory.connect(r.rebalancer, keeperSigner);
  const targetAssets = [token("WBTC"), token("WETH"), token("USDC")];
  const targetWeights = [parseUnits("0.35", 18), parseUnits("0.3", 18), parseUnits("0.35", 18)];
  await blockOf(rebalancer.postTarget(d.demoIndex, targetAssets, targetWeights, SCENARIO_SNAPSHOT_HASH));
  await increase(REBALANCING.announcementDelaySeconds + 1);
  await blockOf(rebalancer.startRebalance(d.demoIndex));
  await increase(900);
  const bidder = Rebalancer__factory.connect(r.rebalancer, deployerSigner);
  let bids = 0;
  for (const symbol of ["SOL", "LINK"]) {
    const t = d.tokens.find((x) => x.symbol === symbol);
    if (t === undefined) throw new Error(`no ${symbol}`);
    // $500 of the surplus asset, paid in USDC.
    const sellAmount = (parseUnits("500", 18) * 10n ** BigInt(t.decimals)) / parseUnits(t.priceUsd, 18);
    await blockOf(bidder.bid(d.demoIndex, t.address, token("USDC"), sellAmount, MaxUint256, "0x"));
    bids++;
  }

  // Risk-off: the methodologist signals, the switch applies after the hysteresis.
  await blockOf(rebalancer.signalRegime(d.demoIndex, 1));
  await increase(REBALANCING.hysteresisSeconds + 1);
  await blockOf(rebalancer.applyRegime(d.demoIndex));

  // Locks and a delegation: the user locks TMAI and delegates to the deployer.
  const tmai = TMAI__factory.connect(d.tmai, deployerSigner);
  await blockOf(tmai.transfer(user, parseUnits("20000", 18)));
  const userVe = VeTMAI__factory.connect(d.ve, userSigner);
  await blockOf(TMAI__factory.connect(d.tmai, userSigner).approve(d.ve, MaxUint256));
  const now = (await provider.getBlock("latest"))?.timestamp ?? 0;
  await blockOf(userVe.createLock(parseUnits("20000", 18), now + 26 * WEEK));
  await blockOf(userVe.delegate(deployer));
  await blockOf(VeTMAI__factory.connect(d.ve, deployerSigner).increaseAmount(parseUnits("1000", 18)));

  // A proposal: raise the management fee; vote with a reason; queue; execute.
  const governor = TMAIGovernor__factory.connect(g.governor, deployerSigner);
  const newManagementFee = parseUnits("0.03", 18);
  const targets = [d.demoIndex];
  const values = [0n];
  const calldatas = [vault.interface.encodeFunctionData("setManagementFee", [newManagementFee])];
  const description = "Raise the GDEMO management fee to 3 %";
  const descriptionHash = keccak256(toUtf8Bytes(description));
  await increase(2);
  await blockOf(governor.propose(targets, values, calldatas, description));
  const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  // The vote comes in the last seconds of the period: reaching quorum late extends the deadline (ProposalExtended).
  await increase(GOVERNANCE.votingDelaySeconds + GOVERNANCE.votingPeriodSeconds - 10);
  const voteReason = "fees fund the stakers";
  await blockOf(governor.castVoteWithReason(proposalId, 1, voteReason));
  await increase(GOVERNANCE.lateQuorumExtensionSeconds + 1);
  await blockOf(governor.queue(targets, values, calldatas, descriptionHash));
  await increase(GOVERNANCE.timelockMinDelaySeconds + 1);
  await blockOf(governor.execute(targets, values, calldatas, descriptionHash));

  // Revenue: a TMAI deposit, a week of index fees closed, a claim.
  const distributor = RevenueDistributor__factory.connect(d.distributor, deployerSigner);
  await blockOf(tmai.approve(d.distributor, MaxUint256));
  await blockOf(distributor.deposit(d.tmai, parseUnits("500", 18)));
  await increase(WEEK);
  await blockOf(vault.accrueFees());
  await blockOf(distributor.checkpointToken(d.demoIndex));
  await blockOf(distributor.checkpointToken(d.tmai));
  await increase(WEEK);
  await blockOf(distributor.claim(d.demoIndex));
  await blockOf(distributor.claimAndLock());

  // Every feed is stale now (two weeks without updates): NAV reverts, a mint still works.
  const staleMintBlock = await blockOf(
    vault.mint(parseUnits("1", 18), deployer, [...(await vault.previewMint(parseUnits("1", 18)))]),
  );

  return {
    manifest,
    provider,
    vault: d.demoIndex,
    deployer,
    user,
    keeper,
    midBlock,
    proposalId,
    voteReason,
    description,
    newManagementFee,
    bids,
    staleMintBlock,
    deferredBlock,
    deferredWithdrawnBlock,
    usdc: token("USDC"),
  };
}
