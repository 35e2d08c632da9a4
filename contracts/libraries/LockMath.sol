// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title LockMath
/// @notice Pure time and power math of veTMAI locks.
/// @dev Power is kept internally "scaled": a lock of `amount` ending at `end` has scaled power
///      `amount * (end - t)` at time `t < end` (token-seconds), and score `amount * (end - t) / MAXTIME`.
///      Scaled power is a sum of integer products, so adding, removing and decaying it is exact: the totals never
///      drift from the sum of their parts. Only the final division by MAXTIME rounds (down).
library LockMath {
    /// @notice Lock ends are whole weeks: multiples of 7 days since the Unix epoch (UTC Thursday 00:00).
    uint256 internal constant WEEK = 1 weeks;
    /// @notice Longest lock: 52 weeks. A lock of `amount` scores at most `amount`.
    uint256 internal constant MAXTIME = 52 weeks;

    /// @notice `t` rounded down to a whole week.
    function floorWeek(uint256 t) internal pure returns (uint256) {
        return (t / WEEK) * WEEK;
    }

    /// @notice Scaled power of a lock of `amount` ending at `end`, at time `t`: `amount * (end - t)`, 0 once expired.
    function scaledPower(uint256 amount, uint256 end, uint256 t) internal pure returns (uint256) {
        return end > t ? amount * (end - t) : 0;
    }

    /// @notice Score from scaled power: `scaled / MAXTIME`, rounded down.
    function toScore(uint256 scaled) internal pure returns (uint256) {
        return scaled / MAXTIME;
    }
}
