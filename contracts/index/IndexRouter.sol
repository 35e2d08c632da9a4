// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {IUniswapV3SwapRouter} from "../interfaces/external/IUniswapV3SwapRouter.sol";
import {SwapRouterCalls} from "../libraries/SwapRouterCalls.sol";
import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title IndexRouter
/// @notice One-asset mint and redeem (a "zap"): mint index tokens paying with one token (e.g. USDC), or redeem them
///         to one token, by swapping through Uniswap v3 and minting/redeeming in kind in the same transaction.
/// @dev Three guards protect the user: their own limit (`maxAmountIn` / `minAmountOut`), a deadline, and an oracle
///      bound on every swap: no swap may pay more than the oracle value plus `maxOracleDeviation`, or receive less
///      than the oracle value minus it. When a price is unsound the oracle's own error surfaces and nothing moves;
///      in-kind redeem on the vault always remains available. The router holds nothing between transactions.
///      `quoteMintWithToken` and `quoteRedeemToToken` run the same path with each swap simulated on its pool, for
///      eth_call: what a mint would spend or a redeem would pay, its oracle value and price impact.
///      `multicall([selfPermit(…), redeemToToken(…)])` (or `mintWithToken`) trades in one transaction with an
///      EIP-2612 signature instead of a prior approve transaction, where the token supports permit.
///      `mintInKind` mints in kind (no swap, no oracle) pulling the basket from the caller through the router, so that
///      `multicall([selfPermit(…) for each basket token lacking an allowance, mintInKind(…)])` needs no approve
///      transaction where the basket tokens support permit.
contract IndexRouter is AccessControl, ReentrancyGuardTransient, Multicall {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Hard cap of `maxOracleDeviation`: 10 %.
    uint256 public constant MAX_ORACLE_DEVIATION = 0.1e18;
    /// @notice Uniswap v3 fee tier used for an asset without its own setting (0.3 %).
    uint24 public constant DEFAULT_POOL_FEE = 3000;
    /// @notice Units of the paid token allowed above a buy's oracle bound: Uniswap rounds an exact-output swap's
    ///         input up and its fee up, so buying even 1 wei costs at least 2 units; without this allowance a basket
    ///         holding a dust position could never be bought with one token.
    uint256 public constant SWAP_ROUNDING = 2;

    /// @notice Uniswap v3 SwapRouter (the original, or SwapRouter02).
    IUniswapV3SwapRouter public immutable swapRouter;
    /// @notice Whether `swapRouter` is the original SwapRouter (its params carry a deadline) rather than SwapRouter02.
    bool public immutable swapRouterTakesDeadline;
    /// @notice Price oracle bounding every swap.
    IPriceOracle public immutable oracle;
    /// @notice Uniswap v3 factory of `swapRouter` (its `factory()`), whose pools the quotes simulate swaps on; zero if
    ///         the swap router has none, and then every quote with a swap fails with `SwapFailed`.
    address public immutable uniswapFactory;

    /// @notice A one-asset mint's cost or a one-asset redeem's proceeds, as the quotes give them.
    /// @param amount The `tokenIn` the mint spends, or the `tokenOut` the redeem pays: what `mintWithToken` or
    ///        `redeemToToken` returns in the same state (same block).
    /// @param oracleValue The oracle value of the basket bought (mint: `previewMint`, the vault's mint fee included) or
    ///        sold (redeem: `previewRedeem`, its redeem fee deducted), in units of the token paid or received, like
    ///        `amount`; an asset that is that token counts as is.
    /// @param priceImpact How much worse than the oracle `amount` is, 1e18 = 100 %: (amount - oracleValue) /
    ///        oracleValue for a mint, (oracleValue - amount) / oracleValue for a redeem. It is the swaps' cost (pool
    ///        fees and slippage), not the vault's fees; negative when the pools trade better than the oracle; 0 when
    ///        `oracleValue` is 0.
    /// @param basketAmounts Each basket asset the vault pulls (mint) or pays (redeem), in the basket's order.
    /// @param tokenAmounts The token paid for (mint) or received for (redeem) each basket asset, same order.
    struct TokenQuote {
        uint256 amount;
        uint256 oracleValue;
        int256 priceImpact;
        uint256[] basketAmounts;
        uint256[] tokenAmounts;
    }

    /// @notice Largest accepted gap between a swap's price and the oracle price, 18 decimals (e.g. 0.02e18 = 2 %).
    uint256 public maxOracleDeviation;
    /// @notice Uniswap v3 fee tier of the pool between `asset` and the quote token (0 = `DEFAULT_POOL_FEE`).
    mapping(address asset => uint24) public poolFeeOf;

    error ZeroAddress();
    error ZeroShares();
    error DeadlinePassed(uint256 deadline, uint256 timestamp);
    error AmountInAboveMax(uint256 amountIn, uint256 maxAmountIn);
    error AmountOutBelowMin(uint256 amountOut, uint256 minAmountOut);
    error DeviationAboveCap(uint256 deviation, uint256 cap);
    error InvalidPoolFee(uint24 fee);
    /// @notice A basket token could not be delivered to the router: redeem in kind instead.
    error BasketTransferDeferred(address asset);
    /// @notice Swapping for (or out of) `asset` failed within `limit` (the most paid, or the least received): the
    ///         pool's price is outside the oracle band, the pool lacks liquidity, or the caller's limit is too tight.
    error SwapFailed(address asset, uint256 amount, uint256 limit);
    /// @notice `selfPermit` left the router's allowance of the caller's `token` below the value asked: the permit
    ///         failed (bad or expired signature, a used nonce, or a token without EIP-2612) and no earlier approval
    ///         covers it. Approve the router instead.
    error PermitFailed(address token);
    /// @notice `mintInKind`: the vault would pull `amountIn` of `asset`, above the caller's `maxAmountIn` (the same
    ///         error, and selector, as the vault's).
    error MaxAmountInExceeded(address asset, uint256 amountIn, uint256 maxAmountIn);
    /// @notice `mintInKind`: `maxAmountsIn` has `actual` elements where the basket has `expected` assets, or it pins
    ///         a `basketVersion` that is no longer current (the same error, and selector, as the vault's).
    error LengthMismatch(uint256 expected, uint256 actual);

    event MintedWithToken(
        address indexed caller,
        address indexed receiver,
        address indexed vault,
        address tokenIn,
        uint256 shares,
        uint256 amountIn
    );
    event RedeemedToToken(
        address indexed caller,
        address indexed receiver,
        address indexed vault,
        address tokenOut,
        uint256 shares,
        uint256 amountOut
    );
    /// @notice `caller` minted `shares` of `vault` to `receiver` in kind through the router (`mintInKind`); the
    ///         vault's own `Minted` event, with the router as its caller, lists the amounts.
    event MintedInKind(address indexed caller, address indexed receiver, address indexed vault, uint256 shares);
    event MaxOracleDeviationSet(uint256 deviation);
    event Swept(address indexed token, address indexed to, uint256 amount);
    event PoolFeeSet(address indexed asset, uint24 fee);

    /// @param swapRouter_ Uniswap v3 SwapRouter or SwapRouter02 (told apart by SwapRouter02's `factoryV2()`).
    /// @param oracle_ Price oracle (the vaults').
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (deviation bound and pool fees).
    /// @param maxOracleDeviation_ Initial deviation bound, at most 10 %.
    constructor(IUniswapV3SwapRouter swapRouter_, IPriceOracle oracle_, address admin, uint256 maxOracleDeviation_) {
        if (address(swapRouter_) == address(0) || address(oracle_) == address(0) || admin == address(0)) {
            revert ZeroAddress();
        }
        swapRouter = swapRouter_;
        swapRouterTakesDeadline = SwapRouterCalls.takesDeadline(address(swapRouter_));
        uniswapFactory = SwapRouterCalls.factoryOf(address(swapRouter_));
        oracle = oracle_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMaxOracleDeviation(maxOracleDeviation_);
    }

    // ================================================================ user actions

    /// @notice Mints exactly `shares` of `vault` to `receiver`, paying with `tokenIn` only.
    /// @param vault The index vault.
    /// @param tokenIn The token paid (must have an oracle feed).
    /// @param shares Index shares to mint (the vault's mint fee is included in what is bought).
    /// @param maxAmountIn Most `tokenIn` the caller pays, all of it taken from the caller first (approve the router for
    ///        it, or put a `selfPermit` for it before this call in a `multicall`); the unspent part is refunded in the
    ///        same transaction.
    /// @param receiver Receiver of the shares.
    /// @param deadline Latest timestamp at which the transaction may execute.
    /// @return amountIn The `tokenIn` actually spent.
    function mintWithToken(
        IIndexVault vault,
        address tokenIn,
        uint256 shares,
        uint256 maxAmountIn,
        address receiver,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountIn) {
        _checkCommon(address(vault), shares, receiver, deadline);
        IERC20 input = IERC20(tokenIn);
        input.safeTransferFrom(msg.sender, address(this), maxAmountIn);
        input.forceApprove(address(swapRouter), maxAmountIn);
        uint256[] memory amounts = vault.previewMint(shares);
        amountIn = _buyBasket(vault, tokenIn, amounts, maxAmountIn, false).amount;
        input.forceApprove(address(swapRouter), 0);

        vault.mint(shares, receiver, amounts);
        if (maxAmountIn > amountIn) input.safeTransfer(msg.sender, maxAmountIn - amountIn);
        emit MintedWithToken(msg.sender, receiver, address(vault), tokenIn, shares, amountIn);
    }

    /// @notice Redeems `shares` of `vault` (taken from the caller: approve the router first, or put a `selfPermit`
    ///         before this call in a `multicall`) and pays `receiver` in `tokenOut` only. Needs sound oracle prices;
    ///         in-kind redeem on the vault never does.
    /// @param vault The index vault.
    /// @param shares Index shares to redeem (the vault's redeem fee applies).
    /// @param tokenOut The token received (must have an oracle feed).
    /// @param minAmountOut Least `tokenOut` the receiver must get.
    /// @param receiver Receiver of `tokenOut`.
    /// @param deadline Latest timestamp at which the transaction may execute.
    /// @return amountOut The `tokenOut` paid.
    function redeemToToken(
        IIndexVault vault,
        uint256 shares,
        address tokenOut,
        uint256 minAmountOut,
        address receiver,
        uint256 deadline
    ) external nonReentrant returns (uint256 amountOut) {
        _checkCommon(address(vault), shares, receiver, deadline);
        IERC20(address(vault)).safeTransferFrom(msg.sender, address(this), shares);
        (address[] memory assets, ) = vault.getBasket();
        uint256 n = assets.length;
        // Only what this redeem defers matters: an in-kind redeem made by someone else to the router may have left
        // a deferred balance here (recoverable with `pushDeferred` and `sweep`), which must not block this one.
        uint256[] memory deferredBefore = _deferredOf(vault, assets);
        uint256[] memory amounts = vault.redeem(shares, address(this), new uint256[](n));
        amountOut = _sellBasket(vault, assets, amounts, deferredBefore, tokenOut, false).amount;
        if (amountOut < minAmountOut) revert AmountOutBelowMin(amountOut, minAmountOut);
        IERC20(tokenOut).safeTransfer(receiver, amountOut);
        emit RedeemedToToken(msg.sender, receiver, address(vault), tokenOut, shares, amountOut);
    }

    /// @notice Mints exactly `shares` of `vault` to `receiver` in kind, taking from the caller exactly what the vault
    ///         pulls (its `previewMint(shares)`, mint fee included) of each basket asset. The same as the vault's own
    ///         `mint`, but the caller approves the router, not the vault, so `multicall([selfPermit(asset 1, …), …,
    ///         selfPermit(asset k, …), mintInKind(…)])` mints with one EIP-2612 signature per permit-capable basket
    ///         token instead of one approve transaction each; a token already approved to the router needs no permit.
    ///         Moves no value through swaps and reads no oracle. The router holds nothing after: it approves the
    ///         vault for each amount and resets that approval to zero once the vault has pulled it.
    /// @param vault The index vault.
    /// @param shares Index shares `receiver` gets (the vault's mint fee is added on top, paid in kind).
    /// @param maxAmountsIn Most of each basket asset the caller pays, in basket order (slippage guard); may end with
    ///        one extra element equal to the vault's `basketVersion` to pin the basket layout, as for the vault's
    ///        `mint`. Reverts with `MaxAmountInExceeded` when an amount is above its limit, `LengthMismatch` when the
    ///        length does not fit the basket or the pinned version is stale.
    /// @param receiver Receiver of the shares.
    /// @param deadline Latest timestamp at which the transaction may execute.
    /// @return amountsIn What was taken from the caller of each basket asset, in basket order.
    function mintInKind(
        IIndexVault vault,
        uint256 shares,
        uint256[] calldata maxAmountsIn,
        address receiver,
        uint256 deadline
    ) external nonReentrant returns (uint256[] memory amountsIn) {
        _checkCommon(address(vault), shares, receiver, deadline);
        (address[] memory assets, ) = vault.getBasket();
        uint256 n = assets.length;
        uint256 len = maxAmountsIn.length;
        bool pinned = len == n + 1;
        if (len != n && (!pinned || maxAmountsIn[n] != vault.basketVersion())) revert LengthMismatch(n, len);
        amountsIn = vault.previewMint(shares);
        // The vault's limits are exactly what it is expected to pull (and the pinned version, if any): it can take no
        // more than the router holds, and a mint that would need more reverts instead of leaving a balance here.
        uint256[] memory limits = new uint256[](len);
        for (uint256 i; i < n; ++i) {
            if (amountsIn[i] > maxAmountsIn[i]) revert MaxAmountInExceeded(assets[i], amountsIn[i], maxAmountsIn[i]);
            limits[i] = amountsIn[i];
        }
        if (pinned) limits[n] = maxAmountsIn[n];
        emit MintedInKind(msg.sender, receiver, address(vault), shares);

        for (uint256 i; i < n; ++i) {
            if (amountsIn[i] == 0) continue;
            IERC20(assets[i]).safeTransferFrom(msg.sender, address(this), amountsIn[i]);
            IERC20(assets[i]).forceApprove(address(vault), amountsIn[i]);
        }
        uint256[] memory pulled = vault.mint(shares, receiver, limits);
        for (uint256 i; i < n; ++i) {
            if (amountsIn[i] == 0) continue;
            IERC20(assets[i]).forceApprove(address(vault), 0);
            // The vault pulls exactly its preview in the same block; anything it left is the caller's.
            if (pulled[i] < amountsIn[i]) {
                IERC20(assets[i]).safeTransfer(msg.sender, amountsIn[i] - pulled[i]);
                amountsIn[i] = pulled[i];
            }
        }
    }

    // ================================================================ batching and permits

    /// @notice Approves this router for `value` of the caller's `token` with the caller's EIP-2612 signature, so
    ///         that the next call in the same `multicall` (`redeemToToken` with the index token, `mintWithToken`
    ///         with a permit-capable payment token) needs no approve transaction. Calls
    ///         `token.permit(msg.sender, router, value, deadline, v, r, s)`; whether that succeeds or fails, this
    ///         then requires the router's allowance to be at least `value`, else reverts with `PermitFailed`. So a
    ///         permit someone else submitted first with the same signature (front-running) does not make the batch
    ///         fail, an earlier approval makes the signature unnecessary, and a token that accepts the call without
    ///         approving (a fallback function) is caught here rather than at the transfer.
    ///         Changes no state of the router and emits no router event: the token records the allowance and emits
    ///         its own `Approval`. A trade spends the allowance; a permit for exactly the trade's amount leaves none.
    /// @param token An ERC-20 with EIP-2612 `permit` (the index token, or e.g. USDC).
    /// @param value The allowance signed for (the shares redeemed, or the `maxAmountIn` of a mint).
    /// @param deadline The signature's deadline (the token rejects it after).
    /// @param v Signature `v`.
    /// @param r Signature `r`.
    /// @param s Signature `s`.
    function selfPermit(address token, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(token).permit(msg.sender, address(this), value, deadline, v, r, s) {} catch {}
        if (IERC20(token).allowance(msg.sender, address(this)) < value) revert PermitFailed(token);
    }

    /// @notice Runs `data`, calls to this router's own functions, one after the other in this one transaction (by
    ///         delegatecall to itself, so `msg.sender` stays the caller) and returns each call's return data. The
    ///         first call that reverts reverts the whole batch with its own error, unchanged. The usual batch is
    ///         `selfPermit` then `redeemToToken` or `mintWithToken`. The trade functions keep their reentrancy guard:
    ///         the calls run in sequence, each entering and leaving it before the next starts. Not payable.
    /// @param data ABI-encoded calls (selector and arguments) to this router.
    /// @return results Each call's ABI-encoded return data, in order.
    function multicall(bytes[] calldata data) public override returns (bytes[] memory results) {
        return super.multicall(data);
    }

    // ================================================================ quotes

    /// @notice What `mintWithToken(vault, tokenIn, shares, …)` would spend now, moving nothing. Not a view: each swap
    ///         is started on its Uniswap v3 pool and reverted in the pool's callback, as Uniswap's Quoter does. Call
    ///         it with eth_call (ethers `staticCall`, viem `simulateContract`); the caller needs no balance or
    ///         allowance. It runs the mint's own path (the vault's `previewMint`, the same pools and fee tiers, the
    ///         same oracle band), so it fails where the mint would: `SwapFailed` when a pool is outside the band or
    ///         lacks liquidity, the oracle's own error (e.g. `StalePrice`) when a price is unsound. A mint in the same
    ///         state with `maxAmountIn >= amount` spends exactly `amount`; allow slippage on top for a later block.
    ///         Spot pool prices: for display and limits, never an on-chain price source (a pool can be moved).
    /// @param vault The index vault.
    /// @param tokenIn The token paid (must have an oracle feed).
    /// @param shares Index shares to mint.
    /// @return q The cost (`amount` of `tokenIn`), its oracle value and price impact, and the per-asset amounts.
    function quoteMintWithToken(
        IIndexVault vault,
        address tokenIn,
        uint256 shares
    ) external returns (TokenQuote memory q) {
        _checkVaultAndShares(address(vault), shares);
        q = _buyBasket(vault, tokenIn, vault.previewMint(shares), type(uint256).max, true);
        q.priceImpact = _impact(q.amount.toInt256() - q.oracleValue.toInt256(), q.oracleValue);
    }

    /// @notice What `redeemToToken(vault, shares, tokenOut, …)` would pay now, moving nothing: like
    ///         `quoteMintWithToken` (eth_call, no balance or allowance, the same failures), with the vault's
    ///         `previewRedeem` and exact-input swaps. A redeem in the same state pays exactly `amount`, unless a basket
    ///         token refuses the router (`BasketTransferDeferred`, which a quote cannot foresee).
    /// @param vault The index vault.
    /// @param shares Index shares to redeem.
    /// @param tokenOut The token received (must have an oracle feed).
    /// @return q The proceeds (`amount` of `tokenOut`), their oracle value and price impact, and the per-asset amounts.
    function quoteRedeemToToken(
        IIndexVault vault,
        uint256 shares,
        address tokenOut
    ) external returns (TokenQuote memory q) {
        _checkVaultAndShares(address(vault), shares);
        (address[] memory assets, ) = vault.getBasket();
        q = _sellBasket(vault, assets, vault.previewRedeem(shares), new uint256[](0), tokenOut, true);
        q.priceImpact = _impact(q.oracleValue.toInt256() - q.amount.toInt256(), q.oracleValue);
    }

    /// @notice Uniswap v3 swap callback, reached only from a quote's simulated swap (real swaps go through
    ///         `swapRouter`, which pays the pools itself): it never pays, and always reverts with the two deltas for
    ///         the quote to read.
    /// @param amount0Delta Token0 the pool would receive (positive) or pay (negative).
    /// @param amount1Delta Token1 the pool would receive (positive) or pay (negative).
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata) external pure {
        SwapRouterCalls.revertWithDeltas(amount0Delta, amount1Delta);
    }

    // ================================================================ admin

    /// @notice Sends the router's whole balance of `token` to `to`. The router holds nothing between transactions,
    ///         so anything here was sent by mistake (or pushed from a deferred redeem someone made to the router):
    ///         governance returns it to its owner.
    /// @param token The token.
    /// @param to The receiver.
    function sweep(address token, address to) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (to == address(0)) revert ZeroAddress();
        uint256 amount = IERC20(token).balanceOf(address(this));
        emit Swept(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @notice Sets the largest accepted gap between a swap price and the oracle price (at most 10 %).
    /// @param deviation New bound, 18 decimals.
    function setMaxOracleDeviation(uint256 deviation) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxOracleDeviation(deviation);
    }

    /// @notice Sets the Uniswap v3 fee tier of `asset`'s pool with the quote token (100, 500, 3000 or 10000).
    /// @param asset The basket asset.
    /// @param fee The fee tier.
    function setPoolFee(address asset, uint24 fee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (fee != 100 && fee != 500 && fee != 3000 && fee != 10000) revert InvalidPoolFee(fee);
        poolFeeOf[asset] = fee;
        emit PoolFeeSet(asset, fee);
    }

    // ================================================================ internal

    /// @dev Price and decimals of the token paid or received.
    struct Quote {
        uint256 priceWad;
        uint256 unit;
    }

    /// @dev Buys `amounts` of the basket with `tokenIn` (using it directly where it is a basket asset) and approves
    ///      the vault to pull them. Reverts once more than `maxAmountIn` would be spent. With `simulate`, each swap is
    ///      only quoted on its pool and nothing is approved (the quote path).
    function _buyBasket(
        IIndexVault vault,
        address tokenIn,
        uint256[] memory amounts,
        uint256 maxAmountIn,
        bool simulate
    ) internal returns (TokenQuote memory q) {
        (address[] memory assets, ) = vault.getBasket();
        Quote memory quote = _quote(tokenIn);
        q.basketAmounts = amounts;
        q.tokenAmounts = new uint256[](assets.length);
        for (uint256 i; i < assets.length; ++i) {
            address asset = assets[i];
            uint256 amount = amounts[i];
            uint256 paid;
            uint256 value;
            if (asset == tokenIn) (paid, value) = (amount, amount);
            else if (amount != 0) {
                (paid, value) = _buy(tokenIn, asset, amount, quote, _left(maxAmountIn, q.amount), simulate);
            }
            q.amount += paid;
            q.oracleValue += value;
            q.tokenAmounts[i] = paid;
            if (q.amount > maxAmountIn) revert AmountInAboveMax(q.amount, maxAmountIn);
            if (!simulate) IERC20(asset).forceApprove(address(vault), amount);
        }
    }

    /// @dev Buys (or with `simulate`, quotes buying) exactly `amount` of `asset` with `tokenIn`, paying at most the
    ///      oracle value plus the deviation and at most what is left of the caller's budget. Returns what it pays and
    ///      the oracle value of `amount` in `tokenIn`.
    function _buy(
        address tokenIn,
        address asset,
        uint256 amount,
        Quote memory quote,
        uint256 budget,
        bool simulate
    ) internal returns (uint256 paid, uint256 value) {
        value = _valueIn(asset, amount, quote);
        uint256 bound = (value * (1e18 + maxOracleDeviation)) / 1e18 + SWAP_ROUNDING;
        if (budget < bound) bound = budget;
        SwapRouterCalls.Single memory s = SwapRouterCalls.Single(
            tokenIn,
            asset,
            _poolFee(asset),
            address(this),
            amount,
            bound
        );
        bool ok;
        (ok, paid) = simulate
            ? SwapRouterCalls.quoteSingle(uniswapFactory, s, true)
            : SwapRouterCalls.exactOutputSingle(address(swapRouter), swapRouterTakesDeadline, s);
        if (!ok || paid > bound) revert SwapFailed(asset, amount, bound);
    }

    /// @dev Sells (or with `simulate`, quotes selling) all `amount` of `asset` for `tokenOut`, receiving at least the
    ///      oracle value minus the deviation. Returns what it receives and the oracle value of `amount` in `tokenOut`.
    function _sell(
        address asset,
        uint256 amount,
        address tokenOut,
        Quote memory quote,
        bool simulate
    ) internal returns (uint256 received, uint256 value) {
        value = _valueIn(asset, amount, quote);
        uint256 bound = (value * (1e18 - maxOracleDeviation)) / 1e18;
        SwapRouterCalls.Single memory s = SwapRouterCalls.Single(
            asset,
            tokenOut,
            _poolFee(asset),
            address(this),
            amount,
            bound
        );
        bool ok;
        if (simulate) {
            (ok, received) = SwapRouterCalls.quoteSingle(uniswapFactory, s, false);
        } else {
            IERC20(asset).forceApprove(address(swapRouter), amount);
            (ok, received) = SwapRouterCalls.exactInputSingle(address(swapRouter), swapRouterTakesDeadline, s);
        }
        if (!ok || received < bound) revert SwapFailed(asset, amount, bound);
    }

    /// @dev The router's deferred balance of each asset in the vault.
    function _deferredOf(IIndexVault vault, address[] memory assets) internal view returns (uint256[] memory d) {
        d = new uint256[](assets.length);
        for (uint256 i; i < assets.length; ++i) {
            d[i] = IIndexVaultDeferred(address(vault)).deferred(address(this), assets[i]);
        }
    }

    /// @dev Sells what a redeem paid the router for `tokenOut`; reverts if the redeem deferred any asset (its
    ///      deferred balance moved from `deferredBefore`). With `simulate`, sells are only quoted on their pools and
    ///      `deferredBefore` is not read (the quote path).
    function _sellBasket(
        IIndexVault vault,
        address[] memory assets,
        uint256[] memory amounts,
        uint256[] memory deferredBefore,
        address tokenOut,
        bool simulate
    ) internal returns (TokenQuote memory q) {
        Quote memory quote = _quote(tokenOut);
        q.basketAmounts = amounts;
        q.tokenAmounts = new uint256[](assets.length);
        for (uint256 i; i < assets.length; ++i) {
            address asset = assets[i];
            uint256 amount = amounts[i];
            if (amount == 0) continue;
            if (!simulate && IIndexVaultDeferred(address(vault)).deferred(address(this), asset) != deferredBefore[i]) {
                revert BasketTransferDeferred(asset);
            }
            (uint256 received, uint256 value) = asset == tokenOut
                ? (amount, amount)
                : _sell(asset, amount, tokenOut, quote, simulate);
            q.amount += received;
            q.oracleValue += value;
            q.tokenAmounts[i] = received;
        }
    }

    /// @dev `diff` over `value`, 1e18 = 100 % (0 for a zero value).
    function _impact(int256 diff, uint256 value) internal pure returns (int256) {
        return value == 0 ? int256(0) : (diff * 1e18) / value.toInt256();
    }

    function _left(uint256 budget, uint256 spent) internal pure returns (uint256) {
        return budget > spent ? budget - spent : 0;
    }

    function _quote(address token) internal view returns (Quote memory q) {
        uint8 decimals;
        (q.priceWad, decimals) = oracle.getPriceAndDecimals(token);
        q.unit = 10 ** decimals;
    }

    /// @dev Oracle value of `amount` of `asset`, expressed in units of the quote token.
    function _valueIn(address asset, uint256 amount, Quote memory quote) internal view returns (uint256) {
        (uint256 priceWad, uint8 decimals) = oracle.getPriceAndDecimals(asset);
        uint256 usd = (amount * priceWad) / (10 ** decimals);
        return (usd * quote.unit) / quote.priceWad;
    }

    function _poolFee(address asset) internal view returns (uint24 fee) {
        fee = poolFeeOf[asset];
        if (fee == 0) fee = DEFAULT_POOL_FEE;
    }

    function _checkCommon(address vault, uint256 shares, address receiver, uint256 deadline) internal view {
        if (receiver == address(0)) revert ZeroAddress();
        _checkVaultAndShares(vault, shares);
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
    }

    function _checkVaultAndShares(address vault, uint256 shares) internal pure {
        if (vault == address(0)) revert ZeroAddress();
        if (shares == 0) revert ZeroShares();
    }

    function _setMaxOracleDeviation(uint256 deviation) internal {
        if (deviation > MAX_ORACLE_DEVIATION) revert DeviationAboveCap(deviation, MAX_ORACLE_DEVIATION);
        maxOracleDeviation = deviation;
        emit MaxOracleDeviationSet(deviation);
    }
}

/// @dev The vault's deferred-claim view (not part of IIndexVault's minimal interface).
interface IIndexVaultDeferred {
    function deferred(address account, address asset) external view returns (uint256);
}
