// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ThreeAssetRebalanceFixture} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";

/// @notice The vault finds a basket slot in O(1) (`accountedOf`, trades); compaction moves slots, and lookups must
///         follow them.
contract RebalancerCompactionTest is ThreeAssetRebalanceFixture {
    function test_compaction_movesSlotsAndTradesStillHitTheRightAsset() public {
        // target: asset0 and asset2 only -> asset1 (the middle slot) is sold out, then compacted away
        address[] memory a = new address[](2);
        uint256[] memory w = new uint256[](2);
        (a[0], w[0]) = (assets[0], 0.5e18);
        (a[1], w[1]) = (assets[2], 0.5e18);
        vm.startPrank(admin);
        rebalancer.setAssetLimits(address(vault), assets[0], 1e18, 0);
        rebalancer.setAssetLimits(address(vault), assets[2], 1e18, 0);
        vm.stopPrank();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        rebalancer.startRebalance(address(vault));
        vm.warp(block.timestamp + (DURATION * 5) / 6);
        (uint256 s1, ) = rebalancer.gap(address(vault), assets[1]);
        bidder.bid(address(vault), assets[1], assets[0], s1 / 2, "");
        bidder.bid(address(vault), assets[1], assets[2], s1 - s1 / 2, "");
        vm.warp(block.timestamp + DURATION);
        rebalancer.compact(address(vault));

        (address[] memory held, uint256[] memory amounts) = vault.totalBasket();
        assertEq(held.length, 2);
        assertEq(held[1], assets[2], "asset2 moved into the freed slot");
        for (uint256 i; i < held.length; ++i) {
            (uint256 amount, uint256 basis) = vault.accountedOf(held[i]);
            assertEq(amount, amounts[i], "O(1) lookup agrees with the full basket");
            assertEq(basis, vault.totalSupply() * vault.scale());
        }
        (uint256 gone, ) = vault.accountedOf(assets[1]);
        assertEq(gone, 0, "a compacted asset is no longer held");

        // A later trade of the moved asset changes its new slot, not a stale one.
        a = new address[](1);
        w = new uint256[](1);
        (a[0], w[0]) = (assets[0], 1e18);
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        rebalancer.startRebalance(address(vault));
        vm.warp(block.timestamp + (DURATION * 5) / 6);
        (, uint256[] memory before) = vault.getBasket();
        (uint256 s2, ) = rebalancer.gap(address(vault), assets[2]);
        bidder.bid(address(vault), assets[2], assets[0], s2 / 2, "");
        (, uint256[] memory afterBid) = vault.getBasket();
        assertLt(afterBid[1], before[1], "slot 1 (asset2) sold");
        assertGt(afterBid[0], before[0], "slot 0 (asset0) bought");
        _assertBacked();
    }

    function _assertBacked() internal view {
        (address[] memory a, uint256[] memory accounted) = vault.totalBasket();
        for (uint256 i; i < a.length; ++i) {
            assertGe(MockERC20(a[i]).balanceOf(address(vault)), accounted[i]);
        }
    }
}
