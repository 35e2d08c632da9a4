// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IVeTMAI
/// @notice Vote-escrowed TMAI: non-transferable locks of 1 to 52 weeks whose score decays linearly to zero at expiry.
/// @dev Time lookups (`*At`, `getPast*`) report the state at the opening of second `t`, before any transaction
///      with that timestamp: power acquired at `t` counts from `t + 1`. Live getters (`balanceOf`, `totalSupply`,
///      `getVotes`) include the current block.
interface IVeTMAI is IERC5805 {
    /// @notice Score tiers, from the admin-set thresholds of `tierOf`.
    enum Tier {
        None,
        Bronze,
        Silver,
        Gold,
        Platinum
    }

    // ---- errors
    /// @notice A past lookup (`getPast*`) asked for the current or a future timepoint.
    error ERC5805FutureLookup(uint256 timepoint, uint48 clock);
    /// @notice The clock no longer matches the block timestamp.
    error ERC6372InconsistentClock();
    error ZeroAddress();
    error ZeroAmount();
    error BelowMinimum(uint256 amount, uint256 minimum);
    error LockTooShort(uint256 end, uint256 timestamp);
    error LockTooLong(uint256 end, uint256 maxEnd);
    error LockExists(uint256 amount, uint256 end);
    error NoLock(address account);
    error LockExpired(uint256 end);
    error LockNotExpired(uint256 end);
    error UnlockTimeNotLater(uint256 end, uint256 currentEnd);
    error LocksPaused();
    error AlreadyPaused();
    error NotPaused();
    error MinLockAmountOutOfBounds(uint256 amount, uint256 max);
    error InvalidTierThresholds();
    error NotRevenueDistributor(address caller);

    // ---- events
    /// @notice A lock was created or grown: `added` tokens paid by `payer`, new `amount` and `end` of the lock.
    event LockUpdated(address indexed account, address indexed payer, uint256 added, uint256 amount, uint256 end);
    /// @notice An expired lock was withdrawn.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice New locks were paused (`true`) or resumed (`false`) by `by`.
    event PausedSet(address indexed by, bool paused);
    /// @notice The minimum amount of a new lock changed.
    event MinLockAmountSet(uint256 amount);
    /// @notice The score thresholds of Bronze, Silver, Gold and Platinum changed.
    event TierThresholdsSet(uint256[4] thresholds);
    /// @notice The global point was recorded at `timestamp` by `checkpoint()`; `pointCount` points exist.
    event Checkpointed(uint256 timestamp, uint256 pointCount);
    /// @notice The contract allowed to call `depositFor` changed.
    event RevenueDistributorSet(address distributor);

    // ---- locks
    /// @notice Locks `amount` of the caller's TMAI until `unlockTime` rounded down to a whole week.
    function createLock(uint256 amount, uint256 unlockTime) external;

    /// @notice Adds `amount` of the caller's TMAI to the caller's unexpired lock, keeping its end.
    function increaseAmount(uint256 amount) external;

    /// @notice Extends the caller's unexpired lock to `unlockTime` rounded down to a whole week.
    function increaseUnlockTime(uint256 unlockTime) external;

    /// @notice Adds `amount` of the revenue distributor's TMAI to `account`'s unexpired lock (claim-and-lock).
    function depositFor(address account, uint256 amount) external;

    /// @notice Records the global point at now (bounded catch-up); anyone may call it.
    function checkpoint() external;

    /// @notice Returns the caller's whole amount once the lock has expired.
    function withdraw() external;

    // ---- views
    /// @notice The TMAI token locked.
    function token() external view returns (address);

    /// @notice Amount and end of `account`'s lock (zeros after withdrawal).
    function locked(address account) external view returns (uint256 amount, uint256 end);

    /// @notice Current score of `account`'s own lock: amount x remaining / 52 weeks.
    function balanceOf(address account) external view returns (uint256);

    /// @notice Score of `account`'s own lock at the opening of second `timestamp` (past or future).
    function balanceOfAt(address account, uint256 timestamp) external view returns (uint256);

    /// @notice Sum of all scores now.
    function totalSupply() external view returns (uint256);

    /// @notice Sum of all scores at the opening of second `timestamp` (past or future).
    function totalSupplyAt(uint256 timestamp) external view returns (uint256);

    /// @notice Unrounded total (sum of amount x remaining seconds) at the opening of `timestamp`.
    function scaledTotalSupplyAt(uint256 timestamp) external view returns (uint256);

    /// @notice Unrounded own power of `account` at `start + i weeks` for i in [0, count).
    function scaledBalancesAt(address account, uint256 start, uint256 count) external view returns (uint256[] memory);

    /// @notice Number of lock snapshots of `account` (one per timestamp at which its lock changed).
    function lockPointCount(address account) external view returns (uint256);

    /// @notice Lock snapshot `index` of `account`: amount and end from timestamp `ts` on.
    function lockPointAt(
        address account,
        uint256 index
    ) external view returns (uint256 amount, uint256 end, uint256 ts);

    /// @notice Score tier of `account` now.
    function tierOf(address account) external view returns (Tier);
}
