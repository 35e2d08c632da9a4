// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// These structs are only ever in memory and in ABI-encoded answers (one word per field either way), never in
// storage: slot packing does not apply, and the fields keep the order a screen reads them in.
// solhint-disable gas-struct-packing

import {IIndexVault} from "./IIndexVault.sol";
import {IRebalancer} from "./IRebalancer.sol";
import {IVeTMAI} from "./IVeTMAI.sol";

/// @title IIndexLens
/// @notice Read-only views that answer in one `eth_call` what a screen shows about an index (basket, prices, NAV,
///         fees, regime, targets, auction) and about an account (balances, allowances, veTMAI, revenue). A stale or
///         broken price feed, or a token whose metadata or balance call reverts, shows up as a status or a flag of
///         that entry, never as a reverting call.
interface IIndexLens {
    /// @notice Outcome of the oracle's checked price of one asset: `Ok`, one value per PriceOracle custom error, or
    ///         `Unknown` (another revert: the feed itself reverted or answered garbage, or it ran out of its gas).
    enum PriceStatus {
        Ok,
        NoFeed,
        Stale,
        NonPositive,
        OutOfBounds,
        SequencerDown,
        SequencerGracePeriod,
        Unknown
    }

    /// @notice One basket slot of an index, priced. USD amounts have 18 decimals.
    /// @param asset The token.
    /// @param symbol The token's `symbol()` (a bytes32 symbol is decoded, a long one cut to 64 bytes); empty when the
    ///        call reverts or answers garbage.
    /// @param decimals The oracle's cached decimals of the token when it has a feed, else the token's `decimals()`
    ///        (zero when that fails too). USD values are computed with it, as the vault's `navPerShare` does.
    /// @param unitsPerShare Amount backing 1e18 shares, in the token's decimals (the vault's `getBasket`).
    /// @param totalAmount Amount the whole supply accounts for (the vault's `totalBasket`).
    /// @param status Outcome of the oracle's checked price.
    /// @param price USD per whole token (the oracle's `getPrice`); zero unless `status` is `Ok`.
    /// @param updatedAt Timestamp of the feed's latest answer, read from the feed (zero without a readable feed): how
    ///        old a stale price is.
    /// @param valuePerShare USD value of `unitsPerShare`; zero unless `Ok`.
    /// @param totalValue USD value of `totalAmount`; zero unless `Ok`.
    /// @param weight Share of the (possibly partial) NAV per share, 18 decimals, rounded down; zero unless `Ok`.
    struct BasketAsset {
        address asset;
        string symbol;
        uint8 decimals;
        uint256 unitsPerShare;
        uint256 totalAmount;
        PriceStatus status;
        uint256 price;
        uint256 updatedAt;
        uint256 valuePerShare;
        uint256 totalValue;
        uint256 weight;
    }

    /// @notice What the running auction still trades of one asset (the Rebalancer's `gap`).
    /// @param asset The token.
    /// @param ok Whether the Rebalancer's `gap` answered (the amounts are zero when it did not).
    /// @param surplus Amount bidders may still take from the vault.
    /// @param deficit Amount bidders may still pay to the vault.
    /// @param surplusUsd USD value of `surplus` at the oracle price; zero when the price is not `Ok`.
    /// @param deficitUsd USD value of `deficit` at the oracle price; zero when the price is not `Ok`.
    /// @param maxLotUsd Largest USD value one bid may take of this asset (the Rebalancer's `maxLotUsd`).
    struct AuctionLot {
        address asset;
        bool ok;
        uint256 surplus;
        uint256 deficit;
        uint256 surplusUsd;
        uint256 deficitUsd;
        uint256 maxLotUsd;
    }

    /// @notice The vault's running or last auction (the Rebalancer's `auction`).
    /// @param id Auction id (zero: none ever started).
    /// @param start Start timestamp.
    /// @param end End timestamp (bids are taken until and including it).
    /// @param key Key of the target the auction aims at.
    /// @param active Whether bids are within its time (`id != 0` and now <= `end`).
    /// @param bidsOpen Whether a bid could be taken now: active and no regime switch pending.
    /// @param onCurrentTarget Whether `key` is the key of the current target (`RebalanceState.targetKey`).
    /// @param priceFactor Current price factor (1e18 = oracle cross price); zero when not active.
    /// @param lots While active: every basket slot in basket order, then each asset of the current target not in the
    ///        basket (when `onCurrentTarget`); empty otherwise.
    struct AuctionState {
        uint256 id;
        uint256 start;
        uint256 end;
        bytes32 key;
        bool active;
        bool bidsOpen;
        bool onCurrentTarget;
        uint256 priceFactor;
        AuctionLot[] lots;
    }

