// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IUniswapV3Factory
/// @notice The pool lookup of Uniswap v3's factory, declared by ABI.
interface IUniswapV3Factory {
    /// @notice The pool of `tokenA` and `tokenB` (either order) at fee tier `fee`, or zero when there is none.
    function getPool(address tokenA, address tokenB, uint24 fee) external view returns (address pool);
}
