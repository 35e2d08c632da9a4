// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IUniswapV3SwapRouter02
/// @notice The v3 swap functions of Uniswap's SwapRouter02 (the only v3 router on Base and Sepolia, also on Ethereum
///         and Arbitrum), declared by ABI: the same as the original SwapRouter's without the `deadline` field.
interface IUniswapV3SwapRouter02 {
    struct ExactInputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 amountIn;
        uint256 amountOutMinimum;
        uint160 sqrtPriceLimitX96;
    }

    struct ExactOutputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 amountOut;
        uint256 amountInMaximum;
        uint160 sqrtPriceLimitX96;
    }

    /// @dev `path` is packed as tokenIn, fee (uint24), token, fee, ..., tokenOut.
    struct ExactInputParams {
        bytes path;
        address recipient;
        uint256 amountIn;
        uint256 amountOutMinimum;
    }

    /// @notice The Uniswap v2 factory (SwapRouter02 only: how the protocol tells the two routers apart).
    function factoryV2() external view returns (address);

    /// @notice Swaps exactly `amountIn` of `tokenIn` for at least `amountOutMinimum` of `tokenOut`.
    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut);

    /// @notice Swaps at most `amountInMaximum` of `tokenIn` for exactly `amountOut` of `tokenOut`.
    function exactOutputSingle(ExactOutputSingleParams calldata params) external payable returns (uint256 amountIn);

    /// @notice Swaps exactly `amountIn` of the path's first token for at least `amountOutMinimum` of its last token.
    function exactInput(ExactInputParams calldata params) external payable returns (uint256 amountOut);
}
