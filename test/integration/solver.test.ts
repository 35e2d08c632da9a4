import { expect } from "chai";
import { ZeroHash, parseUnits, type Signer } from "ethers";
import { network } from "hardhat";
import { DEMO_TOKENS } from "../../deploy/config/localhost.js";
import { deployLocalDex, type LocalDex } from "../fixtures/dex.js";
import { deployLocalProtocol, type LocalDeployment } from "../fixtures/protocol.js";
import {
  IndexVault__factory,
  MockERC20__factory,
  Rebalancer__factory,
  UniswapSolver__factory,
  type IndexVault,
  type Rebalancer,
  type UniswapSolver,
} from "../../types/ethers-contracts/index.js";

const BAND_HIGH = parseUnits("0.02", 18); // the auction starts 2 % above the oracle cross price
const BAND_LOW = parseUnits("0.01", 18); // and ends 1 % below it
const DURATION = 6 * 3600;
const DELAY = 3600; // announcement delay of a posted target
const HYSTERESIS = 3600;
const STEP = 300; // the keeper looks at the auction every 5 minutes
const RISK_OFF = 1;

interface World {
  d: LocalDeployment;
  dex: LocalDex;
  vault: IndexVault;
  rebalancer: Rebalancer;
  solver: UniswapSolver;
  methodologist: Signer;
  treasury: string;
  token: (symbol: string) => string;
  now: () => Promise<number>;
  increaseTime: (s: number) => Promise<void>;
}

/**
 * The demo protocol grown to ~$100k NAV, real Uniswap v3 with a deep USDC pool per basket token at oracle prices,
 * a Rebalancer serving the demo index, and the solver with a keeper operator and a treasury for the profit.
 */
async function buildWorld(): Promise<World> {
  const { ethers, networkHelpers } = await network.create();
  const [deployer, keeper, treasury] = await ethers.getSigners();
  const d = await deployLocalProtocol(deployer!);
  const dex = await deployLocalDex(deployer!, d);
  const vault = IndexVault__factory.connect(d.demoIndex, deployer);
  const shares = parseUnits("990", 18);
  await (await vault.mint(shares, deployer!.address, [...(await vault.previewMint(shares))])).wait();

  const token = (symbol: string): string => d.tokens.find((t) => t.symbol === symbol)!.address;
  const rebalancer = await new Rebalancer__factory(deployer).deploy(d.oracle, deployer!.address);
  const rebalancerAddress = await rebalancer.getAddress();
  await (await vault.grantRole(await vault.REBALANCER_ROLE(), rebalancerAddress)).wait();
  await (await rebalancer.grantRole(await rebalancer.METHODOLOGIST_ROLE(), deployer!.address)).wait();
  await (
    await rebalancer.setConfig(d.demoIndex, {
      bandHigh: BAND_HIGH,
      bandLow: BAND_LOW,
      auctionDuration: DURATION,
      announcementDelay: DELAY,
      hysteresis: HYSTERESIS,
      weightCap: parseUnits("0.5", 18),
      maxLotUsd: parseUnits("20000", 18),
      stablecoin: token("USDC"),
    })
  ).wait();

  const solver = await new UniswapSolver__factory(deployer).deploy(
    dex.swapRouter,
    dex.quoteToken,
    deployer!.address,
    treasury!.address,
  );
  await (await solver.grantRole(await solver.OPERATOR_ROLE(), keeper!.address)).wait();
  return {
    d,
    dex,
    vault,
    rebalancer,
    solver: solver.connect(keeper!),
    methodologist: deployer!,
    treasury: treasury!.address,
    token,
    now: async () => networkHelpers.time.latest(),
    increaseTime: async (s) => {
      await networkHelpers.time.increase(s);
    },
  };
}

async function expectSolverRevert(p: Promise<unknown>, error: string): Promise<void> {
  const errors = UniswapSolver__factory.createInterface();
  try {
    await p;
  } catch (err) {
    const data = (err as { data?: string }).data ?? "";
    expect(errors.parseError(data)?.name ?? (err as Error).message).to.equal(error);
    return;
  }
  expect.fail(`expected a revert with ${error}`);
}

async function held(w: World, asset: string): Promise<bigint> {
  const [assets, amounts] = await w.vault.totalBasket();
  const i = assets.findIndex((a) => a === asset);
  return i < 0 ? 0n : amounts[i]!;
}

/** Every basket token held by the solver, and its allowances to the vault and the router. */
async function solverHoldings(w: World): Promise<bigint> {
  const solver = await w.solver.getAddress();
  let sum = 0n;
  for (const t of w.d.tokens) {
    const token = MockERC20__factory.connect(t.address, w.methodologist);
    sum += await token.balanceOf(solver);
    sum += await token.allowance(solver, w.d.demoIndex);
    sum += await token.allowance(solver, w.dex.swapRouter);
  }
  return sum;
}

