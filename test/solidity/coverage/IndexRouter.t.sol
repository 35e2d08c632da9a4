// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../../contracts/mocks/BlockableERC20.sol";
import {IndexRouter} from "../../../contracts/index/IndexRouter.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IUniswapV3SwapRouter} from "../../../contracts/interfaces/external/IUniswapV3SwapRouter.sol";
import {IUniswapV3SwapRouter02} from "../../../contracts/interfaces/external/IUniswapV3SwapRouter02.sol";
import {SmallVaultFixture} from "./utils/SmallVaultFixture.sol";

/// @notice Stands in for Uniswap's SwapRouter: trades at the oracle price moved by `premiumBps` against the trader
///         (buying costs that much more, selling pays that much less), enforces the caller's limits like Uniswap
///         ("Too much requested" / "Too little received"), burns what it takes and mints what it gives (test tokens).
///         It is also its own `factory()`: `createPool` makes an `OraclePool` for a pair and fee tier, which prices
///         swaps the same way, for the router's quotes.
contract OracleSwapRouter {
    IPriceOracle public immutable oracle;
    int256 public premiumBps;
    uint24 public lastFee;
    mapping(bytes32 pairAndFee => address) internal _pools;

    constructor(IPriceOracle oracle_) {
        oracle = oracle_;
    }

    function setPremiumBps(int256 bps) external {
        premiumBps = bps;
    }

    /// @notice Uniswap's periphery `factory()`: this contract, whose `getPool` lists the pools `createPool` made.
    function factory() external view returns (address) {
        return address(this);
    }

    function createPool(address a, address b, uint24 fee) external returns (OraclePool pool) {
        (address t0, address t1) = a < b ? (a, b) : (b, a);
        pool = new OraclePool(this, t0, t1);
        _pools[keccak256(abi.encode(t0, t1, fee))] = address(pool);
    }

    function getPool(address a, address b, uint24 fee) external view returns (address) {
        (address t0, address t1) = a < b ? (a, b) : (b, a);
        return _pools[keccak256(abi.encode(t0, t1, fee))];
    }

    /// @notice What `exactOutputSingle` takes for `amountOut` (the pools quote with it).
    function buyQuote(address tokenIn, address tokenOut, uint256 amountOut) external view returns (uint256) {
        return _buyQuote(tokenIn, tokenOut, amountOut);
    }

    /// @notice What `exactInputSingle` gives for `amountIn` (the pools quote with it).
    function sellQuote(address tokenIn, address tokenOut, uint256 amountIn) external view returns (uint256) {
        return _sellQuote(tokenIn, tokenOut, amountIn);
    }

    function exactOutputSingle(IUniswapV3SwapRouter.ExactOutputSingleParams calldata p) external returns (uint256 a) {
        require(block.timestamp <= p.deadline, "Transaction too old");
        a = _buyQuote(p.tokenIn, p.tokenOut, p.amountOut);
        require(a <= p.amountInMaximum, "Too much requested");
        lastFee = p.fee;
        MockERC20(p.tokenIn).transferFrom(msg.sender, address(0xdead), a);
        MockERC20(p.tokenOut).mint(p.recipient, p.amountOut);
    }

    function exactInputSingle(IUniswapV3SwapRouter.ExactInputSingleParams calldata p) external returns (uint256 out) {
        require(block.timestamp <= p.deadline, "Transaction too old");
        out = _sellQuote(p.tokenIn, p.tokenOut, p.amountIn);
        require(out >= p.amountOutMinimum, "Too little received");
        lastFee = p.fee;
        MockERC20(p.tokenIn).transferFrom(msg.sender, address(0xdead), p.amountIn);
        MockERC20(p.tokenOut).mint(p.recipient, out);
    }

    function _buyQuote(address tokenIn, address tokenOut, uint256 amountOut) internal view returns (uint256) {
        return (_convert(tokenOut, amountOut, tokenIn) * uint256(10_000 + premiumBps)) / 10_000 + 1;
    }

    function _sellQuote(address tokenIn, address tokenOut, uint256 amountIn) internal view returns (uint256) {
        return (_convert(tokenIn, amountIn, tokenOut) * uint256(10_000 - premiumBps)) / 10_000;
    }

    function _convert(address from, uint256 amount, address to) internal view returns (uint256) {
        uint256 usd = (amount * oracle.getPrice(from)) / 10 ** oracle.feedConfig(from).assetDecimals;
        return (usd * 10 ** oracle.feedConfig(to).assetDecimals) / oracle.getPrice(to);
    }
}