    /// @notice The Rebalancer's view of one vault: settings, regime, targets and auction.
    /// @param rebalancer The Rebalancer read (zero: the vault has none; every other field is then zero).
    /// @param configured Whether the Rebalancer serves the vault (its config has a non-zero auction duration).
    /// @param config The vault's settings (band, durations, caps, stablecoin).
    /// @param auctionsPaused Whether starting auctions is paused.
    /// @param canStart Whether a rebalance could be started now.
    /// @param regime Regime in force.
    /// @param pendingRegime Regime signalled and waiting for its hysteresis (meaningful when `hasPendingRegime`).
    /// @param hasPendingRegime Whether a regime switch is pending.
    /// @param pendingRegimeSince When the pending regime was signalled (zero when none).
    /// @param pendingRegimeDueAt When the pending regime may be applied: `pendingRegimeSince` + hysteresis (zero
    ///        when none).
    /// @param regimeDue Whether the pending regime may be applied now.
    /// @param regimeSource On-chain regime source (zero: the methodologist signals).
    /// @param targetAssets Assets of the target a rebalance would aim at now (risk-off: the stablecoin alone).
    /// @param targetWeights Weights of `targetAssets`, 18 decimals.
    /// @param targetKey Key of that target (zero when none).
    /// @param pendingTargetAssets Assets of the posted target waiting for its announcement delay (or effective but
    ///        not yet promoted); empty when none.
    /// @param pendingTargetWeights Weights of `pendingTargetAssets`.
    /// @param pendingTargetEffectiveAt When the pending target takes effect (zero when none).
    /// @param auction The running or last auction.
    struct RebalanceState {
        address rebalancer;
        bool configured;
        IRebalancer.Config config;
        bool auctionsPaused;
        bool canStart;
        IRebalancer.Regime regime;
        IRebalancer.Regime pendingRegime;
        bool hasPendingRegime;
        uint256 pendingRegimeSince;
        uint256 pendingRegimeDueAt;
        bool regimeDue;
        address regimeSource;
        address[] targetAssets;
        uint256[] targetWeights;
        bytes32 targetKey;
        address[] pendingTargetAssets;
        uint256[] pendingTargetWeights;
        uint256 pendingTargetEffectiveAt;
        AuctionState auction;
    }

    /// @notice Everything an index screen shows. USD amounts have 18 decimals.
    /// @param vault The index vault.
    /// @param name ERC-20 name of the index token.
    /// @param symbol ERC-20 symbol of the index token.
    /// @param totalSupply Index shares in existence (fee shares not yet accrued excluded, as `totalSupply()`).
    /// @param navPerShare USD value of 1e18 shares: the sum of the `Ok` assets' `valuePerShare`. Equal to the vault's
    ///        `navPerShare()` when `navPartial` is false.
    /// @param totalValue USD value of what the whole supply accounts for, over the `Ok` assets.
    /// @param navPartial Whether some slot's price is not `Ok` (the vault's own `navPerShare()` would revert): NAV,
    ///        value and weights then leave those assets out.
    /// @param fees Management (per year, as set), mint and redeem fees, 18 decimals.
    /// @param feeRecipient Receiver of fee shares.
    /// @param mintPaused Whether minting is paused (redeem never is).
    /// @param basketVersion Layout version of the basket (a mint or redeem may pin it).
    /// @param oracle The vault's price oracle.
    /// @param basket Every basket slot, in basket order.
    /// @param rebalance The Rebalancer's state for the vault (all zero when no rebalancer was given).
    struct IndexSummary {
        address vault;
        string name;
        string symbol;
        uint256 totalSupply;
        uint256 navPerShare;
        uint256 totalValue;
        bool navPartial;
        IIndexVault.FeeParams fees;
        address feeRecipient;
        bool mintPaused;
        uint32 basketVersion;
        address oracle;
        BasketAsset[] basket;
        RebalanceState rebalance;
    }