/** Amount of `symbol` worth `usd` at its demo price. */
function amountOfUsd(w: World, symbol: string, usd: number): bigint {
  const t = w.d.tokens.find((x) => x.symbol === symbol)!;
  return (parseUnits(String(usd), 18) * 10n ** BigInt(t.decimals)) / parseUnits(t.priceUsd, 18);
}

interface Fill {
  sell: string;
  buy: string;
  sellAmount: bigint;
}

/**
 * Advances the auction in keeper steps until a fill with no minimum profit would succeed (simulated), and returns the
 * simulated profit and how far into the auction it was found.
 */
async function waitUntilProfitable(w: World, f: Fill): Promise<{ profit: bigint; elapsed: number }> {
  const [, start] = await w.rebalancer.auction(w.d.demoIndex);
  for (;;) {
    const now = await w.now();
    if (now > Number(start) + DURATION) expect.fail("the auction ended without a profitable fill");
    try {
      const [, profit] = await w.solver.fill.staticCall(
        await w.rebalancer.getAddress(),
        w.d.demoIndex,
        f.sell,
        f.buy,
        f.sellAmount,
        2n ** 256n - 1n,
        0n,
        now + 600,
      );
      return { profit, elapsed: now - Number(start) };
    } catch (err) {
      const parsed = UniswapSolver__factory.createInterface().parseError((err as { data?: string }).data ?? "");
      expect(parsed?.name).to.equal("Unprofitable", (err as Error).message);
    }
    await w.increaseTime(STEP);
  }
}

interface Snapshot {
  sell: bigint;
  buy: bigint;
  sellSurplus: bigint;
  buyDeficit: bigint;
  nav: bigint;
  treasury: bigint;
}

async function snapshot(w: World, f: Fill): Promise<Snapshot> {
  const [sellSurplus] = await w.rebalancer.gap(w.d.demoIndex, f.sell);
  const [, buyDeficit] = await w.rebalancer.gap(w.d.demoIndex, f.buy);
  return {
    sell: await held(w, f.sell),
    buy: await held(w, f.buy),
    sellSurplus,
    buyDeficit,
    nav: await w.vault.navPerShare(),
    treasury: await MockERC20__factory.connect(f.buy, w.methodologist).balanceOf(w.treasury),
  };
}

/** Fills `f` at the first profitable keeper step and checks the vault, the solver and the treasury. */
async function fillAndCheck(w: World, f: Fill): Promise<{ gasUsed: bigint; elapsed: number; profit: bigint }> {
  const rebalancer = await w.rebalancer.getAddress();
  const { profit: simulated, elapsed } = await waitUntilProfitable(w, f);
  const before = await snapshot(w, f);
  const quote = await w.rebalancer.quote(w.d.demoIndex, f.sell, f.buy, f.sellAmount);
  const tx = await w.solver.fill(
    rebalancer,
    w.d.demoIndex,
    f.sell,
    f.buy,
    f.sellAmount,
    quote, // never pay more than the quote seen
    simulated / 2n,
    (await w.now()) + 600,
  );
  const receipt = (await tx.wait())!;
  const filled = receipt.logs.map((l) => w.solver.interface.parseLog(l)).find((e) => e?.name === "Filled")!;
  const buyAmount = filled.args.getValue("buyAmount") as bigint;
  const profit = filled.args.getValue("profit") as bigint;
  const after = await snapshot(w, f);

  // The vault moved toward the target: it gave `sellAmount` and got `buyAmount`; its accounting rounds down by at
  // most supply x scale / 1e36 wei per asset and trade (docs/REBALANCING.md), ~1,000 wei for 1,000 shares.
  const supply = await w.vault.totalSupply();
  const slack = (supply * (await w.vault.scale())) / 10n ** 36n + 1n;
  const gave = before.sell - after.sell;
  const got = after.buy - before.buy;
  expect(gave >= f.sellAmount && gave <= f.sellAmount + slack).to.equal(true, `gave ${gave} for ${f.sellAmount}`);
  expect(got <= buyAmount && got + slack >= buyAmount).to.equal(true, `got ${got} for ${buyAmount}`);
  expect(after.sellSurplus < before.sellSurplus).to.equal(true, "surplus of sell shrank");
  expect(after.buyDeficit < before.buyDeficit).to.equal(true, "deficit of buy shrank");
  expect(buyAmount <= quote).to.equal(true);
  // The solver holds nothing and the profit went to the treasury.
  expect(await solverHoldings(w)).to.equal(0n);
  expect(profit >= simulated / 2n).to.equal(true);
  expect(after.treasury - before.treasury).to.equal(profit);
  // NAV per share lost at most the band's discount on the traded value (here: well under 0.1 % of NAV).
  const sellValue = await tradeValueUsd(w, f.sell, f.sellAmount);
  // Per 1e18 shares; the slack covers a few seconds of streaming fee between the two reads.
  const maxLoss = (sellValue * BAND_LOW) / supply + 10n ** 12n;
  expect(before.nav - after.nav <= maxLoss).to.equal(true, `NAV ${before.nav} -> ${after.nav}, max loss ${maxLoss}`);
  return { gasUsed: receipt.gasUsed, elapsed, profit };
}

