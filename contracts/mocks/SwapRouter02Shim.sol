// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IUniswapV3SwapRouter} from "../interfaces/external/IUniswapV3SwapRouter.sol";
import {IUniswapV3SwapRouter02} from "../interfaces/external/IUniswapV3SwapRouter02.sol";
import {IPeripheryImmutableState} from "../interfaces/external/IPeripheryImmutableState.sol";
import {IUniswapV3Factory} from "../interfaces/external/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "../interfaces/external/IUniswapV3Pool.sol";

/// @title SwapRouter02Shim
/// @notice Test double: SwapRouter02's v3 ABI (no deadline, `factoryV2()`) over an original SwapRouter, so that
///         tests and network dry runs exercise the protocol's SwapRouter02 path against real Uniswap v3 pools
///         (SwapRouter02's own bytecode is not on npm in a form this project can install). Not for production.
/// @dev Exact-input swaps pull the input from the caller, approve the inner router for it and forward the swap with
///      the current timestamp as deadline; exact-output swaps go to the pool directly.
contract SwapRouter02Shim {
    using SafeERC20 for IERC20;

    uint160 internal constant MIN_SQRT_RATIO = 4295128739;
    uint160 internal constant MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342;

    // The exact-output swap in progress, for the pool's callback.
    address internal transient _pool;
    address internal transient _payer;
    address internal transient _tokenIn;

    error NoPool(address tokenIn, address tokenOut, uint24 fee);
    error TooMuchRequested(uint256 amountIn, uint256 amountInMaximum);
    error UnexpectedCallback(address caller);

    /// @notice The original SwapRouter doing the swaps.
    IUniswapV3SwapRouter public immutable inner;

    /// @param inner_ The original SwapRouter.
    constructor(IUniswapV3SwapRouter inner_) {
        inner = inner_;
    }

    /// @notice SwapRouter02's Uniswap v2 factory: none here (its presence is what tells the routers apart).
    /// @notice The Uniswap v3 factory, as SwapRouter02 reports it (the IndexRouter's quotes find pools through it).
    function factory() external view returns (address) {
        return IPeripheryImmutableState(address(inner)).factory();
    }

    function factoryV2() external pure returns (address) {
        return address(0);
    }

    /// @notice SwapRouter02's `exactInputSingle`.
    /// @param p The swap.
    function exactInputSingle(
        IUniswapV3SwapRouter02.ExactInputSingleParams calldata p
    ) external payable returns (uint256) {
        _pull(p.tokenIn, p.amountIn);
        return
            inner.exactInputSingle(
                IUniswapV3SwapRouter.ExactInputSingleParams(
                    p.tokenIn,
                    p.tokenOut,
                    p.fee,
                    p.recipient,
                    block.timestamp,
                    p.amountIn,
                    p.amountOutMinimum,
                    p.sqrtPriceLimitX96
                )
            );
    }

    /// @notice SwapRouter02's `exactOutputSingle`: swaps on the pool directly and, in the pool's callback, pulls
    ///         exactly what it asks from the caller (as SwapRouter02 does).
    /// @param p The swap.
    function exactOutputSingle(
        IUniswapV3SwapRouter02.ExactOutputSingleParams calldata p
    ) external payable returns (uint256 amountIn) {
        address pool = IUniswapV3Factory(IPeripheryImmutableState(address(inner)).factory()).getPool(
            p.tokenIn,
            p.tokenOut,
            p.fee
        );
        if (pool == address(0)) revert NoPool(p.tokenIn, p.tokenOut, p.fee);
        bool zeroForOne = p.tokenIn < p.tokenOut;
        (_pool, _payer, _tokenIn) = (pool, msg.sender, p.tokenIn);
        (int256 amount0, int256 amount1) = IUniswapV3Pool(pool).swap(
            p.recipient,
            zeroForOne,
            -int256(p.amountOut),
            zeroForOne ? MIN_SQRT_RATIO + 1 : MAX_SQRT_RATIO - 1,
            ""
        );
        _pool = address(0);
        amountIn = uint256(zeroForOne ? amount0 : amount1);
        uint256 amountOut = uint256(-(zeroForOne ? amount1 : amount0));
        if (amountOut != p.amountOut || amountIn > p.amountInMaximum) {
            revert TooMuchRequested(amountIn, p.amountInMaximum);
        }
    }

    /// @notice Uniswap v3 pool callback of `exactOutputSingle`: pays the pool from the swap's caller.
    /// @param amount0Delta Token0 owed to the pool when positive.
    /// @param amount1Delta Token1 owed to the pool when positive.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata) external {
        if (msg.sender != _pool || _pool == address(0)) revert UnexpectedCallback(msg.sender);
        uint256 owed = uint256(amount0Delta > 0 ? amount0Delta : amount1Delta);
        IERC20(_tokenIn).safeTransferFrom(_payer, msg.sender, owed);
    }

    /// @notice SwapRouter02's `exactInput`.
    /// @param p The swap.
    function exactInput(IUniswapV3SwapRouter02.ExactInputParams calldata p) external payable returns (uint256) {
        _pull(address(bytes20(p.path[:20])), p.amountIn);
        return
            inner.exactInput(
                IUniswapV3SwapRouter.ExactInputParams(
                    p.path,
                    p.recipient,
                    block.timestamp,
                    p.amountIn,
                    p.amountOutMinimum
                )
            );
    }

    function _pull(address token, uint256 amount) internal {
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        IERC20(token).forceApprove(address(inner), amount);
    }
}
