// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IUniswapV3SwapRouter} from "../interfaces/external/IUniswapV3SwapRouter.sol";
import {IUniswapV3SwapRouter02} from "../interfaces/external/IUniswapV3SwapRouter02.sol";

/// @title SwapRouterCalls
/// @notice Uniswap v3 swaps through either router: the original SwapRouter (params carry a `deadline`) or
///         SwapRouter02 (no `deadline`; recognised by its `factoryV2()`). Callers check their users' deadlines
///         themselves, so the original router is given the current block's timestamp.
/// @dev Every call is low-level: a failed swap (or a router without code) returns `ok = false` for the caller to
///      turn into its own error.
library SwapRouterCalls {
    /// @dev One pool: `amount` is what goes in (exact input) or comes out (exact output); `limit` is the least out
    ///      or the most in.
    struct Single {
        address tokenIn;
        address tokenOut;
        uint24 fee;
        address recipient;
        uint256 amount;
        uint256 limit;
    }

    /// @notice Whether `router` takes a deadline (the original SwapRouter) rather than being SwapRouter02.
    function takesDeadline(address router) internal view returns (bool) {
        (bool ok, bytes memory ret) = router.staticcall(abi.encodeCall(IUniswapV3SwapRouter02.factoryV2, ()));
        return !(ok && ret.length == 32);
    }

    /// @notice Exactly `s.amount` of `s.tokenIn` for at least `s.limit` of `s.tokenOut`.
    function exactInputSingle(
        address router,
        bool withDeadline,
        Single memory s
    ) internal returns (bool ok, uint256 amountOut) {
        bytes memory data =
            withDeadline
                ? abi.encodeCall(
                    IUniswapV3SwapRouter.exactInputSingle,
                    (
                        IUniswapV3SwapRouter.ExactInputSingleParams(
                            s.tokenIn,
                            s.tokenOut,
                            s.fee,
                            s.recipient,
                            block.timestamp,
                            s.amount,
                            s.limit,
                            0
                        )
                    )
                )
                : abi.encodeCall(
                    IUniswapV3SwapRouter02.exactInputSingle,
                    (
                        IUniswapV3SwapRouter02.ExactInputSingleParams(
                            s.tokenIn,
                            s.tokenOut,
                            s.fee,
                            s.recipient,
                            s.amount,
                            s.limit,
                            0
                        )
                    )
                );
        return _call(router, data);
    }

    /// @notice At most `s.limit` of `s.tokenIn` for exactly `s.amount` of `s.tokenOut`.
    function exactOutputSingle(
        address router,
        bool withDeadline,
        Single memory s
    ) internal returns (bool ok, uint256 amountIn) {
        bytes memory data =
            withDeadline
                ? abi.encodeCall(
                    IUniswapV3SwapRouter.exactOutputSingle,
                    (
                        IUniswapV3SwapRouter.ExactOutputSingleParams(
                            s.tokenIn,
                            s.tokenOut,
                            s.fee,
                            s.recipient,
                            block.timestamp,
                            s.amount,
                            s.limit,
                            0
                        )
                    )
                )
                : abi.encodeCall(
                    IUniswapV3SwapRouter02.exactOutputSingle,
                    (
                        IUniswapV3SwapRouter02.ExactOutputSingleParams(
                            s.tokenIn,
                            s.tokenOut,
                            s.fee,
                            s.recipient,
                            s.amount,
                            s.limit,
                            0
                        )
                    )
                );
        return _call(router, data);
    }

    /// @notice Exactly `amountIn` along `path` for at least `minOut` of its last token.
    function exactInput(
        address router,
        bool withDeadline,
        bytes memory path,
        address recipient,
        uint256 amountIn,
        uint256 minOut
    ) internal returns (bool ok, uint256 amountOut) {
        bytes memory data =
            withDeadline
                ? abi.encodeCall(
                    IUniswapV3SwapRouter.exactInput,
                    (IUniswapV3SwapRouter.ExactInputParams(path, recipient, block.timestamp, amountIn, minOut))
                )
                : abi.encodeCall(
                    IUniswapV3SwapRouter02.exactInput,
                    (IUniswapV3SwapRouter02.ExactInputParams(path, recipient, amountIn, minOut))
                );
        return _call(router, data);
    }

    function _call(address router, bytes memory data) private returns (bool ok, uint256 result) {
        bytes memory ret;
        // The swap's failure is the caller's to report with its own error: a plain call, not a typed one.
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ret) = router.call(data);
        if (!ok || ret.length < 32) return (false, 0);
        result = abi.decode(ret, (uint256));
    }
}
