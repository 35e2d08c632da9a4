// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {ThreeAssetRebalanceFixture, TestBidder} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";

contract RebalancerAuctionTest is ThreeAssetRebalanceFixture {
    // ------------------------------------------------------------- auctions

    function test_auction_sellsOnlySurplus_buysOnlyDeficit() public {
        _startTarget2();
        address v = address(vault);
        (uint256 surplus0, ) = rebalancer.gap(v, assets[0]);
        (uint256 surplus1, ) = rebalancer.gap(v, assets[1]);
        (, uint256 deficitUsdc) = rebalancer.gap(v, address(usdc));
        assertEq(surplus0, 0, "asset0 is under its 50 % target");
        assertEq(surplus1, (500e8 * 1e8) / 2e8 > 0 ? surplus1 : 0);
        assertApproxEqRel(deficitUsdc, 1500e6, 1e12);

        vm.expectRevert(abi.encodeWithSelector(IRebalancer.ExceedsSurplus.selector, address(usdc), 1e6, 0));
        bidder.bid(v, address(usdc), assets[1], 1e6, "");
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.ExceedsSurplus.selector, assets[1], surplus1 + 1, surplus1));
        bidder.bid(v, assets[1], address(usdc), surplus1 + 1, "");
        // asset1 -> asset2: asset2 is in surplus, not deficit
        vm.expectPartialRevert(IRebalancer.ExceedsDeficit.selector);
        bidder.bid(v, assets[1], assets[2], 1, "");

        uint256 paid = bidder.bid(v, assets[1], address(usdc), surplus1, "");
        assertEq(MockERC20(assets[1]).balanceOf(address(bidder)), surplus1);
        assertGe(MockERC20(address(usdc)).balanceOf(v), paid);
        (uint256 after1, ) = rebalancer.gap(v, assets[1]);
        assertEq(after1, 0);
    }

    function test_auction_lotSizeEnforced() public {
        vm.prank(admin);
        rebalancer.setAssetLimits(address(vault), assets[1], 0, 100e18); // $100 per bid
        _startTarget2();
        // asset1 is $2: 50 tokens = $100 is fine, 51 is not
        uint256 fifty = 50 * 10 ** MockERC20(assets[1]).decimals();
        uint256 fiftyOne = 51 * 10 ** MockERC20(assets[1]).decimals();
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.LotTooLarge.selector, assets[1], 102e18, 100e18));
        bidder.bid(address(vault), assets[1], address(usdc), fiftyOne, "");
        bidder.bid(address(vault), assets[1], address(usdc), fifty, "");
    }

    function test_auction_maliciousCallbacksRevert() public {
        _startTarget2();
        address v = address(vault);
        bidder.setMode(TestBidder.Mode.ReenterMint);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        bidder.bid(v, assets[1], address(usdc), 1e8, hex"01");
        bidder.setMode(TestBidder.Mode.ReenterRedeem);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        bidder.bid(v, assets[1], address(usdc), 1e8, hex"01");
        bidder.setMode(TestBidder.Mode.ReenterBid);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        bidder.bid(v, assets[1], address(usdc), 1e8, hex"01");
        bidder.setMode(TestBidder.Mode.ShortPay);
        vm.expectRevert(); // the pull fails: the bidder gave its payment away
        bidder.bid(v, assets[1], address(usdc), 1e8, hex"01");
        // and with no callback the honest path works
        bidder.setMode(TestBidder.Mode.Honest);
        bidder.bid(v, assets[1], address(usdc), 1e8, hex"01");
    }

    function test_auction_staleOracleBlocksBids_notRedeem() public {
        _startTarget2();
        MockV3Aggregator feed = MockV3Aggregator(oracle.feedConfig(assets[1]).feed);
        feed.updateRoundData(9, 2e8, block.timestamp - HEARTBEAT - 1, block.timestamp - HEARTBEAT - 1);
        vm.expectPartialRevert(IPriceOracle.StalePrice.selector);
        bidder.bid(address(vault), assets[1], address(usdc), 1e8, "");
        uint256 n = vault.basketSize();
        vm.prank(alice);
        vault.redeem(10e18, alice, new uint256[](n));
    }

    function test_mintRedeemBetweenBids_keepUnitsConsistent_andNewAssetAppended() public {
        _startTarget2();
        address v = address(vault);
        uint32 version = vault.basketVersion();
        bidder.bid(v, assets[1], address(usdc), 100e8, "");
        assertEq(vault.basketSize(), 4, "USDC appended");
        assertEq(vault.basketVersion(), version + 1);
        // a stale 3-element array now fails; a version-pinned one works
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.LengthMismatch.selector, 4, 3));
        vault.redeem(1e18, alice, new uint256[](3));
        uint256[] memory pinned = new uint256[](5);
        pinned[4] = version;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.LengthMismatch.selector, 4, 5));
        vault.redeem(1e18, alice, pinned);
        pinned[4] = version + 1;
        vm.prank(alice);
        vault.redeem(100e18, alice, pinned);
        _mint(vault, bob, 50e18);
        (uint256 surplus, ) = rebalancer.gap(v, assets[2]);
        bidder.bid(v, assets[2], address(usdc), surplus / 3, "");
        vm.prank(alice);
        vault.redeem(300e18, alice, new uint256[](4));
        _assertBacked();
    }

    function test_sellToZero_keepsSlot_thenCompaction() public {
        // target: asset0 only (cap raised) -> asset1 and asset2 sold out for asset0
        vm.prank(admin);
        rebalancer.setAssetLimits(address(vault), assets[0], 1e18, 0);
        address[] memory a = new address[](1);
        uint256[] memory w = new uint256[](1);
        (a[0], w[0]) = (assets[0], 1e18);
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        rebalancer.startRebalance(address(vault));
        vm.warp(block.timestamp + (DURATION * 5) / 6); // factor 0.995: the deficit is never exceeded
        for (uint256 i = 1; i < 3; ++i) {
            (uint256 s, ) = rebalancer.gap(address(vault), assets[i]);
            bidder.bid(address(vault), assets[i], assets[0], s, "");
        }
        (, uint256[] memory units) = vault.getBasket();
        assertEq(units[1], 0);
        assertEq(units[2], 0);
        assertEq(vault.basketSize(), 3, "slots kept during the auction");
        _mint(vault, bob, 5e18); // zero-unit slots are skipped
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.AuctionRunning.selector, address(vault)));
        rebalancer.compact(address(vault));
        vm.warp(block.timestamp + DURATION);
        rebalancer.compact(address(vault));
        assertEq(vault.basketSize(), 1);
        _assertBacked();
    }

    function _assertBacked() internal view {
        (address[] memory a, uint256[] memory accounted) = vault.totalBasket();
        for (uint256 i; i < a.length; ++i) {
            assertGe(MockERC20(a[i]).balanceOf(address(vault)), accounted[i]);
        }
    }
}