    /// @notice An account's holding of one basket asset and what it allows the vault to pull.
    /// @param asset The token.
    /// @param ok Whether both the token's `balanceOf` and `allowance` answered (zero amounts when not).
    /// @param balance The account's balance.
    /// @param allowance What the account allows the vault to pull (an in-kind mint needs it).
    /// @param deferred What the vault holds for the account from a redeem whose transfer reverted.
    struct AssetPosition {
        address asset;
        bool ok;
        uint256 balance;
        uint256 allowance;
        uint256 deferred;
    }

    /// @notice What the account may claim of one revenue token.
    /// @param token The revenue token.
    /// @param symbol Its `symbol()` (same decoding as `BasketAsset.symbol`).
    /// @param decimals Its `decimals()` (zero when the call fails).
    /// @param claimable The distributor's `claimable(account, token)`.
    struct RevenueClaim {
        address token;
        string symbol;
        uint8 decimals;
        uint256 claimable;
    }

    /// @notice The account's veTMAI lock, score, votes and revenue.
    /// @param ve The veTMAI contract (zero when no distributor was given; every field is then zero).
    /// @param tmai The TMAI token.
    /// @param tmaiBalance The account's TMAI balance.
    /// @param tmaiAllowance What the account allows veTMAI to pull (a lock needs it).
    /// @param lockAmount TMAI locked.
    /// @param lockEnd When the lock ends (zero after withdrawal).
    /// @param score Current score of the account's own lock (its revenue weight).
    /// @param totalScore Sum of all scores.
    /// @param tier Score tier.
    /// @param votes Current votes (own lock unless delegated away, plus what others delegate to it).
    /// @param delegate Who the account's votes go to (itself by default).
    /// @param revenue One entry per revenue token of the distributor, in its order.
    struct StakingPosition {
        address ve;
        address tmai;
        uint256 tmaiBalance;
        uint256 tmaiAllowance;
        uint256 lockAmount;
        uint256 lockEnd;
        uint256 score;
        uint256 totalScore;
        IVeTMAI.Tier tier;
        uint256 votes;
        address delegate;
        RevenueClaim[] revenue;
    }

    /// @notice Everything an account screen shows.
    /// @param account The account.
    /// @param vault The index vault read (zero: none; the index fields are then zero).
    /// @param indexBalance The account's index shares.
    /// @param basketVersion Layout version `assets` follows.
    /// @param assets One entry per basket slot, in basket order.
    /// @param staking veTMAI and revenue.
    struct AccountSummary {
        address account;
        address vault;
        uint256 indexBalance;
        uint32 basketVersion;
        AssetPosition[] assets;
        StakingPosition staking;
    }

    /// @notice The lens had too little gas left to give a call its whole gas allowance, and the call failed: the
    ///         failure could be the lens's, not the callee's, so it is not reported as a status. Retry with more gas.
    error InsufficientGas(uint256 gasLeft, uint256 needed);
    /// @notice A list read from a protocol contract is longer than the lens's bound.
    error TooManyEntries(uint256 count, uint256 max);

    /// @notice An index's summary: token, supply, NAV, basket with prices and weights, fees and, when `rebalancer`
    ///         is not zero, its regime, targets and auction with lots.
    /// @param vault The index vault.
    /// @param rebalancer The Rebalancer serving the vault, or zero.
    /// @return summary See `IndexSummary`.
    function indexSummary(address vault, address rebalancer) external view returns (IndexSummary memory summary);

    /// @notice An account's summary: index balance and, per basket asset, balance, allowance to the vault and
    ///         deferred amount; veTMAI lock, score, tier, votes, delegate and claimable revenue per token.
    /// @param vault The index vault, or zero to leave the index part out.
    /// @param account The account.
    /// @param distributor The revenue distributor (veTMAI is its `ve()`), or zero to leave the staking part out.
    /// @return summary See `AccountSummary`.
    function accountSummary(
        address vault,
        address account,
        address distributor
    ) external view returns (AccountSummary memory summary);
}
