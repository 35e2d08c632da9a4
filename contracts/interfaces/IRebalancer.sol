// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRegimeSignal} from "./IRegimeSignal.sol";

/// @title IRebalancer
/// @notice Target baskets, risk-on/risk-off regime with hysteresis, and Dutch auctions that move index vaults to
///         their target (see docs/REBALANCING.md).
interface IRebalancer {
    enum Regime {
        RiskOn,
        RiskOff
    }

    /// @notice Per-vault settings (admin).
    /// @param bandHigh Auction start premium over the oracle cross price, 18 decimals (0.02e18 = +2 %).
    /// @param bandLow Auction end discount under the oracle cross price, 18 decimals (0.01e18 = -1 %).
    /// @param auctionDuration Seconds the price takes to fall from the high to the low end of the band.
    /// @param announcementDelay Seconds between posting a target and it becoming effective.
    /// @param hysteresis Seconds a new regime must stay pending before it can be applied.
    /// @param weightCap Default highest weight of one asset in a posted target, 18 decimals.
    /// @param maxLotUsd Default largest value one bid may buy from the vault, USD 18 decimals.
    /// @param stablecoin The risk-off asset (100 % of the risk-off target).
    struct Config {
        uint64 bandHigh;
        uint64 bandLow;
        uint32 auctionDuration;
        uint32 announcementDelay;
        uint32 hysteresis;
        uint64 weightCap;
        uint128 maxLotUsd;
        address stablecoin;
    }

    error VaultNotConfigured(address vault);
    error InvalidConfig();
    error EmptyTarget();
    error TooManyAssets(uint256 count, uint256 max);
    error LengthMismatch(uint256 assets, uint256 weights);
    error DuplicateAsset(address asset);
    error AssetWithoutFeed(address asset);
    error ZeroWeight(address asset);
    error WeightAboveCap(address asset, uint256 weight, uint256 cap);
    error WeightsNotWhole(uint256 sum);
    error NoPendingTarget(address vault);
    error TargetAlreadyEffective(address vault);
    error NoTarget(address vault);
    error AuctionRunning(address vault);
    error AuctionsPaused();
    error NotPaused();
    error EmptyVault(address vault);
    error NothingToRebalance(address vault);
    error NoActiveAuction(address vault);
    error ExceedsSurplus(address asset, uint256 amount, uint256 surplus);
    error ExceedsDeficit(address asset, uint256 amount, uint256 deficit);
    error LotTooLarge(address asset, uint256 valueUsd, uint256 maxLotUsd);
    error PriceAboveMax(uint256 buyAmount, uint256 maxBuyAmount);
    /// @notice The bid would leave `remainder` of `asset`'s surplus, worth `remainderUsd` (USD 18 decimals), under
    ///         `MIN_REMAINDER_USD`: take the whole surplus or leave at least that much.
    error LeavesDust(address asset, uint256 remainder, uint256 remainderUsd);
    /// @notice A regime switch is pending for `vault`: its auction takes no bids until the switch is applied or
    ///         cleared.
    error RegimeSwitchPending(address vault);
    error RegimeNotDue(address vault);
    error RegimeSourceActive(address vault, address source);
    error NoRegimeSource(address vault);

    event ConfigSet(address indexed vault, Config config);
    event AssetLimitsSet(address indexed vault, address indexed asset, uint256 weightCap, uint256 maxLotUsd);
    /// @notice A target was posted for `vault`, effective at `effectiveAt`; `snapshotHash` is the keccak256 of the
    ///         published methodology snapshot it was computed from (zero when none).
    event TargetPosted(
        address indexed vault,
        bytes32 indexed key,
        address[] assets,
        uint256[] weights,
        uint256 effectiveAt,
        bytes32 snapshotHash
    );
    event TargetReplaced(address indexed vault, bytes32 indexed oldKey);
    event TargetCancelled(address indexed vault, bytes32 indexed key);
    event TargetActivated(address indexed vault, bytes32 indexed key);
    event RegimeSignalled(address indexed vault, Regime regime, uint256 dueAt);
    event RegimeSignalCleared(address indexed vault);
    event RegimeSwitched(address indexed vault, Regime regime);
    event RegimeSourceSet(address indexed vault, address indexed source);
    event AuctionsPausedSet(address indexed by, bool paused);
    event RebalanceStarted(
        address indexed vault,
        uint256 indexed auctionId,
        bytes32 indexed key,
        uint256 navUsd,
        uint256 start,
        uint256 end
    );
    event BidFilled(
        address indexed vault,
        uint256 indexed auctionId,
        address indexed bidder,
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        uint256 priceFactor
    );

    /// @notice Whether a rebalance of `vault` may be started now (not paused, target set, not already running).
    function canStart(address vault) external view returns (bool);

    /// @notice Key (hash of assets and weights) of the target a rebalance would aim at now.
    function currentTargetKey(address vault) external view returns (bytes32);

    /// @notice Whether a pending regime of `vault` has waited its hysteresis and can be applied.
    function regimeDue(address vault) external view returns (bool);

    /// @notice Regime in force for `vault`, and the pending one (if `hasPending`) with the time it was signalled.
    function regime(
        address vault
    ) external view returns (Regime current, Regime pending, bool hasPending, uint256 since);

    /// @notice On-chain regime source of `vault` (zero: the methodologist signals).
    function regimeSource(address vault) external view returns (IRegimeSignal);

    /// @notice Reads `vault`'s regime source and marks its signal pending, or clears a pending switch (anyone).
    function pokeRegime(address vault) external;

    /// @notice Starts a rebalance of `vault` towards its current target (anyone).
    function startRebalance(address vault) external returns (uint256 auctionId);

    /// @notice Applies the pending regime of `vault` once due (anyone).
    function applyRegime(address vault) external;

    /// @notice Removes zero-unit basket slots of `vault` while no auction runs (anyone).
    function compact(address vault) external;

    /// @notice Takes `sellAmount` of `vault`'s surplus `sell` and pays its deficit `buy` at the auction price, paying
    ///         at most `maxBuyAmount`; non-empty `data` makes the vault call the bidder back before it pays.
    function bid(
        address vault,
        address sell,
        address buy,
        uint256 sellAmount,
        uint256 maxBuyAmount,
        bytes calldata data
    ) external returns (uint256 buyAmount);

    /// @notice What a bidder pays now in `buy` for `sellAmount` of `sell` (all bid checks applied).
    function quote(
        address vault,
        address sell,
        address buy,
        uint256 sellAmount
    ) external view returns (uint256 buyAmount);
}