interface IUniswapV3SwapCallbackLike {
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data) external;
}

/// @notice A Uniswap v3 pool of `OracleSwapRouter`, for quotes only: `swap` prices like the router (same premium),
///         calls the caller's `uniswapV3SwapCallback` with the deltas as a real pool does (positive: owed to the
///         pool), and never settles (it reverts if the callback returns). `maxOut` caps what it can pay, like a pool
///         running out of liquidity (a partial fill).
contract OraclePool {
    OracleSwapRouter public immutable router;
    address public immutable token0;
    address public immutable token1;
    uint256 public maxOut = type(uint256).max;

    constructor(OracleSwapRouter router_, address token0_, address token1_) {
        (router, token0, token1) = (router_, token0_, token1_);
    }

    function setMaxOut(uint256 maxOut_) external {
        maxOut = maxOut_;
    }

    function swap(
        address,
        bool zeroForOne,
        int256 amountSpecified,
        uint160,
        bytes calldata data
    ) external returns (int256, int256) {
        (address tokenIn, address tokenOut) = zeroForOne ? (token0, token1) : (token1, token0);
        uint256 paid;
        uint256 out;
        if (amountSpecified < 0) {
            out = uint256(-amountSpecified);
            if (out > maxOut) out = maxOut;
            paid = router.buyQuote(tokenIn, tokenOut, out);
        } else {
            paid = uint256(amountSpecified);
            out = router.sellQuote(tokenIn, tokenOut, paid);
            if (out > maxOut) out = maxOut;
        }
        (int256 d0, int256 d1) = zeroForOne ? (int256(paid), -int256(out)) : (-int256(out), int256(paid));
        IUniswapV3SwapCallbackLike(msg.sender).uniswapV3SwapCallback(d0, d1, data);
        revert("OraclePool: quotes only");
    }
}

/// @notice The same, with SwapRouter02's ABI (no deadline; `factoryV2()` tells the routers apart).
contract OracleSwapRouter02 is OracleSwapRouter {
    constructor(IPriceOracle oracle_) OracleSwapRouter(oracle_) {}

    function factoryV2() external pure returns (address) {
        return address(0);
    }

    function exactOutputSingle(IUniswapV3SwapRouter02.ExactOutputSingleParams calldata p) external returns (uint256 a) {
        a = _buyQuote(p.tokenIn, p.tokenOut, p.amountOut);
        require(a <= p.amountInMaximum, "Too much requested");
        lastFee = p.fee;
        MockERC20(p.tokenIn).transferFrom(msg.sender, address(0xdead), a);
        MockERC20(p.tokenOut).mint(p.recipient, p.amountOut);
    }

    function exactInputSingle(IUniswapV3SwapRouter02.ExactInputSingleParams calldata p) external returns (uint256 out) {
        out = _sellQuote(p.tokenIn, p.tokenOut, p.amountIn);
        require(out >= p.amountOutMinimum, "Too little received");
        lastFee = p.fee;
        MockERC20(p.tokenIn).transferFrom(msg.sender, address(0xdead), p.amountIn);
        MockERC20(p.tokenOut).mint(p.recipient, out);
    }
}

