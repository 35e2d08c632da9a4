// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
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
contract IndexRouter is AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

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
        oracle = oracle_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMaxOracleDeviation(maxOracleDeviation_);
    }

    // ================================================================ user actions

    /// @notice Mints exactly `shares` of `vault` to `receiver`, paying with `tokenIn` only.
    /// @param vault The index vault.
    /// @param tokenIn The token paid (must have an oracle feed).
    /// @param shares Index shares to mint (the vault's mint fee is included in what is bought).
    /// @param maxAmountIn Most `tokenIn` the caller pays; the unspent part is refunded in the same transaction.
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
        amountIn = _buyBasket(vault, tokenIn, amounts, maxAmountIn);
        input.forceApprove(address(swapRouter), 0);

        vault.mint(shares, receiver, amounts);
        if (maxAmountIn > amountIn) input.safeTransfer(msg.sender, maxAmountIn - amountIn);
        emit MintedWithToken(msg.sender, receiver, address(vault), tokenIn, shares, amountIn);
    }

    /// @notice Redeems `shares` of `vault` (taken from the caller; approve the router first) and pays `receiver` in
    ///         `tokenOut` only. Needs sound oracle prices; in-kind redeem on the vault never does.
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
        amountOut = _sellBasket(vault, assets, amounts, deferredBefore, tokenOut);
        if (amountOut < minAmountOut) revert AmountOutBelowMin(amountOut, minAmountOut);
        IERC20(tokenOut).safeTransfer(receiver, amountOut);
        emit RedeemedToToken(msg.sender, receiver, address(vault), tokenOut, shares, amountOut);
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
    ///      the vault to pull them. Reverts once more than `maxAmountIn` would be spent.
    function _buyBasket(
        IIndexVault vault,
        address tokenIn,
        uint256[] memory amounts,
        uint256 maxAmountIn
    ) internal returns (uint256 amountIn) {
        (address[] memory assets, ) = vault.getBasket();
        Quote memory quote = _quote(tokenIn);
        for (uint256 i; i < assets.length; ++i) {
            address asset = assets[i];
            uint256 amount = amounts[i];
            if (asset == tokenIn) amountIn += amount;
            else if (amount != 0) amountIn += _buy(tokenIn, asset, amount, quote, _left(maxAmountIn, amountIn));
            if (amountIn > maxAmountIn) revert AmountInAboveMax(amountIn, maxAmountIn);
            IERC20(asset).forceApprove(address(vault), amount);
        }
    }

    /// @dev Buys exactly `amount` of `asset` with `tokenIn`, paying at most the oracle value plus the deviation and
    ///      at most what is left of the caller's budget.
    function _buy(
        address tokenIn,
        address asset,
        uint256 amount,
        Quote memory quote,
        uint256 budget
    ) internal returns (uint256 paid) {
        uint256 bound = (_valueIn(asset, amount, quote) * (1e18 + maxOracleDeviation)) / 1e18 + SWAP_ROUNDING;
        if (budget < bound) bound = budget;
        bool ok;
        (ok, paid) = SwapRouterCalls.exactOutputSingle(
            address(swapRouter),
            swapRouterTakesDeadline,
            SwapRouterCalls.Single(tokenIn, asset, _poolFee(asset), address(this), amount, bound)
        );
        if (!ok) revert SwapFailed(asset, amount, bound);
    }

    /// @dev Sells all `amount` of `asset` for `tokenOut`, receiving at least the oracle value minus the deviation.
    function _sell(
        address asset,
        uint256 amount,
        address tokenOut,
        Quote memory quote
    ) internal returns (uint256 received) {
        uint256 bound = (_valueIn(asset, amount, quote) * (1e18 - maxOracleDeviation)) / 1e18;
        IERC20(asset).forceApprove(address(swapRouter), amount);
        bool ok;
        (ok, received) = SwapRouterCalls.exactInputSingle(
            address(swapRouter),
            swapRouterTakesDeadline,
            SwapRouterCalls.Single(asset, tokenOut, _poolFee(asset), address(this), amount, bound)
        );
        if (!ok) revert SwapFailed(asset, amount, bound);
    }

    /// @dev The router's deferred balance of each asset in the vault.
    function _deferredOf(IIndexVault vault, address[] memory assets) internal view returns (uint256[] memory d) {
        d = new uint256[](assets.length);
        for (uint256 i; i < assets.length; ++i) {
            d[i] = IIndexVaultDeferred(address(vault)).deferred(address(this), assets[i]);
        }
    }

    /// @dev Sells what a redeem paid the router for `tokenOut`; reverts if the redeem deferred any asset (its
    ///      deferred balance moved from `deferredBefore`).
    function _sellBasket(
        IIndexVault vault,
        address[] memory assets,
        uint256[] memory amounts,
        uint256[] memory deferredBefore,
        address tokenOut
    ) internal returns (uint256 amountOut) {
        Quote memory quote = _quote(tokenOut);
        for (uint256 i; i < assets.length; ++i) {
            address asset = assets[i];
            uint256 amount = amounts[i];
            if (amount == 0) continue;
            if (IIndexVaultDeferred(address(vault)).deferred(address(this), asset) != deferredBefore[i]) {
                revert BasketTransferDeferred(asset);
            }
            amountOut += asset == tokenOut ? amount : _sell(asset, amount, tokenOut, quote);
        }
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
        if (vault == address(0) || receiver == address(0)) revert ZeroAddress();
        if (shares == 0) revert ZeroShares();
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
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
