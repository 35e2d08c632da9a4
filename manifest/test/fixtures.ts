import type { Manifest } from "../index.js";

const a = (n: number): string => "0x" + n.toString(16).padStart(40, "0");

/** A valid local-stack manifest (`npm start`): `DemoIndex`, a DEX, rebalancing and governance. */
export function localManifest(): Manifest {
  return {
    version: 2,
    network: "localhost",
    chainId: 31337,
    rpcUrl: "http://127.0.0.1:8545",
    deployedAt: "2026-12-01T05:00:00.000Z",
    startBlock: 0,
    roles: { admin: a(0x71), guardian: a(0x02), feeRecipient: a(0x03), methodologist: a(0x04) },
    contracts: {
      PriceOracle: { address: a(0x10) },
      IndexVaultDeployer: { address: a(0x11) },
      IndexFactory: { address: a(0x12) },
      TMAI: { address: a(0x13) },
      VeTMAI: { address: a(0x14) },
      RevenueDistributor: { address: a(0x15) },
      IndexRouter: { address: a(0x16) },
      UniswapV3SwapRouter: { address: a(0x17) },
      Rebalancer: { address: a(0x18) },
      RebalanceUpkeep: { address: a(0x19) },
      UniswapSolver: { address: a(0x1a) },
      Governor: { address: a(0x70) },
      Timelock: { address: a(0x71) },
    },
    indices: [
      {
        name: "DemoIndex",
        address: a(0xd0),
        tokenName: "TMAI Demo Index",
        symbol: "TDEMO",
        creationBlock: 0,
        rebalancing: {
          bandHigh: "0.02",
          bandLow: "0.01",
          auctionDurationSeconds: 1800,
          announcementDelaySeconds: 60,
          hysteresisSeconds: 120,
          weightCap: "0.35",
          maxLotUsd: "1000000",
          stablecoin: a(0x21),
          upkeepPeriodSeconds: 3600,
        },
      },
    ],
    tokens: [
      {
        symbol: "WETH",
        name: "Wrapped Ether",
        decimals: 18,
        address: a(0x20),
        feed: a(0x30),
        priceUsd: "3000",
        unitsPerShare: "1000",
      },
      {
        symbol: "USDC",
        name: "USD Coin",
        decimals: 6,
        address: a(0x21),
        feed: a(0x31),
        priceUsd: "1",
        unitsPerShare: "5",
      },
    ],
    pools: { quoteToken: a(0x21), fee: 3000, bySymbol: { WETH: a(0x40) } },
  };
}

/** A valid network manifest (`npm run deploy`): `Index`, every contract recorded for verification and re-runs. */
export function networkManifest(): Manifest {
  return {
    version: 2,
    network: "base",
    chainId: 8453,
    rpcUrl: "https://mainnet.base.org",
    deployedAt: "2026-12-01T05:00:00.000Z",
    startBlock: 123,
    config: "base",
    dryRun: false,
    roles: { admin: a(0x71), guardian: a(0x02), feeRecipient: a(0x15), methodologist: a(0x04) },
    contracts: {
      PriceOracle: {
        address: a(0x10),
        contract: "contracts/PriceOracle.sol:PriceOracle",
        constructorArgs: [a(0x01)],
        txHash: "0x" + "ab".repeat(32),
      },
      Timelock: { address: a(0x71), contract: "contracts/TMAITimelock.sol:TMAITimelock", constructorArgs: ["1", []] },
    },
    indices: [
      {
        name: "Index",
        address: a(0x1d),
        tokenName: "TMAI Blue Chip Index",
        symbol: "TMAI10",
        creationBlock: 130,
        contract: "contracts/IndexVault.sol:IndexVault",
        constructorArgs: [{ name: "TMAI Blue Chip Index", units: ["1", "2"], fees: { mintFee: "0" } }],
      },
    ],
    tokens: [
      {
        symbol: "WETH",
        name: "WETH",
        decimals: 18,
        address: a(0x20),
        feed: a(0x30),
        priceUsd: "3000",
        unitsPerShare: "1000",
      },
    ],
  };
}