/// @notice A 3-asset vault (USDC, WBTC, WETH), an IndexRouter over an `OracleSwapRouter` with a pool for WBTC and
///         WETH against USDC at the 0.3 % tier (the quotes'), and helpers: shared by the router's unit tests and
///         test/solidity/router/IndexRouterQuotes.t.sol (two test contracts: one would not deploy under the gas cap).
abstract contract IndexRouterFixture is SmallVaultFixture {
    IndexRouter internal router;
    OracleSwapRouter internal uni;
    IndexVault internal vault;
    MockERC20 internal usdc;
    MockERC20 internal wbtc;
    BlockableERC20 internal weth;
    OraclePool internal wbtcPool;

    uint256 internal constant DEVIATION = 0.02e18; // 2 %

    function setUp() public virtual override {
        super.setUp();
        usdc = _newAsset("USDC", 6, 1);
        wbtc = _newAsset("WBTC", 8, 50_000);
        weth = new BlockableERC20("WETH", "WETH", 18);
        _addFeed(address(weth), 8, 2_000e8);
        address[] memory assets = new address[](3);
        uint256[] memory units = new uint256[](3);
        (assets[0], assets[1], assets[2]) = (address(usdc), address(wbtc), address(weth));
        // Per share: 100 USDC, 0.002 WBTC ($100), 0.05 WETH ($100).
        (units[0], units[1], units[2]) = (100e6, 0.002e8, 0.05e18);
        vault = _vault(assets, units, IIndexVault.FeeParams(0, 0.01e18, 0));
        uni = _newSwapRouter();
        router = _newRouter(IUniswapV3SwapRouter(address(uni)), oracle, admin, DEVIATION);
        wbtcPool = uni.createPool(address(usdc), address(wbtc), 3000);
        uni.createPool(address(usdc), address(weth), 3000);
    }

    /// @dev Deploys an IndexRouter from its artifact (`vm.getCode`: build first), so that this test contract does
    ///      not embed the router's creation code and stays deployable under the transaction gas cap. A constructor
    ///      revert bubbles up with its own error.
    function _newRouter(
        IUniswapV3SwapRouter swapRouter_,
        IPriceOracle oracle_,
        address admin_,
        uint256 deviation
    ) internal returns (IndexRouter r) {
        bytes memory code = abi.encodePacked(
            vm.getCode("IndexRouter.sol:IndexRouter"),
            abi.encode(swapRouter_, oracle_, admin_, deviation)
        );
        assembly ("memory-safe") {
            r := create(0, add(code, 0x20), mload(code))
            if iszero(r) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
    }

    /// @dev The original SwapRouter's ABI here; the `…OverSwapRouter02Test` contracts rerun the tests over SwapRouter02.
    function _newSwapRouter() internal virtual returns (OracleSwapRouter) {
        return new OracleSwapRouter(oracle);
    }

    function _payWith(address who, uint256 amount) internal {
        usdc.mint(who, amount);
        vm.prank(who);
        usdc.approve(address(router), type(uint256).max);
    }

    function _holdShares(address who, uint256 shares) internal {
        _mint(vault, who, shares);
        vm.prank(who);
        vault.approve(address(router), type(uint256).max);
    }
}

/// @notice IndexRouter's logic on its own: limits, oracle band, refunds, deferred basket tokens, admin settings.
///         (test/integration/router.test.ts runs it against real Uniswap v3 pools.)
contract IndexRouterUnitTest is IndexRouterFixture {
    function test_swapRouterKindIsDetected() public view virtual {
        assertTrue(router.swapRouterTakesDeadline(), "the original SwapRouter takes a deadline");
    }

    // ------------------------------------------------------------ construction and admin

    function test_constructor_rejectsZeroAddressesAndDeviationAboveCap() public {
        IUniswapV3SwapRouter u = IUniswapV3SwapRouter(address(uni));
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        _newRouter(IUniswapV3SwapRouter(address(0)), oracle, admin, DEVIATION);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        _newRouter(u, IPriceOracle(address(0)), admin, DEVIATION);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        _newRouter(u, oracle, address(0), DEVIATION);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.DeviationAboveCap.selector, 0.1e18 + 1, 0.1e18));
        _newRouter(u, oracle, admin, 0.1e18 + 1);

        vm.expectEmit(false, false, false, true); // emitted by the router being deployed
        emit IndexRouter.MaxOracleDeviationSet(0.05e18);
        IndexRouter r = _newRouter(u, oracle, admin, 0.05e18);
        assertEq(address(r.swapRouter()), address(uni));
        assertEq(address(r.oracle()), address(oracle));
        assertEq(r.maxOracleDeviation(), 0.05e18);
        assertEq(r.uniswapFactory(), address(uni), "the swap router's factory(), for quotes");
        assertTrue(r.hasRole(r.DEFAULT_ADMIN_ROLE(), admin));
    }

    function test_setMaxOracleDeviation_onlyAdminAndCapped() public {
        bytes32 role = router.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        vm.prank(alice);
        router.setMaxOracleDeviation(0.01e18);

        vm.expectRevert(abi.encodeWithSelector(IndexRouter.DeviationAboveCap.selector, 0.2e18, 0.1e18));
        vm.prank(admin);
        router.setMaxOracleDeviation(0.2e18);

        vm.expectEmit(address(router));
        emit IndexRouter.MaxOracleDeviationSet(0.1e18);
        vm.prank(admin);
        router.setMaxOracleDeviation(0.1e18);
        assertEq(router.maxOracleDeviation(), 0.1e18);
    }

    function test_setPoolFee_onlyAdminValidTiersAndUsedForSwaps() public {
        bytes32 role = router.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role));
        vm.prank(bob);
        router.setPoolFee(address(wbtc), 500);

        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.InvalidPoolFee.selector, uint24(2500)));
        router.setPoolFee(address(wbtc), 2500);
        for (uint256 i; i < 4; ++i) {
            uint24 fee = [uint24(100), 500, 3000, 10000][i];
            vm.expectEmit(address(router));
            emit IndexRouter.PoolFeeSet(address(wbtc), fee);
            router.setPoolFee(address(wbtc), fee);
            assertEq(router.poolFeeOf(address(wbtc)), fee);
        }
        vm.stopPrank();

        // The basket is USDC, WBTC, WETH: WETH, bought last and without a setting, uses the default tier.
        _payWith(alice, 2_000e6);
        vm.prank(alice);
        router.mintWithToken(vault, address(usdc), 1e18, 1_000e6, alice, block.timestamp);
        assertEq(uni.lastFee(), router.DEFAULT_POOL_FEE(), "WETH, bought last, uses the default tier");
        vm.prank(admin);
        router.setPoolFee(address(weth), 500);
        vm.prank(alice);
        router.mintWithToken(vault, address(usdc), 1e18, 1_000e6, alice, block.timestamp);
        assertEq(uni.lastFee(), 500);
    }

    // ------------------------------------------------------------ mintWithToken

    function test_mintWithToken_buysTheBasketMintsAndRefundsTheRest() public {
        _payWith(alice, 1_000e6);
        uint256[] memory need = vault.previewMint(1e18); // 1 % mint fee included
        // USDC is used as is; WBTC and WETH are bought at the oracle price + 0.5 % (+1 unit rounding each).
        uni.setPremiumBps(50);
        uint256 expectedIn =
            need[0] +
                (((need[1] * 50_000 * 1e6) / 1e8) * 10_050) / 10_000 +
                1 +
                (((need[2] * 2_000 * 1e6) / 1e18) * 10_050) / 10_000 +
                1;

        vm.expectEmit(address(router));
        emit IndexRouter.MintedWithToken(alice, bob, address(vault), address(usdc), 1e18, expectedIn);
        vm.prank(alice);
        uint256 spent = router.mintWithToken(vault, address(usdc), 1e18, 1_000e6, bob, block.timestamp);

        assertEq(spent, expectedIn);
        assertEq(vault.balanceOf(bob), 1e18);
        assertEq(usdc.balanceOf(alice), 1_000e6 - spent, "the unspent budget is refunded");
        assertEq(usdc.balanceOf(address(router)), 0, "the router keeps nothing");
        assertEq(wbtc.balanceOf(address(router)), 0);
        assertEq(weth.balanceOf(address(router)), 0);
        assertEq(usdc.allowance(address(router), address(uni)), 0, "no allowance left to the swap router");
    }

    function test_mintWithToken_exactBudgetLeavesNoRefund() public {
        uint256 quoted = _quotedMintCost(1e18);
        _payWith(alice, quoted);
        vm.prank(alice);
        uint256 spent = router.mintWithToken(vault, address(usdc), 1e18, quoted, alice, block.timestamp);
        assertEq(spent, quoted);
        assertEq(usdc.balanceOf(alice), 0);
        assertEq(vault.balanceOf(alice), 1e18);
    }

    function _quotedMintCost(uint256 shares) internal returns (uint256 cost) {
        uint256 snap = vm.snapshotState();
        _payWith(carol, 10_000e6);
        vm.prank(carol);
        cost = router.mintWithToken(vault, address(usdc), shares, 10_000e6, carol, block.timestamp);
        vm.revertToState(snap);
    }

    address internal carol = makeAddr("carol");

    function test_mintWithToken_poolAboveTheOracleBandFails() public {
        _payWith(alice, 1_000e6);
        uni.setPremiumBps(300); // 3 % over the oracle: outside the 2 % band
        uint256[] memory need = vault.previewMint(1e18);
        uint256 bound = (((need[1] * 50_000 * 1e6) / 1e8) * 1.02e18) / 1e18 + router.SWAP_ROUNDING();
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.SwapFailed.selector, address(wbtc), need[1], bound));
        vm.prank(alice);
        router.mintWithToken(vault, address(usdc), 1e18, 1_000e6, alice, block.timestamp);
    }

    function test_mintWithToken_budgetBelowTheInKindPartFails() public {
        uint256[] memory need = vault.previewMint(1e18);
        _payWith(alice, need[0] - 1);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.AmountInAboveMax.selector, need[0], need[0] - 1));
        vm.prank(alice);
        router.mintWithToken(vault, address(usdc), 1e18, need[0] - 1, alice, block.timestamp);
    }

    function test_mintWithToken_budgetTooTightForASwapFailsWithTheBudgetAsLimit() public {
        uint256[] memory need = vault.previewMint(1e18);
        uint256 budget = need[0] + 10e6; // enough for the USDC part, not for $100 of WBTC
        _payWith(alice, budget);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.SwapFailed.selector, address(wbtc), need[1], 10e6));
        vm.prank(alice);
        router.mintWithToken(vault, address(usdc), 1e18, budget, alice, block.timestamp);
    }

    function test_userActions_rejectZeroAddressesZeroSharesAndLateCalls() public {
        _payWith(alice, 1_000e6);
        vm.startPrank(alice);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.mintWithToken(IIndexVault(address(0)), address(usdc), 1e18, 1_000e6, alice, block.timestamp);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.mintWithToken(vault, address(usdc), 1e18, 1_000e6, address(0), block.timestamp);
        vm.expectRevert(IndexRouter.ZeroShares.selector);
        router.mintWithToken(vault, address(usdc), 0, 1_000e6, alice, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IndexRouter.DeadlinePassed.selector, block.timestamp - 1, block.timestamp)
        );
        router.mintWithToken(vault, address(usdc), 1e18, 1_000e6, alice, block.timestamp - 1);

        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.redeemToToken(vault, 1e18, address(usdc), 0, address(0), block.timestamp);
        vm.expectRevert(IndexRouter.ZeroShares.selector);
        router.redeemToToken(vault, 0, address(usdc), 0, alice, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IndexRouter.DeadlinePassed.selector, block.timestamp - 1, block.timestamp)
        );
        router.redeemToToken(vault, 1e18, address(usdc), 0, alice, block.timestamp - 1);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ redeemToToken

    function test_redeemToToken_sellsTheBasketAndPaysOneToken() public {
        _holdShares(alice, 2e18);
        uint256[] memory out = vault.previewRedeem(1e18);
        uni.setPremiumBps(100); // pays 1 % under the oracle: inside the 2 % band
        uint256 expected =
            out[0] +
                (((out[1] * 50_000 * 1e6) / 1e8) * 9_900) / 10_000 +
                (((out[2] * 2_000 * 1e6) / 1e18) * 9_900) / 10_000;

        vm.expectEmit(address(router));
        emit IndexRouter.RedeemedToToken(alice, bob, address(vault), address(usdc), 1e18, expected);
        vm.prank(alice);
        uint256 paid = router.redeemToToken(vault, 1e18, address(usdc), expected, bob, block.timestamp);

        assertEq(paid, expected);
        assertEq(usdc.balanceOf(bob), expected);
        assertEq(vault.balanceOf(alice), 1e18);
        assertEq(usdc.balanceOf(address(router)), 0, "the router keeps nothing");
        assertEq(wbtc.balanceOf(address(router)), 0);
        assertEq(weth.balanceOf(address(router)), 0);
    }

    function test_redeemToToken_belowTheCallersMinimumFails() public {
        _holdShares(alice, 1e18);
        vm.prank(alice);
        uint256 paid = router.redeemToToken(vault, 0.5e18, address(usdc), 0, alice, block.timestamp);
        // The same redeem again pays the same; asking one unit more fails with both figures.
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.AmountOutBelowMin.selector, paid, paid + 1));
        vm.prank(alice);
        router.redeemToToken(vault, 0.5e18, address(usdc), paid + 1, alice, block.timestamp);
    }

    function test_redeemToToken_poolBelowTheOracleBandFails() public {
        _holdShares(alice, 1e18);
        uni.setPremiumBps(500); // pays 5 % under the oracle
        uint256[] memory out = vault.previewRedeem(1e18);
        uint256 bound = (((out[1] * 50_000 * 1e6) / 1e8) * 0.98e18) / 1e18;
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.SwapFailed.selector, address(wbtc), out[1], bound));
        vm.prank(alice);
        router.redeemToToken(vault, 1e18, address(usdc), 0, alice, block.timestamp);
    }

    function test_redeemToToken_aBasketTokenTheRouterCannotReceiveFailsAndInKindStillWorks() public {
        _holdShares(alice, 1e18);
        weth.setBlocked(address(router), true);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.BasketTransferDeferred.selector, address(weth)));
        vm.prank(alice);
        router.redeemToToken(vault, 1e18, address(usdc), 0, alice, block.timestamp);

        // In-kind redeem on the vault remains available.
        vm.prank(alice);
        uint256[] memory got = vault.redeem(1e18, alice, new uint256[](3));
        assertEq(weth.balanceOf(alice), got[2]);
        assertGt(got[2], 0);
    }
}

