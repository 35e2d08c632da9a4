// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPeripheryImmutableState
/// @notice The Uniswap v3 factory of a periphery contract, declared by ABI: both the original SwapRouter and
///         SwapRouter02 expose it as `factory()` (SwapRouter02's v2 factory is `factoryV2()`).
interface IPeripheryImmutableState {
    /// @notice The Uniswap v3 factory whose pools the router swaps on.
    function factory() external view returns (address);
}
