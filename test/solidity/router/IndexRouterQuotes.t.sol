// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IndexRouter} from "../../../contracts/index/IndexRouter.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IndexRouterFixture, OracleSwapRouter, OracleSwapRouter02} from "../coverage/IndexRouter.t.sol";

/// @notice IndexRouter's quotes (`quoteMintWithToken`, `quoteRedeemToToken`) against the `OracleSwapRouter` double
///         and its pools: a quote is exactly what the call then spends or pays, follows the pools, fails where the
///         call would, and needs nothing from its caller. (test/integration/router.test.ts checks them on real
///         Uniswap v3 pools.)
contract IndexRouterQuotesTest is IndexRouterFixture {
    address internal nobody = makeAddr("nobody"); // holds nothing and approves nothing

    function _usdValueInUsdc(uint256 wbtcAmount, uint256 wethAmount) internal pure returns (uint256, uint256) {
        return ((wbtcAmount * 50_000 * 1e6) / 1e8, (wethAmount * 2_000 * 1e6) / 1e18);
    }

    function _impact(int256 diff, uint256 value) internal pure returns (int256) {
        return (diff * 1e18) / int256(value);
    }

    function test_quoteMintWithToken_isExactlyWhatTheMintThenSpends_needingNoBalanceNorAllowance() public {
        uni.setPremiumBps(50);
        uint256[] memory need = vault.previewMint(1e18);
        (uint256 v1, uint256 v2) = _usdValueInUsdc(need[1], need[2]);

        vm.prank(nobody);
        IndexRouter.TokenQuote memory q = router.quoteMintWithToken(vault, address(usdc), 1e18);

        assertEq(q.basketAmounts, need, "the basket bought is previewMint's");
        assertEq(q.tokenAmounts[0], need[0], "USDC, the token paid, is used as is");
        assertEq(q.tokenAmounts[1], (v1 * 10_050) / 10_000 + 1, "WBTC at the pool's price");
        assertEq(q.tokenAmounts[2], (v2 * 10_050) / 10_000 + 1, "WETH at the pool's price");
        assertEq(q.amount, q.tokenAmounts[0] + q.tokenAmounts[1] + q.tokenAmounts[2]);
        assertEq(q.oracleValue, need[0] + v1 + v2, "the basket's oracle value, in USDC units");
        assertEq(q.priceImpact, _impact(int256(q.amount) - int256(q.oracleValue), q.oracleValue));
        assertGt(q.priceImpact, 0);
        assertLt(q.priceImpact, 0.005e18, "0.5 % on two thirds of the basket");
        // Nothing moved, nothing approved.
        assertEq(usdc.balanceOf(address(router)), 0);
        assertEq(usdc.allowance(address(router), address(uni)), 0);
        assertEq(wbtc.allowance(address(router), address(vault)), 0);

        // The mint, with the quote as its exact budget, spends it all.
        _payWith(alice, q.amount);
        vm.prank(alice);
        assertEq(router.mintWithToken(vault, address(usdc), 1e18, q.amount, alice, block.timestamp), q.amount);
        assertEq(usdc.balanceOf(alice), 0);
        assertEq(vault.balanceOf(alice), 1e18);
    }

    function test_quoteMintWithToken_followsThePools_andOneUnitLessFails() public {
        IndexRouter.TokenQuote memory flat = router.quoteMintWithToken(vault, address(usdc), 1e18);
        uni.setPremiumBps(150); // the pools move 1.5 % against the buyer
        IndexRouter.TokenQuote memory up = router.quoteMintWithToken(vault, address(usdc), 1e18);
        uni.setPremiumBps(-100); // and then 1 % in their favour
        IndexRouter.TokenQuote memory down = router.quoteMintWithToken(vault, address(usdc), 1e18);

        assertEq(flat.oracleValue, up.oracleValue, "the oracle did not move");
        assertEq(flat.oracleValue, down.oracleValue);
        assertGt(up.amount, flat.amount);
        assertGt(flat.amount, down.amount);
        assertGt(up.priceImpact, flat.priceImpact);
        assertGe(flat.priceImpact, 0, "at the oracle price: only the rounding units");
        assertLt(down.priceImpact, 0, "better than the oracle: a negative impact");

        uni.setPremiumBps(150);
        _payWith(alice, up.amount);
        vm.prank(alice);
        vm.expectPartialRevert(IndexRouter.SwapFailed.selector); // the last swap's budget is one unit short
        router.mintWithToken(vault, address(usdc), 1e18, up.amount - 1, alice, block.timestamp);
        vm.prank(alice);
        assertEq(router.mintWithToken(vault, address(usdc), 1e18, up.amount, alice, block.timestamp), up.amount);
    }

    function test_quoteMintWithToken_payingWithABasketAssetOtherThanTheQuoteToken() public {
        uni.createPool(address(weth), address(wbtc), 3000);
        uni.setPremiumBps(30);
        uint256[] memory need = vault.previewMint(1e18);
        IndexRouter.TokenQuote memory q = router.quoteMintWithToken(vault, address(weth), 1e18);
        assertEq(q.tokenAmounts[2], need[2], "WETH, the token paid, is used as is");
        assertGt(q.tokenAmounts[0], 0);
        assertGt(q.priceImpact, 0);

        weth.mint(alice, q.amount);
        vm.startPrank(alice);
        weth.approve(address(router), q.amount);
        assertEq(router.mintWithToken(vault, address(weth), 1e18, q.amount, alice, block.timestamp), q.amount);
        vm.stopPrank();
        assertEq(weth.balanceOf(alice), 0);
    }

    function test_quoteRedeemToToken_isExactlyWhatTheRedeemThenPays() public {
        _holdShares(alice, 2e18);
        uni.setPremiumBps(100);
        uint256[] memory out = vault.previewRedeem(1e18);
        (uint256 v1, uint256 v2) = _usdValueInUsdc(out[1], out[2]);

        vm.prank(nobody); // holds no shares
        IndexRouter.TokenQuote memory q = router.quoteRedeemToToken(vault, 1e18, address(usdc));

        assertEq(q.basketAmounts, out, "the basket sold is previewRedeem's");
        assertEq(q.tokenAmounts[0], out[0]);
        assertEq(q.tokenAmounts[1], (v1 * 9_900) / 10_000);
        assertEq(q.tokenAmounts[2], (v2 * 9_900) / 10_000);
        assertEq(q.amount, q.tokenAmounts[0] + q.tokenAmounts[1] + q.tokenAmounts[2]);
        assertEq(q.oracleValue, out[0] + v1 + v2);
        assertEq(q.priceImpact, _impact(int256(q.oracleValue) - int256(q.amount), q.oracleValue));
        assertApproxEqAbs(q.priceImpact, 0.00667e18, 0.00001e18, "1 % on two thirds of the basket");

        vm.prank(alice);
        assertEq(router.redeemToToken(vault, 1e18, address(usdc), q.amount, alice, block.timestamp), q.amount);

        // After a pool move the quote follows, and is again what the redeem pays.
        uni.setPremiumBps(-50);
        IndexRouter.TokenQuote memory better = router.quoteRedeemToToken(vault, 1e18, address(usdc));
        assertGt(better.amount, q.amount);
        assertLt(better.priceImpact, 0);
        vm.prank(alice);
        assertEq(router.redeemToToken(vault, 1e18, address(usdc), better.amount, bob, block.timestamp), better.amount);
        assertEq(usdc.balanceOf(bob), better.amount);
    }

    function test_quotes_failWhereTheCallWould_outsideTheOracleBand() public {
        uni.setPremiumBps(300); // buying 3 % over the oracle: outside the 2 % band
        uint256[] memory need = vault.previewMint(1e18);
        uint256 bound = (((need[1] * 50_000 * 1e6) / 1e8) * 1.02e18) / 1e18 + router.SWAP_ROUNDING();
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.SwapFailed.selector, address(wbtc), need[1], bound));
        router.quoteMintWithToken(vault, address(usdc), 1e18);

        uni.setPremiumBps(500); // selling 5 % under it
        uint256[] memory out = vault.previewRedeem(1e18);
        bound = (((out[1] * 50_000 * 1e6) / 1e8) * 0.98e18) / 1e18;
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.SwapFailed.selector, address(wbtc), out[1], bound));
        router.quoteRedeemToToken(vault, 1e18, address(usdc));
    }

    function test_quotes_surfaceTheOraclesOwnError() public {
        vm.warp(block.timestamp + 2 days); // every feed stale
        vm.expectPartialRevert(IPriceOracle.StalePrice.selector);
        router.quoteMintWithToken(vault, address(usdc), 1e18);
        vm.expectPartialRevert(IPriceOracle.StalePrice.selector);
        router.quoteRedeemToToken(vault, 1e18, address(usdc));
    }

    function test_quotes_useTheAssetsPoolFeeTier_andFailWithoutAPool() public {
        vm.prank(admin);
        router.setPoolFee(address(wbtc), 500);
        uint256[] memory need = vault.previewMint(1e18);
        vm.expectPartialRevert(IndexRouter.SwapFailed.selector); // no 0.05 % WBTC pool yet
        router.quoteMintWithToken(vault, address(usdc), 1e18);
        vm.expectPartialRevert(IndexRouter.SwapFailed.selector);
        router.quoteRedeemToToken(vault, 1e18, address(usdc));

        uni.createPool(address(wbtc), address(usdc), 500);
        IndexRouter.TokenQuote memory q = router.quoteMintWithToken(vault, address(usdc), 1e18);
        assertEq(q.basketAmounts[1], need[1]);
    }

    function test_quoteMintWithToken_aPoolThatCannotFillTheExactOutputFails() public {
        uint256[] memory need = vault.previewMint(1e18);
        wbtcPool.setMaxOut(need[1] - 1); // the pool runs out of WBTC one unit short: the routers revert then
        uint256 bound = (((need[1] * 50_000 * 1e6) / 1e8) * 1.02e18) / 1e18 + router.SWAP_ROUNDING();
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.SwapFailed.selector, address(wbtc), need[1], bound));
        router.quoteMintWithToken(vault, address(usdc), 1e18);
    }

    function test_quotes_rejectZeroVaultAndZeroShares() public {
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.quoteMintWithToken(IIndexVault(address(0)), address(usdc), 1e18);
        vm.expectRevert(IndexRouter.ZeroShares.selector);
        router.quoteMintWithToken(vault, address(usdc), 0);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.quoteRedeemToToken(IIndexVault(address(0)), 1e18, address(usdc));
        vm.expectRevert(IndexRouter.ZeroShares.selector);
        router.quoteRedeemToToken(vault, 0, address(usdc));
    }

    function test_swapCallback_neverPays_alwaysRevertsWithTheDeltas() public {
        vm.expectRevert(abi.encode(int256(5), int256(-7)));
        router.uniswapV3SwapCallback(5, -7, "");
        vm.expectRevert(abi.encode(int256(-1), int256(1e18)));
        vm.prank(address(wbtcPool));
        router.uniswapV3SwapCallback(-1, 1e18, "pay me");
    }
}

/// @notice Every quote test again, through SwapRouter02's ABI (its `factory()` is what the quotes read).
contract IndexRouterQuotesOverSwapRouter02Test is IndexRouterQuotesTest {
    function _newSwapRouter() internal override returns (OracleSwapRouter) {
        return new OracleSwapRouter02(oracle);
    }

    function test_swapRouterKindIsDetected() public view {
        assertFalse(router.swapRouterTakesDeadline());
    }
}