/** USD value (18 decimals) of `amount` of `asset` at its demo price. */
async function tradeValueUsd(w: World, asset: string, amount: bigint): Promise<bigint> {
  const t = w.d.tokens.find((x) => x.address === asset)!;
  return (amount * parseUnits(t.priceUsd, 18)) / 10n ** BigInt(t.decimals);
}

async function startRiskOff(w: World): Promise<void> {
  await (await w.rebalancer.signalRegime(w.d.demoIndex, RISK_OFF)).wait();
  await w.increaseTime(HYSTERESIS);
  await (await w.rebalancer.applyRegime(w.d.demoIndex)).wait();
  await (await w.rebalancer.startRebalance(w.d.demoIndex)).wait();
}

describe("UniswapSolver: fills rebalance auctions through real Uniswap v3 pools", function () {
  it("risk-off: sells WBTC for USDC in one hop once the auction is below the pool, profit to the treasury", async function () {
    const w = await buildWorld();
    await startRiskOff(w);
    const f = { sell: w.token("WBTC"), buy: w.token("USDC"), sellAmount: amountOfUsd(w, "WBTC", 10_000) };
    const first = await fillAndCheck(w, f);
    console.log(
      `      fill WBTC->USDC ($10k, 1 hop): gas ${first.gasUsed}, profitable ${first.elapsed}s into the ` +
        `${DURATION}s auction, profit ${Number(first.profit) / 1e6} USDC`,
    );
    // A second lot later in the same auction (warm storage: the treasury already holds USDC).
    await w.increaseTime(STEP);
    const second = await fillAndCheck(w, f);
    console.log(`      second fill WBTC->USDC: gas ${second.gasUsed}, ${second.elapsed}s into the auction`);
  });

  it("a new target: sells WBTC for WETH in two hops through USDC", async function () {
    const w = await buildWorld();
    // Demo weights with 10 % moved from WBTC to WETH.
    const shift: Record<string, bigint> = { WBTC: -1000n, WETH: 1000n }; // basis points
    const assets = DEMO_TOKENS.map((t) => w.token(t.symbol));
    const weights = DEMO_TOKENS.map((t) => (BigInt(t.weightBps) + (shift[t.symbol] ?? 0n)) * 10n ** 14n);
    await (await w.rebalancer.postTarget(w.d.demoIndex, assets, weights, ZeroHash)).wait();
    await w.increaseTime(DELAY);
    await (await w.rebalancer.startRebalance(w.d.demoIndex)).wait();
    const f = { sell: w.token("WBTC"), buy: w.token("WETH"), sellAmount: amountOfUsd(w, "WBTC", 5_000) };
    const { gasUsed, elapsed } = await fillAndCheck(w, f);
    console.log(`      fill WBTC->WETH ($5k, 2 hops): gas ${gasUsed}, profitable ${elapsed}s into the auction`);
  });

  it("an unprofitable fill reverts with Unprofitable and changes nothing", async function () {
    const w = await buildWorld();
    await startRiskOff(w);
    const f = { sell: w.token("WBTC"), buy: w.token("USDC"), sellAmount: amountOfUsd(w, "WBTC", 10_000) };
    const rebalancer = await w.rebalancer.getAddress();
    const fill = async (minProfit: bigint) =>
      w.solver.fill(
        rebalancer,
        w.d.demoIndex,
        f.sell,
        f.buy,
        f.sellAmount,
        2n ** 256n - 1n,
        minProfit,
        (await w.now()) + 600,
      );

    // At the start the vault asks 2 % over the oracle: the pool (0.3 % fee) cannot pay that.
    const before = await snapshot(w, f);
    await expectSolverRevert(fill(0n), "Unprofitable");
    // Later it is profitable, but not by as much as asked.
    const { profit } = await waitUntilProfitable(w, f);
    const mid = await snapshot(w, f);
    expect(mid.sell).to.equal(before.sell);
    expect(mid.buy).to.equal(before.buy);
    await expectSolverRevert(fill(profit * 100n), "Unprofitable");
    const after = await snapshot(w, f);
    expect(after.sell).to.equal(before.sell);
    expect(after.buy).to.equal(before.buy);
    expect(after.treasury).to.equal(before.treasury);
    expect(await solverHoldings(w)).to.equal(0n);
  });
});
