// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRebalancer} from "./IRebalancer.sol";

/// @title IRegimeSignal
/// @notice A pluggable, on-chain rule that tells the Rebalancer which regime a vault should be in.
interface IRegimeSignal {
    /// @notice The regime the rule gives now, given the regime in force (a rule may keep `current` inside a band).
    /// @dev Reverts when the rule cannot give a signal (not enough history, unsound feed).
    /// @param current The regime in force for the vault.
    /// @return signal The regime the rule asks for.
    function regime(IRebalancer.Regime current) external view returns (IRebalancer.Regime signal);
}
