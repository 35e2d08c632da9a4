// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IUniswapV3Pool
/// @notice The swap function of a Uniswap v3 pool, declared by ABI (the router's quotes start a swap on the pool and
///         revert in its callback, as Uniswap's Quoter does).
interface IUniswapV3Pool {
    /// @notice Swaps token0 for token1 (`zeroForOne`) or back; a positive `amountSpecified` is an exact input, a
    ///         negative one an exact output. Calls `uniswapV3SwapCallback` on the caller, who must pay what it owes.
    /// @return amount0 The pool's token0 balance change (positive: received).
    /// @return amount1 The pool's token1 balance change (positive: received).
    function swap(
        address recipient,
        bool zeroForOne,
        int256 amountSpecified,
        uint160 sqrtPriceLimitX96,
        bytes calldata data
    ) external returns (int256 amount0, int256 amount1);
}