/// @notice Every IndexRouter unit test again, through SwapRouter02's ABI (Base and Sepolia have no other v3 router).
contract IndexRouterOverSwapRouter02Test is IndexRouterUnitTest {
    function _newSwapRouter() internal override returns (OracleSwapRouter) {
        return new OracleSwapRouter02(oracle);
    }

    function test_swapRouterKindIsDetected() public view override {
        assertFalse(router.swapRouterTakesDeadline(), "SwapRouter02 takes no deadline");
    }

    function test_aRouterWithoutCode_failsTheSwapWithItsOwnError() public {
        IndexRouter r = _newRouter(IUniswapV3SwapRouter(makeAddr("noCode")), oracle, admin, DEVIATION);
        assertTrue(r.swapRouterTakesDeadline());
        assertEq(r.uniswapFactory(), address(0));
        vm.expectPartialRevert(IndexRouter.SwapFailed.selector);
        r.quoteMintWithToken(vault, address(usdc), 1e18);
        usdc.mint(alice, 1_000e6);
        vm.startPrank(alice);
        usdc.approve(address(r), type(uint256).max);
        vm.expectPartialRevert(IndexRouter.SwapFailed.selector);
        r.mintWithToken(vault, address(usdc), 1e18, 1_000e6, alice, block.timestamp);
        vm.stopPrank();
        assertEq(usdc.balanceOf(alice), 1_000e6, "nothing taken");
    }
}
