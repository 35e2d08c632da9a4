// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ThreeAssetVaultFixture} from "../utils/RebalanceFixture.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {Rebalancer} from "../../../contracts/rebalance/Rebalancer.sol";
import {RebalanceUpkeep} from "../../../contracts/rebalance/RebalanceUpkeep.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";

/// @notice The Rebalancer's refusals and views, one behaviour per test.
contract RebalancerEdgesTest is ThreeAssetVaultFixture {
    // ------------------------------------------------------------ Rebalancer: construction and admin

    function test_constructor_rejectsZeroOracleOrAdmin() public {
        vm.expectRevert(IRebalancer.InvalidConfig.selector);
        new Rebalancer(IPriceOracle(address(0)), admin);
        vm.expectRevert(IRebalancer.InvalidConfig.selector);
        new Rebalancer(oracle, address(0));
    }

    function test_setConfig_rejectsEachInvalidSettingAndConfigReadsBack() public {
        IRebalancer.Config memory good = _config(0.5e18, 1_000e18);
        IRebalancer.Config[] memory bad = new IRebalancer.Config[](7);
        for (uint256 i; i < bad.length; ++i) bad[i] = _config(0.5e18, 1_000e18);
        bad[0].bandHigh = 0.2e18 + 1;
        bad[1].bandLow = 0.2e18 + 1;
        bad[2].auctionDuration = 0;
        bad[3].weightCap = 0;
        bad[4].weightCap = 1e18 + 1;
        bad[5].maxLotUsd = 0;
        bad[6].stablecoin = makeAddr("no feed");
        vm.startPrank(admin);
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(IRebalancer.InvalidConfig.selector);
            rebalancer.setConfig(address(vault), bad[i]);
        }
        vm.expectRevert(IRebalancer.InvalidConfig.selector);
        rebalancer.setConfig(address(0), good);
        rebalancer.setConfig(address(vault), good);
        vm.stopPrank();

        IRebalancer.Config memory read = rebalancer.config(address(vault));
        assertEq(read.weightCap, 0.5e18);
        assertEq(read.maxLotUsd, 1_000e18);
        assertEq(read.stablecoin, address(usdc));
        assertEq(read.auctionDuration, DURATION);
        assertEq(rebalancer.config(makeAddr("unknown vault")).auctionDuration, 0, "unknown vault: empty config");
    }

    function test_setAssetLimits_rejectsACapAboveOne() public {
        vm.expectRevert(IRebalancer.InvalidConfig.selector);
        vm.prank(admin);
        rebalancer.setAssetLimits(address(vault), assets[0], 1e18 + 1, 0);
    }

    function test_pauseAndUnpause_refuseRepeatsAndStopStarts() public {
        vm.prank(admin);
        vm.expectRevert(IRebalancer.NotPaused.selector);
        rebalancer.unpauseAuctions();

        vm.prank(guardian);
        rebalancer.pauseAuctions();
        vm.prank(guardian);
        vm.expectRevert(IRebalancer.AuctionsPaused.selector);
        rebalancer.pauseAuctions();

        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        assertFalse(rebalancer.canStart(address(vault)), "paused: cannot start");
        vm.expectRevert(IRebalancer.AuctionsPaused.selector);
        rebalancer.startRebalance(address(vault));

        vm.prank(admin);
        rebalancer.unpauseAuctions();
        assertTrue(rebalancer.canStart(address(vault)));
    }

    // ------------------------------------------------------------ targets

    function test_postTarget_rejectsLengthMismatchAndZeroWeight() public {
        (address[] memory a, uint256[] memory w) = _target2();
        uint256[] memory one = new uint256[](1);
        one[0] = 1e18;
        vm.startPrank(methodologist);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.LengthMismatch.selector, 2, 1));
        rebalancer.postTarget(address(vault), a, one, bytes32(0));
        (w[0], w[1]) = (0, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.ZeroWeight.selector, a[0]));
        rebalancer.postTarget(address(vault), a, w, bytes32(0));
        vm.stopPrank();
    }

    function test_pendingTargetAndLatestPostedKey_followPostCancelAndActivation() public {
        assertEq(rebalancer.latestPostedTargetKey(address(vault)), bytes32(0), "nothing posted");
        (address[] memory pa, uint256[] memory pw, uint256 at) = rebalancer.pendingTarget(address(vault));
        assertEq(pa.length + pw.length + at, 0);

        vm.prank(methodologist);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoPendingTarget.selector, address(vault)));
        rebalancer.cancelTarget(address(vault));

        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        bytes32 key = keccak256(abi.encode(a, w));
        (pa, pw, at) = rebalancer.pendingTarget(address(vault));
        assertEq(pa, a);
        assertEq(pw, w);
        assertEq(at, block.timestamp + DELAY);
        assertEq(rebalancer.latestPostedTargetKey(address(vault)), key, "pending counts as posted");

        vm.prank(methodologist);
        rebalancer.cancelTarget(address(vault));
        assertEq(rebalancer.latestPostedTargetKey(address(vault)), bytes32(0), "cancelled");

        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        rebalancer.startRebalance(address(vault)); // promotes the pending target
        (pa, , at) = rebalancer.pendingTarget(address(vault));
        assertEq(pa.length, 0, "promoted: nothing pending");
        assertEq(at, 0);
        assertEq(rebalancer.latestPostedTargetKey(address(vault)), key, "the active target is the latest posted");
    }

    // ------------------------------------------------------------ auctions

    function test_startRebalance_refusesARunningAuctionForTheSameTarget() public {
        _startTarget2();
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.AuctionRunning.selector, address(vault)));
        rebalancer.startRebalance(address(vault));
    }

    function test_startRebalance_refusesAnEmptyVault() public {
        (address[] memory a, uint256[] memory u) = (assets, new uint256[](3));
        for (uint256 i; i < 3; ++i) u[i] = 1e6;
        IndexVault empty = _createVault(a, u);
        bytes32 role = empty.REBALANCER_ROLE();
        vm.startPrank(admin);
        empty.grantRole(role, address(rebalancer));
        rebalancer.setConfig(address(empty), _config(0.6e18, 1_000_000e18));
        vm.stopPrank();
        (address[] memory ta, uint256[] memory tw) = _target2();
        _post(empty, ta, tw);
        vm.warp(block.timestamp + DELAY);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.EmptyVault.selector, address(empty)));
        rebalancer.startRebalance(address(empty));
    }

    function test_bidAndQuote_refuseWithoutAnAuctionAndAbovePriceLimit() public {
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoActiveAuction.selector, address(vault)));
        rebalancer.quote(address(vault), assets[1], address(usdc), 1e8);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoActiveAuction.selector, address(vault)));
        rebalancer.bid(address(vault), assets[1], address(usdc), 1e8, type(uint256).max, "");

        _startTarget2();
        uint256 price = rebalancer.quote(address(vault), assets[1], address(usdc), 1e8);
        assertGt(price, 0);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.PriceAboveMax.selector, price, price - 1));
        rebalancer.bid(address(vault), assets[1], address(usdc), 1e8, price - 1, "");

        vm.warp(block.timestamp + DURATION + 1);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoActiveAuction.selector, address(vault)));
        rebalancer.quote(address(vault), assets[1], address(usdc), 1e8);
    }
}

