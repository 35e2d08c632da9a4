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

contract RebalancerTest is ThreeAssetRebalanceFixture {
    // ------------------------------------------------------------- targets

    function test_postTarget_rejectsInvalidTargets() public {
        vm.startPrank(methodologist);
        address v = address(vault);
        vm.expectRevert(IRebalancer.EmptyTarget.selector);
        rebalancer.postTarget(v, new address[](0), new uint256[](0), bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.TooManyAssets.selector, 101, 100));
        rebalancer.postTarget(v, new address[](101), new uint256[](101), bytes32(0));

        address[] memory a = new address[](2);
        uint256[] memory w = new uint256[](2);
        (a[0], a[1], w[0], w[1]) = (assets[0], assets[1], 0.5e18, 0.4e18);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.WeightsNotWhole.selector, 0.9e18));
        rebalancer.postTarget(v, a, w, bytes32(0));
        (w[0], w[1]) = (0.7e18, 0.3e18);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.WeightAboveCap.selector, assets[0], 0.7e18, 0.6e18));
        rebalancer.postTarget(v, a, w, bytes32(0));
        (a[1], w[0], w[1]) = (assets[0], 0.5e18, 0.5e18);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.DuplicateAsset.selector, assets[0]));
        rebalancer.postTarget(v, a, w, bytes32(0));
        MockERC20 noFeed = new MockERC20("NF", "NF", 18);
        a[1] = address(noFeed);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.AssetWithoutFeed.selector, address(noFeed)));
        rebalancer.postTarget(v, a, w, bytes32(0));
        a[1] = assets[1];
        vm.stopPrank();

        vm.warp(block.timestamp + HEARTBEAT + 1); // feeds stale: an unsound price is rejected with the oracle's error
        vm.prank(methodologist);
        vm.expectPartialRevert(IPriceOracle.StalePrice.selector);
        rebalancer.postTarget(v, a, w, bytes32(0));
    }

    function test_postTarget_emitsTheSnapshotHash() public {
        (address[] memory a, uint256[] memory w) = _target2();
        bytes32 snapshot = keccak256("weekly snapshot");
        bytes32 key = keccak256(abi.encode(a, w));
        vm.expectEmit(address(rebalancer));
        emit IRebalancer.TargetPosted(address(vault), key, a, w, block.timestamp + DELAY, snapshot);
        vm.prank(methodologist);
        assertEq(rebalancer.postTarget(address(vault), a, w, snapshot), key);
    }

    function test_target_effectiveOnlyAfterDelay_replaceAndCancel() public {
        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoTarget.selector, address(vault)));
        rebalancer.startRebalance(address(vault));
        assertFalse(rebalancer.canStart(address(vault)));
        assertEq(rebalancer.currentTargetKey(address(vault)), bytes32(0));

        vm.warp(block.timestamp + DELAY - 1);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoTarget.selector, address(vault)));
        rebalancer.startRebalance(address(vault));
        vm.prank(methodologist);
        rebalancer.cancelTarget(address(vault));
        vm.warp(block.timestamp + 1);
        assertFalse(rebalancer.canStart(address(vault)));

        _post(vault, a, w);
        _post(vault, a, w); // replace restarts the delay
        vm.warp(block.timestamp + DELAY);
        assertTrue(rebalancer.canStart(address(vault)));
        vm.prank(methodologist);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.TargetAlreadyEffective.selector, address(vault)));
        rebalancer.cancelTarget(address(vault));
    }

    // regime tests: RebalancerRegime.t.sol

    // ------------------------------------------------------------- roles and pause

    function test_adminAndMethodologistFunctionsRejectOthers() public {
        bytes32 adminRole = rebalancer.DEFAULT_ADMIN_ROLE();
        bytes32 methRole = rebalancer.METHODOLOGIST_ROLE();
        address v = address(vault);
        vm.startPrank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, adminRole)
        );
        rebalancer.setConfig(v, _config(0.5e18, 1e18));
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, adminRole)
        );
        rebalancer.setAssetLimits(v, assets[0], 0, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, adminRole)
        );
        rebalancer.unpauseAuctions();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, methRole)
        );
        rebalancer.postTarget(v, assets, new uint256[](3), bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, methRole)
        );
        rebalancer.cancelTarget(v);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, methRole)
        );
        rebalancer.signalRegime(v, IRebalancer.Regime.RiskOff);
        bytes32 gRole = rebalancer.GUARDIAN_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, gRole));
        rebalancer.pauseAuctions();
        bytes32 rRole = vault.REBALANCER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, rRole));
        vault.rebalanceTrade(assets[0], 1, assets[1], 1, bob, "");
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, rRole));
        vault.compactBasket();
        vm.stopPrank();
    }

    function test_guardianPausesNewAuctionsOnly() public {
        bytes32 adminRole = rebalancer.DEFAULT_ADMIN_ROLE();
        vm.prank(guardian);
        rebalancer.pauseAuctions();
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, adminRole)
        );
        rebalancer.unpauseAuctions();
        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        vm.expectRevert(IRebalancer.AuctionsPaused.selector);
        rebalancer.startRebalance(address(vault));
        vm.prank(alice);
        vault.redeem(1e18, alice, new uint256[](3)); // redeem never blocked
        vm.prank(admin);
        rebalancer.unpauseAuctions();
        rebalancer.startRebalance(address(vault));
        vm.prank(guardian);
        rebalancer.pauseAuctions();
        bidder.bid(address(vault), assets[1], address(usdc), 1e8, ""); // a running auction goes on
    }
}
