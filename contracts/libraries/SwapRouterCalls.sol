// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IUniswapV3SwapRouter} from "../interfaces/external/IUniswapV3SwapRouter.sol";
import {IUniswapV3SwapRouter02} from "../interfaces/external/IUniswapV3SwapRouter02.sol";
import {IPeripheryImmutableState} from "../interfaces/external/IPeripheryImmutableState.sol";
import {IUniswapV3Factory} from "../interfaces/external/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "../interfaces/external/IUniswapV3Pool.sol";

/// @title SwapRouterCalls
/// @notice Uniswap v3 swaps through either router: the original SwapRouter (params carry a `deadline`) or
///         SwapRouter02 (no `deadline`; recognised by its `factoryV2()`). Callers check their users' deadlines
///         themselves, so the original router is given the current block's timestamp.
/// @dev Every call is low-level: a failed swap (or a router without code) returns `ok = false` for the caller to
///      turn into its own error. `quoteSingle` tells what a single-pool swap would pay or return without moving
///      anything, on the pool both routers would use.
library SwapRouterCalls {
    /// @dev Uniswap v3's price bounds (TickMath), which both routers pass, plus or minus one, as the price limit of a
    ///      swap without one.
    uint160 internal constant MIN_SQRT_RATIO = 4295128739;
    uint160 internal constant MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342;

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

    /// @notice The Uniswap v3 factory behind `router` (`factory()`, on both routers), or zero if it has none.
    function factoryOf(address router) internal view returns (address) {
        (bool ok, bytes memory ret) = router.staticcall(abi.encodeCall(IPeripheryImmutableState.factory, ()));
        return ok && ret.length == 32 ? abi.decode(ret, (address)) : address(0);
    }

    /// @notice What `exactOutputSingle(s)` would take (`exactOutput`) or `exactInputSingle(s)` would give now. The
    ///         swap is started on the pool both routers would use (the factory's pool of the pair at `s.fee`, with
    ///         their default price limit) and reverted in the pool's callback, which must end with `revertWithDeltas`
    ///         (as Uniswap's Quoter does): nothing moves and no balance or allowance is needed. `s.limit` is ignored
    ///         (the caller compares). The pool writes before calling back: not for a static context.
    /// @return ok False when there is no such pool, the swap reverted for another reason, or an exact output could
    ///         not be filled in full (the routers revert then).
    /// @return result The input an exact-output swap takes, or the output an exact-input swap gives.
    function quoteSingle(
        address factory,
        Single memory s,
        bool exactOutput
    ) internal returns (bool ok, uint256 result) {
        if (s.amount == 0 || s.amount > uint256(type(int256).max)) return (false, 0);
        (bool found, bytes memory ret) = factory.staticcall(
            abi.encodeCall(IUniswapV3Factory.getPool, (s.tokenIn, s.tokenOut, s.fee))
        );
        if (!found || ret.length != 32) return (false, 0);
        address pool = abi.decode(ret, (address));
        if (pool.code.length == 0) return (false, 0);
        bool zeroForOne = s.tokenIn < s.tokenOut;
        bytes memory data = abi.encodeCall(
            IUniswapV3Pool.swap,
            (
                s.recipient,
                zeroForOne,
                exactOutput ? -int256(s.amount) : int256(s.amount),
                zeroForOne ? MIN_SQRT_RATIO + 1 : MAX_SQRT_RATIO - 1,
                ""
            )
        );
        // The swap always reverts (in the callback): its revert data carries the result.
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ret) = pool.call(data);
        if (ok || ret.length != 64) return (false, 0);
        (int256 amount0, int256 amount1) = abi.decode(ret, (int256, int256));
        (int256 paid, int256 received) = zeroForOne ? (amount0, -amount1) : (amount1, -amount0);
        if (paid < 0 || received < 0) return (false, 0);
        if (exactOutput && uint256(received) != s.amount) return (false, 0);
        return (true, exactOutput ? uint256(paid) : uint256(received));
    }

    /// @notice Ends a quote's swap from inside the pool's callback, reverting with exactly the two deltas (64 bytes)
    ///         for `quoteSingle` to read. Never pays the pool.
    function revertWithDeltas(int256 amount0Delta, int256 amount1Delta) internal pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0, amount0Delta)
            mstore(0x20, amount1Delta)
            revert(0, 0x40)
        }
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
