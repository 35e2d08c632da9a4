// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRebalanceCallee
/// @notice Implemented by a rebalance bidder that wants to act (e.g. swap on a DEX) between receiving the vault's
///         asset and paying for it.
interface IRebalanceCallee {
    /// @notice Called by the vault after `sellAmount` of `sell` was sent to the bidder and before `buyAmount` of
    ///         `buy` is pulled from it (the bidder must have approved the vault for `buy`).
    /// @param rebalancer The contract that started the trade (the vault's rebalancer).
    /// @param sell Asset the bidder received.
    /// @param sellAmount Amount of `sell` received.
    /// @param buy Asset the bidder pays.
    /// @param buyAmount Amount of `buy` the vault pulls right after this call.
    /// @param data Opaque data the bidder passed to its bid.
    function onRebalanceBid(
        address rebalancer,
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        bytes calldata data
    ) external;
}
