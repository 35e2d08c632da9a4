// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IUniswapV3SwapRouter} from "../interfaces/external/IUniswapV3SwapRouter.sol";
import {SwapRouterCalls} from "../libraries/SwapRouterCalls.sol";
import {IRebalanceCallee} from "../interfaces/IRebalanceCallee.sol";
import {IRebalancer} from "../interfaces/IRebalancer.sol";

/// @title UniswapSolver
/// @notice Fills rebalance auctions through Uniswap v3 in one transaction, without inventory: it bids, receives the
///         vault's `sell` asset, swaps it into `buy` on Uniswap v3 in the callback, pays the vault and sends what is
///         left (the profit) to the profit recipient.
/// @dev Swaps go through the quote token (USDC): one pool when `sell` or `buy` is the quote token, two otherwise.
///      The callback is accepted only from the vault of the fill in progress, for the trade that fill asked for,
///      and only once. Holds nothing between transactions: the swap spends all it receives, the vault pulls
///      exactly the approved amount and the rest of `buy` is sent away.
contract UniswapSolver is IRebalanceCallee, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Role of the keeper accounts that may fill.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice Uniswap v3 fee tier used for a token without its own setting (0.3 %).
    uint24 public constant DEFAULT_POOL_FEE = 3000;

    uint8 internal constant IDLE = 0;
    uint8 internal constant BIDDING = 1;
    uint8 internal constant SWAPPED = 2;

    /// @notice Uniswap v3 SwapRouter (the original, or SwapRouter02).
    IUniswapV3SwapRouter public immutable swapRouter;
    /// @notice Whether `swapRouter` is the original SwapRouter (its params carry a deadline) rather than SwapRouter02.
    bool public immutable swapRouterTakesDeadline;
    /// @notice Token every pool is quoted against; two-hop swaps go through it.
    address public quoteToken;
    /// @notice Receiver of every fill's profit.
    address public profitRecipient;
    /// @notice Uniswap v3 fee tier of `token`'s pool with the quote token (0 = `DEFAULT_POOL_FEE`).
    mapping(address token => uint24) public poolFeeOf;

    // The fill in progress, for the callback to check (cleared when the fill ends).
    uint8 internal transient _stage;
    address internal transient _rebalancer;
    address internal transient _vault;
    address internal transient _sell;
    address internal transient _buy;
    uint256 internal transient _sellAmount;
    uint256 internal transient _minProfit;

    error ZeroAddress();
    error DeadlinePassed(uint256 deadline, uint256 timestamp);
    error InvalidPoolFee(uint24 fee);
    /// @notice The callback came while no fill of this solver was waiting for it.
    error NoFillPending();
    /// @notice The callback came from `caller`, not from the vault of the fill in progress.
    error UnexpectedCaller(address caller);
    /// @notice The callback's trade is not the one the fill in progress bid for.
    error UnexpectedTrade();
    /// @notice The bid returned without the vault calling the solver back.
    error CallbackMissing();
    /// @notice The swap returned `amountOut` of `buy`, less than the vault's price plus the minimum profit.
    error Unprofitable(uint256 amountOut, uint256 required);
    /// @notice The Uniswap swap of the fill failed (no pool, not enough liquidity).
    error SwapFailed(address sell, address buy, uint256 amountIn);

    event Filled(
        address indexed rebalancer,
        address indexed vault,
        address indexed operator,
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        uint256 profit
    );
    event QuoteTokenSet(address indexed token);
    event ProfitRecipientSet(address indexed recipient);
    event PoolFeeSet(address indexed token, uint24 fee);

    /// @param swapRouter_ Uniswap v3 SwapRouter or SwapRouter02 (told apart by SwapRouter02's `factoryV2()`).
    /// @param quoteToken_ Token every pool is quoted against (USDC).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (operators, quote token, pool fees, profit recipient).
    /// @param profitRecipient_ Receiver of the profit.
    constructor(IUniswapV3SwapRouter swapRouter_, address quoteToken_, address admin, address profitRecipient_) {
        if (address(swapRouter_) == address(0) || admin == address(0)) revert ZeroAddress();
        swapRouter = swapRouter_;
        swapRouterTakesDeadline = SwapRouterCalls.takesDeadline(address(swapRouter_));
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setQuoteToken(quoteToken_);
        _setProfitRecipient(profitRecipient_);
    }

    // ================================================================ operator

    /// @notice Bids on `vault`'s auction for `sellAmount` of `sell`, swaps it into `buy` on Uniswap v3 and pays the
    ///         vault, all in this call; sends the profit (the `buy` left over) to the profit recipient.
    /// @param rebalancer The vault's rebalancer.
    /// @param vault The index vault.
    /// @param sell Asset the vault sells (the solver receives and swaps it).
    /// @param buy Asset the vault buys (the solver pays it).
    /// @param sellAmount Amount of `sell` to take (`type(uint256).max`: the whole surplus when the bid runs, the
    ///        Rebalancer's `WHOLE_SURPLUS`).
    /// @param maxBuyAmount Most of `buy` to pay the vault (the rebalancer's slippage guard).
    /// @param minProfit Least `buy` that must be left after paying the vault, else `Unprofitable`.
    /// @param deadline Latest timestamp at which the fill (and its swap) may execute.
    /// @return buyAmount What the vault was paid.
    /// @return profit What the profit recipient received.
    function fill(
        address rebalancer,
        address vault,
        address sell,
        address buy,
        uint256 sellAmount,
        uint256 maxBuyAmount,
        uint256 minProfit,
        uint256 deadline
    ) external nonReentrant onlyRole(OPERATOR_ROLE) returns (uint256 buyAmount, uint256 profit) {
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        _stage = BIDDING;
        _rebalancer = rebalancer;
        _vault = vault;
        _sell = sell;
        _buy = buy;
        _sellAmount = sellAmount;
        _minProfit = minProfit;

        buyAmount = IRebalancer(rebalancer).bid(vault, sell, buy, sellAmount, maxBuyAmount, hex"01");
        if (_stage != SWAPPED) revert CallbackMissing();
        uint256 sold = _sellAmount;
        _clearFill();

        profit = IERC20(buy).balanceOf(address(this));
        if (profit != 0) IERC20(buy).safeTransfer(profitRecipient, profit);
        emit Filled(rebalancer, vault, msg.sender, sell, sold, buy, buyAmount, profit);
    }

    /// @inheritdoc IRebalanceCallee
    /// @dev Accepted once per fill, from the fill's vault, for the fill's trade. Swaps all of `sellAmount` and
    ///      approves the vault for exactly `buyAmount`.
    function onRebalanceBid(
        address rebalancer,
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        bytes calldata
    ) external {
        if (_stage != BIDDING) revert NoFillPending();
        if (msg.sender != _vault) revert UnexpectedCaller(msg.sender);
        uint256 asked = _sellAmount;
        if (
            rebalancer != _rebalancer ||
            sell != _sell ||
            buy != _buy ||
            (sellAmount != asked && asked != type(uint256).max) // WHOLE_SURPLUS: the whole surplus, any amount
        ) revert UnexpectedTrade();
        _stage = SWAPPED;
        _sellAmount = sellAmount; // what was actually sold, for the `Filled` event
        uint256 amountOut = _swap(sell, buy, sellAmount);
        uint256 required = buyAmount + _minProfit;
        if (amountOut < required) revert Unprofitable(amountOut, required);
        IERC20(buy).forceApprove(msg.sender, buyAmount);
    }

    // ================================================================ admin

    /// @notice Sets the token every pool is quoted against.
    /// @param token The quote token (non-zero).
    function setQuoteToken(address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setQuoteToken(token);
    }

    /// @notice Sets the receiver of the profit.
    /// @param recipient The receiver (non-zero).
    function setProfitRecipient(address recipient) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProfitRecipient(recipient);
    }

    /// @notice Sets the Uniswap v3 fee tier of `token`'s pool with the quote token (100, 500, 3000 or 10000).
    /// @param token The token.
    /// @param fee The fee tier.
    function setPoolFee(address token, uint24 fee) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (fee != 100 && fee != 500 && fee != 3000 && fee != 10000) revert InvalidPoolFee(fee);
        poolFeeOf[token] = fee;
        emit PoolFeeSet(token, fee);
    }

    /// @notice Fee tier of `token`'s pool with the quote token.
    /// @param token The token.
    /// @return fee The configured tier, or `DEFAULT_POOL_FEE`.
    function poolFee(address token) public view returns (uint24 fee) {
        fee = poolFeeOf[token];
        if (fee == 0) fee = DEFAULT_POOL_FEE;
    }

    // ================================================================ internal

    /// @dev Swaps exactly `amountIn` of `sell` into `buy`. No minimum is passed to Uniswap: the caller checks the
    ///      output against the vault's price plus the minimum profit and reverts the whole fill when short.
    function _swap(address sell, address buy, uint256 amountIn) internal returns (uint256) {
        IERC20(sell).forceApprove(address(swapRouter), amountIn);
        address quote = quoteToken;
        bool ok;
        uint256 amountOut;
        if (sell == quote || buy == quote) {
            (ok, amountOut) = SwapRouterCalls.exactInputSingle(
                address(swapRouter),
                swapRouterTakesDeadline,
                SwapRouterCalls.Single(sell, buy, poolFee(sell == quote ? buy : sell), address(this), amountIn, 0)
            );
        } else {
            (ok, amountOut) = SwapRouterCalls.exactInput(
                address(swapRouter),
                swapRouterTakesDeadline,
                abi.encodePacked(sell, poolFee(sell), quote, poolFee(buy), buy),
                address(this),
                amountIn,
                0
            );
        }
        if (!ok) revert SwapFailed(sell, buy, amountIn);
        return amountOut;
    }

    function _clearFill() internal {
        _stage = IDLE;
        _rebalancer = address(0);
        _vault = address(0);
        _sell = address(0);
        _buy = address(0);
        _sellAmount = 0;
        _minProfit = 0;
    }

    function _setQuoteToken(address token) internal {
        if (token == address(0)) revert ZeroAddress();
        quoteToken = token;
        emit QuoteTokenSet(token);
    }

    function _setProfitRecipient(address recipient) internal {
        if (recipient == address(0)) revert ZeroAddress();
        profitRecipient = recipient;
        emit ProfitRecipientSet(recipient);
    }
}
