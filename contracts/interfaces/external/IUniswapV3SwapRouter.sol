// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IUniswapV3SwapRouter
/// @notice The swap functions of Uniswap v3's SwapRouter that the protocol calls, declared by ABI.
interface IUniswapV3SwapRouter {
    struct ExactInputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 deadline;
        uint256 amountIn;
        uint256 amountOutMinimum;
        uint160 sqrtPriceLimitX96;
    }

    struct ExactOutputSingleParams {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 deadline;
        uint256 amountOut;
        uint256 amountInMaximum;
        uint160 sqrtPriceLimitX96;
    }

    /// @dev `path` is packed as tokenIn, fee (uint24), token, fee, ..., tokenOut.
    struct ExactInputParams {
        bytes path;
        address recipient;
        uint256 deadline;
        uint256 amountIn;
        uint256 amountOutMinimum;
    }

    /// @notice Swaps exactly `amountIn` of `tokenIn` for at least `amountOutMinimum` of `tokenOut`.
    function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut);

    /// @notice Swaps at most `amountInMaximum` of `tokenIn` for exactly `amountOut` of `tokenOut`.
    function exactOutputSingle(ExactOutputSingleParams calldata params) external payable returns (uint256 amountIn);

    /// @notice Swaps exactly `amountIn` of the path's first token for at least `amountOutMinimum` of its last token,
    ///         through every pool of the path.
    function exactInput(ExactInputParams calldata params) external payable returns (uint256 amountOut);
}
