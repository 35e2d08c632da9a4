// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRevenueDistributor
/// @notice Splits protocol revenue (several tokens) between veTMAI lock owners, week by week, pro rata to their
///         own score at the start of each week.
interface IRevenueDistributor {
    // ---- errors
    error ZeroAddress();
    error ZeroAmount();
    error TokenNotRegistered(address token);
    error TokenAlreadyRegistered(address token);
    error TooManyTokens(uint256 max);
    error NothingToLock();

    // ---- events
    /// @notice `token` became a revenue token; its revenue is counted from week `startWeek`.
    event RewardTokenAdded(address indexed token, uint256 startWeek);
    /// @notice `from` deposited `amount` of `token`.
    event Deposited(address indexed token, address indexed from, uint256 amount);
    /// @notice `amount` of `token` (deposited or sent directly) was assigned to the week starting at `week`.
    event RevenueCheckpointed(address indexed token, uint256 indexed week, uint256 amount);
    /// @notice Week `week` of `token` was closed: `distributed` split over `scaledSupply`, `carried` moved to the
    ///         next week (all of it when the week had no veTMAI supply, else the rounding residue).
    event WeekFinalized(
        address indexed token,
        uint256 indexed week,
        uint256 distributed,
        uint256 scaledSupply,
        uint256 carried
    );
    /// @notice `account` claimed `amount` of `token` for the weeks [`fromWeek`, `toWeek`).
    event Claimed(address indexed account, address indexed token, uint256 amount, uint256 fromWeek, uint256 toWeek);
    /// @notice `account` added `amount` of claimed TMAI to its lock.
    event ClaimedAndLocked(address indexed account, uint256 amount);

    /// @notice Pulls `amount` of `token` from the caller as revenue of the current week.
    function deposit(address token, uint256 amount) external;

    /// @notice Accounts `token` received by plain transfer or mint (e.g. index vault fee shares) and closes every
    ///         completed week not yet closed (up to 104 per call).
    function checkpointToken(address token) external;

    /// @notice Pays the caller its share of `token` for up to 52 closed weeks since its last claim.
    function claim(address token) external returns (uint256 amount);

    /// @notice `claim` for each of `tokens`.
    function claimMany(address[] calldata tokens) external returns (uint256[] memory amounts);

    /// @notice Claims the caller's TMAI and adds it to the caller's unexpired lock.
    function claimAndLock() external returns (uint256 amount);

    /// @notice What `account` could claim of `token` now over all closed weeks (no 52-week cap).
    function claimable(address account, address token) external view returns (uint256);
}