/// @notice The upkeep's scheduling: limits, removal, and when it is (not) due.
contract UpkeepSchedulingTest is ThreeAssetVaultFixture {
    function test_upkeep_scheduleRejectsShortPeriodsAndMoreThanMaxVaults() public {
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.startPrank(admin);
        vm.expectRevert(RebalanceUpkeep.InvalidPeriod.selector);
        upkeep.scheduleVault(address(vault), 1 hours - 1);
        for (uint256 i; i < upkeep.MAX_VAULTS(); ++i) {
            upkeep.scheduleVault(address(uint160(0x1000 + i)), 1 days);
        }
        // Rescheduling a served vault is a change of period, not a new slot.
        vm.expectEmit(address(upkeep));
        emit RebalanceUpkeep.VaultScheduled(address(0x1000), 2 days);
        upkeep.scheduleVault(address(0x1000), 2 days);
        assertEq(upkeep.schedule(address(0x1000)).period, 2 days);
        vm.expectRevert(RebalanceUpkeep.TooManyVaults.selector);
        upkeep.scheduleVault(address(vault), 1 days);
        vm.stopPrank();
        assertEq(upkeep.vaults().length, upkeep.MAX_VAULTS());
    }

    function test_upkeep_unscheduleRemovesTheVaultAndRefusesUnknownOnes() public {
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        address v1 = address(0x1001);
        address v2 = address(0x1002);
        address v3 = address(0x1003);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(RebalanceUpkeep.UnknownVault.selector, v1));
        upkeep.unscheduleVault(v1);
        upkeep.scheduleVault(v1, 1 days);
        upkeep.scheduleVault(v2, 1 days);
        upkeep.scheduleVault(v3, 1 days);

        vm.expectEmit(address(upkeep));
        emit RebalanceUpkeep.VaultUnscheduled(v1);
        upkeep.unscheduleVault(v1);
        address[] memory left = upkeep.vaults();
        assertEq(left.length, 2);
        assertEq(left[0], v3, "the last vault moved into the freed slot");
        assertEq(left[1], v2);
        assertEq(upkeep.schedule(v1).period, 0);

        upkeep.unscheduleVault(v2); // the last entry
        left = upkeep.vaults();
        assertEq(left.length, 1);
        assertEq(left[0], v3);
        vm.expectRevert(abi.encodeWithSelector(RebalanceUpkeep.UnknownVault.selector, v2));
        upkeep.unscheduleVault(v2);
        vm.stopPrank();
    }

    function test_upkeep_unscheduledVaultIsNeverDue() public {
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        assertTrue(rebalancer.canStart(address(vault)));

        vm.recordLogs();
        upkeep.performUpkeep(abi.encode(address(vault), uint8(2))); // not scheduled: nothing happens
        assertEq(vm.getRecordedLogs().length, 0);
        (uint256 id, , , ) = rebalancer.auction(address(vault));
        assertEq(id, 0);
    }

    function test_upkeep_aStartThatFailsIsRecordedAndNotRetriedBeforeThePeriod() public {
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.prank(admin);
        upkeep.scheduleVault(address(vault), 7 days);
        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY + 1 hours); // feeds older than the heartbeat: the start fails
        (bool needed, bytes memory data) = upkeep.checkUpkeep("");
        assertTrue(needed);

        vm.expectEmit(address(upkeep));
        emit RebalanceUpkeep.UpkeepPerformed(address(vault), 2, false);
        upkeep.performUpkeep(data);
        (uint256 id, , , ) = rebalancer.auction(address(vault));
        assertEq(id, 0, "no auction started");
        assertEq(upkeep.schedule(address(vault)).lastRun, block.timestamp);

        _refresh(assets);
        _refreshOne(address(usdc));
        assertTrue(rebalancer.canStart(address(vault)), "the rebalancer could start now");
        (needed, ) = upkeep.checkUpkeep("");
        assertFalse(needed, "same target, period not over: not retried yet");
    }

    function test_upkeep_notDueBetweenAnAuctionsEndAndTheNextPeriod() public {
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.prank(admin);
        upkeep.scheduleVault(address(vault), 7 days);
        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        (bool needed, bytes memory data) = upkeep.checkUpkeep("");
        assertTrue(needed);
        upkeep.performUpkeep(data);

        vm.warp(block.timestamp + DURATION + 1); // the auction is over, the period is not
        assertTrue(rebalancer.canStart(address(vault)));
        (needed, ) = upkeep.checkUpkeep("");
        assertFalse(needed);
        vm.warp(block.timestamp + 7 days);
        (needed, ) = upkeep.checkUpkeep("");
        assertTrue(needed, "due again after the period");
    }
}
