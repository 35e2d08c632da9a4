// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {StakingFixture} from "./utils/StakingFixture.sol";
import {TMAI} from "../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../contracts/staking/VeTMAI.sol";
import {IVeTMAI} from "../../../contracts/interfaces/IVeTMAI.sol";

contract VeTMAITest is StakingFixture {
    // ------------------------------------------------------------- createLock

    function test_createLock_locksAndScores() public {
        _fund(alice, 1_000e18);
        uint256 end = _weekFloor(block.timestamp) + 10 * WEEK;
        vm.expectEmit(address(ve));
        emit IVeTMAI.LockUpdated(alice, alice, 1_000e18, 1_000e18, end);
        vm.prank(alice);
        ve.createLock(1_000e18, end);

        (uint256 amount, uint256 lockEnd) = ve.locked(alice);
        assertEq(amount, 1_000e18);
        assertEq(lockEnd, end);
        assertEq(tmai.balanceOf(address(ve)), 1_000e18);
        assertEq(tmai.balanceOf(alice), 0);
        uint256 expected = _expectedScore(1_000e18, end, block.timestamp);
        assertEq(ve.balanceOf(alice), expected);
        assertEq(ve.totalSupply(), expected);
        assertEq(ve.getVotes(alice), expected);
        assertEq(ve.delegates(alice), alice);
        assertEq(ve.lockPointCount(alice), 1);
    }

    function test_lastGlobalCheckpoint_tracksLocksAndCheckpoints() public {
        assertEq(ve.lastGlobalCheckpoint(), 0, "no point before the first lock");
        _lock(alice, 100e18, 10);
        assertEq(ve.lastGlobalCheckpoint(), block.timestamp);
        uint256 locked = block.timestamp;
        vm.warp(block.timestamp + 3 weeks);
        assertEq(ve.lastGlobalCheckpoint(), locked, "time alone records nothing");
        ve.checkpoint();
        assertEq(ve.lastGlobalCheckpoint(), block.timestamp, "the keeper's weekly checkpoint is visible");
    }

    function test_createLock_roundsEndDownToWeek() public {
        _fund(alice, 10e18);
        uint256 wanted = block.timestamp + 20 * WEEK; // mid-week
        vm.prank(alice);
        ve.createLock(10e18, wanted);
        (, uint256 end) = ve.locked(alice);
        assertEq(end, _weekFloor(wanted));
        assertEq(end % WEEK, 0);
        assertLt(end, wanted);
        // Thursday 00:00 UTC: 1970-01-01 was a Thursday.
        assertEq(((end / 1 days) + 4) % 7, 4);
    }

    function test_createLock_oneWeekBoundaryIsShortest() public {
        _fund(alice, 10e18);
        uint256 nextWeek = _weekFloor(block.timestamp) + WEEK;
        vm.prank(alice);
        ve.createLock(10e18, nextWeek + WEEK - 1); // rounds to the next boundary
        (, uint256 end) = ve.locked(alice);
        assertEq(end, nextWeek);
    }

    function test_createLock_revertsTooShort() public {
        _fund(alice, 10e18);
        uint256 thisWeek = _weekFloor(block.timestamp);
        // Any time before the next boundary rounds to this week's start, which is already past.
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockTooShort.selector, thisWeek, block.timestamp));
        vm.prank(alice);
        ve.createLock(10e18, thisWeek + WEEK - 1);
    }

    function test_createLock_revertsTooShortExactlyNowOnBoundary() public {
        _toNextWeek(0);
        _fund(alice, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockTooShort.selector, block.timestamp, block.timestamp));
        vm.prank(alice);
        ve.createLock(10e18, block.timestamp);
    }

    function test_createLock_fiftyTwoWeeksAllowed_fiftyThreeRejected() public {
        _fund(alice, 10e18);
        uint256 maxEnd = _weekFloor(block.timestamp + MAXTIME);
        uint256 tooFar = maxEnd + WEEK;
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockTooLong.selector, tooFar, block.timestamp + MAXTIME));
        vm.prank(alice);
        ve.createLock(10e18, tooFar);

        vm.prank(alice);
        ve.createLock(10e18, block.timestamp + MAXTIME);
        (, uint256 end) = ve.locked(alice);
        assertEq(end, maxEnd);
        assertLe(ve.balanceOf(alice), 10e18);
    }

    function test_createLock_fiftyTwoFullWeeksOnBoundary() public {
        _toNextWeek(0);
        _fund(alice, 52e18);
        vm.prank(alice);
        ve.createLock(52e18, block.timestamp + MAXTIME);
        assertEq(ve.balanceOf(alice), 52e18); // full 52 weeks: score == amount
    }

    function test_createLock_revertsBelowMinimum() public {
        _fund(alice, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.BelowMinimum.selector, 1e18 - 1, 1e18));
        vm.prank(alice);
        ve.createLock(1e18 - 1, block.timestamp + 4 * WEEK);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.BelowMinimum.selector, 0, 1e18));
        vm.prank(alice);
        ve.createLock(0, block.timestamp + 4 * WEEK);
    }

    function test_createLock_revertsWhenLockExists_activeOrExpired() public {
        uint256 end = _lock(alice, 10e18, 2);
        _fund(alice, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockExists.selector, 10e18, end));
        vm.prank(alice);
        ve.createLock(10e18, block.timestamp + 4 * WEEK);

        vm.warp(end + 1);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockExists.selector, 10e18, end));
        vm.prank(alice);
        ve.createLock(10e18, block.timestamp + 4 * WEEK);
    }

    function test_createLock_pullsOnlyFromCaller() public {
        // Bob approved veTMAI, but Alice cannot lock Bob's tokens: createLock pulls from msg.sender only.
        _fund(bob, 10e18);
        vm.prank(alice);
        vm.expectRevert();
        ve.createLock(10e18, block.timestamp + 4 * WEEK);
        assertEq(tmai.balanceOf(bob), 10e18);
    }

    function test_createLock_contractWalletCanLock() public {
        WalletLike wallet = new WalletLike();
        vm.prank(treasury);
        tmai.transfer(address(wallet), 10e18);
        wallet.run(address(tmai), abi.encodeCall(tmai.approve, (address(ve), 10e18)));
        wallet.run(address(ve), abi.encodeCall(ve.createLock, (10e18, block.timestamp + 4 * WEEK)));
        (uint256 amount, ) = ve.locked(address(wallet));
        assertEq(amount, 10e18);
        assertGt(ve.balanceOf(address(wallet)), 0);
    }

    // ------------------------------------------------------------- increaseAmount

    function test_increaseAmount_addsKeepingEnd() public {
        uint256 end = _lock(alice, 10e18, 10);
        vm.warp(block.timestamp + 3 days);
        _fund(alice, 5e18);
        vm.expectEmit(address(ve));
        emit IVeTMAI.LockUpdated(alice, alice, 5e18, 15e18, end);
        vm.prank(alice);
        ve.increaseAmount(5e18);
        (uint256 amount, uint256 lockEnd) = ve.locked(alice);
        assertEq(amount, 15e18);
        assertEq(lockEnd, end);
        assertEq(ve.balanceOf(alice), _expectedScore(15e18, end, block.timestamp));
        assertEq(ve.totalSupply(), ve.balanceOf(alice));
    }

    function test_increaseAmount_reverts() public {
        vm.expectRevert(IVeTMAI.ZeroAmount.selector);
        vm.prank(alice);
        ve.increaseAmount(0);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.NoLock.selector, alice));
        vm.prank(alice);
        ve.increaseAmount(1);
        uint256 end = _lock(alice, 10e18, 1);
        vm.warp(end);
        _fund(alice, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockExpired.selector, end));
        vm.prank(alice);
        ve.increaseAmount(1e18);
    }

    // ------------------------------------------------------------- increaseUnlockTime

    function test_increaseUnlockTime_extends() public {
        uint256 end = _lock(alice, 52e18, 4);
        uint256 newEnd = end + 10 * WEEK;
        vm.expectEmit(address(ve));
        emit IVeTMAI.LockUpdated(alice, alice, 0, 52e18, newEnd);
        vm.prank(alice);
        ve.increaseUnlockTime(newEnd);
        (, uint256 lockEnd) = ve.locked(alice);
        assertEq(lockEnd, newEnd);
        assertEq(ve.balanceOf(alice), _expectedScore(52e18, newEnd, block.timestamp));
        assertEq(ve.totalSupply(), ve.balanceOf(alice));
        // The old end no longer drops the slope; the new one does.
        assertEq(ve.slopeChanges(end), 0);
        assertEq(ve.slopeChanges(newEnd), 52e18);
        vm.warp(end + 1);
        assertEq(ve.totalSupply(), _expectedScore(52e18, newEnd, block.timestamp));
    }

    function test_increaseUnlockTime_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.NoLock.selector, alice));
        vm.prank(alice);
        ve.increaseUnlockTime(block.timestamp + 4 * WEEK);

        uint256 end = _lock(alice, 10e18, 4);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.UnlockTimeNotLater.selector, end, end));
        vm.prank(alice);
        ve.increaseUnlockTime(end + 1 days);

        uint256 tooFar = _weekFloor(block.timestamp + MAXTIME) + WEEK;
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockTooLong.selector, tooFar, block.timestamp + MAXTIME));
        vm.prank(alice);
        ve.increaseUnlockTime(tooFar);

        vm.warp(end);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockExpired.selector, end));
        vm.prank(alice);
        ve.increaseUnlockTime(end + 4 * WEEK);
    }

    // ------------------------------------------------------------- withdraw

    function test_withdraw_afterExpiry() public {
        uint256 end = _lock(alice, 10e18, 2);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockNotExpired.selector, end));
        vm.prank(alice);
        ve.withdraw();

        vm.warp(end);
        assertEq(ve.balanceOf(alice), 0);
        vm.expectEmit(address(ve));
        emit IVeTMAI.Withdrawn(alice, 10e18);
        vm.prank(alice);
        ve.withdraw();
        assertEq(tmai.balanceOf(alice), 10e18);
        (uint256 amount, uint256 lockEnd) = ve.locked(alice);
        assertEq(amount + lockEnd, 0);

        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.NoLock.selector, alice));
        vm.prank(alice);
        ve.withdraw();

        // A new lock is possible after withdrawing.
        vm.prank(alice);
        ve.createLock(10e18, block.timestamp + 3 * WEEK);
        assertGt(ve.balanceOf(alice), 0);
    }

    function test_withdraw_idleTwoYears() public {
        uint256 end = _lock(alice, 10e18, 52);
        vm.warp(block.timestamp + 104 * WEEK);
        vm.prank(alice);
        uint256 g = gasleft();
        ve.withdraw();
        assertLt(g - gasleft(), 60_000);
        assertEq(tmai.balanceOf(alice), 10e18);
        assertGt(block.timestamp, end);
        assertEq(ve.totalSupply(), 0);
    }

    // ------------------------------------------------------------- depositFor

    function test_depositFor_onlyDistributor() public {
        _lock(alice, 10e18, 4);
        _fund(bob, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.NotRevenueDistributor.selector, bob));
        vm.prank(bob);
        ve.depositFor(alice, 1e18);

        vm.prank(admin);
        ve.setRevenueDistributor(address(0));
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.NotRevenueDistributor.selector, address(0)));
        vm.prank(address(0));
        ve.depositFor(alice, 1e18);
    }

    function test_depositFor_addsDistributorTokensToLock() public {
        uint256 end = _lock(alice, 10e18, 4);
        vm.prank(treasury);
        tmai.transfer(address(dist), 3e18);
        vm.prank(address(dist));
        ve.depositFor(alice, 3e18);
        (uint256 amount, uint256 lockEnd) = ve.locked(alice);
        assertEq(amount, 13e18);
        assertEq(lockEnd, end);
        assertEq(tmai.balanceOf(address(dist)), 0);
    }

    // ------------------------------------------------------------- score and history

    function test_score_decaysAndSums() public {
        uint256 endA = _lock(alice, 100e18, 52);
        vm.warp(block.timestamp + 5 days);
        uint256 endB = _lock(bob, 40e18, 8);
        uint256 t0 = block.timestamp;
        for (uint256 i; i < 60; ++i) {
            vm.warp(t0 + i * 6 days + 17);
            uint256 a = _expectedScore(100e18, endA, block.timestamp);
            uint256 b = _expectedScore(40e18, endB, block.timestamp);
            assertEq(ve.balanceOf(alice), a);
            assertEq(ve.balanceOf(bob), b);
            uint256 total = ve.totalSupply();
            assertGe(total, a + b);
            assertLe(total, a + b + 1);
        }
        vm.warp(endA);
        assertEq(ve.totalSupply(), 0);
    }

    function test_balanceOfAt_pastAndFuture() public {
        uint256 t0 = block.timestamp;
        uint256 end = _lock(alice, 52e18, 20);
        vm.warp(t0 + 3 * WEEK);
        _fund(alice, 52e18);
        vm.prank(alice);
        ve.increaseAmount(52e18);
        uint256 t1 = block.timestamp;
        vm.warp(t0 + 6 * WEEK);

        assertEq(ve.balanceOfAt(alice, t0 - 1), 0);
        assertEq(ve.balanceOfAt(alice, t0), 0, "lock at t0 counts from t0 + 1");
        assertEq(ve.balanceOfAt(alice, t0 + 1), _expectedScore(52e18, end, t0 + 1));
        assertEq(ve.balanceOfAt(alice, t1), _expectedScore(52e18, end, t1));
        assertEq(ve.balanceOfAt(alice, t1 + 1), _expectedScore(104e18, end, t1 + 1));
        assertEq(ve.balanceOfAt(alice, end + WEEK), 0);
        assertEq(ve.totalSupplyAt(t0), 0);
        assertEq(ve.totalSupplyAt(t1 + 1), _expectedScore(104e18, end, t1 + 1));
        // Future projection of today's locks.
        assertEq(ve.totalSupplyAt(end - 1), _expectedScore(104e18, end, end - 1));
        assertEq(ve.scaledTotalSupplyAt(t1 + 1), 104e18 * (end - t1 - 1));
    }

    function test_pastLookups_revertForPresentAndFuture() public {
        _lock(alice, 10e18, 4);
        uint48 now_ = uint48(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.ERC5805FutureLookup.selector, now_, now_));
        ve.getPastVotes(alice, now_);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.ERC5805FutureLookup.selector, now_ + 1, now_));
        ve.getPastTotalSupply(now_ + 1);
        assertEq(ve.clock(), now_);
        assertEq(ve.CLOCK_MODE(), "mode=timestamp");
    }

    function test_powerAcquiredAtSnapshotDoesNotCount() public {
        _lock(bob, 10e18, 10);
        vm.warp(block.timestamp + 1 hours);
        uint256 snapshot = block.timestamp;
        _lock(alice, 1_000e18, 52); // same second as the snapshot
        vm.warp(snapshot + 1);
        assertEq(ve.getPastVotes(alice, snapshot), 0);
        assertEq(ve.getPastTotalSupply(snapshot), ve.getPastVotes(bob, snapshot));
        assertGt(ve.getPastVotes(bob, snapshot), 0);
        assertGt(ve.getVotes(alice), 0);
    }

    function test_scaledBalancesAt_weekly() public {
        _toNextWeek(0);
        uint256 w0 = block.timestamp;
        uint256 end = _lock(alice, 10e18, 5);
        vm.warp(w0 + 2 * WEEK + 1);
        _fund(alice, 10e18);
        vm.prank(alice);
        ve.increaseAmount(10e18);
        uint256[] memory b = ve.scaledBalancesAt(alice, w0, 7);
        assertEq(b[0], 0); // created at w0: counts from w0 + 1
        assertEq(b[1], 10e18 * (end - w0 - WEEK));
        assertEq(b[2], 10e18 * (end - w0 - 2 * WEEK));
        assertEq(b[3], 20e18 * (end - w0 - 3 * WEEK));
        assertEq(b[5], 0);
        assertEq(b[6], 0);
    }

    // ------------------------------------------------------------- bounded catch-up

    function test_checkpoint_after104IdleWeeks_isCheap() public {
        _lock(alice, 10e18, 52);
        _lock(bob, 10e18, 30);
        vm.warp(block.timestamp + 104 * WEEK + 3 days);
        assertEq(ve.totalSupply(), 0);
        _fund(carol, 10e18);
        vm.prank(carol);
        uint256 g = gasleft();
        ve.createLock(10e18, block.timestamp + 10 * WEEK);
        uint256 used = g - gasleft();
        assertLt(used, 300_000);
        assertEq(ve.totalSupply(), ve.balanceOf(carol));
    }

    function test_checkpoint_after51IdleWeeks_walksWeeksWithinCap() public {
        // Worst walk: a lock ending every week, then 51 idle weeks before the next checkpoint.
        for (uint256 i = 1; i <= 52; ++i) {
            _lock(makeAddr(string(abi.encode(i))), 10e18, i);
        }
        vm.warp(block.timestamp + 51 * WEEK);
        uint256 expected = (10e18 * (_weekFloor(block.timestamp) + WEEK - block.timestamp)) / MAXTIME;
        assertEq(ve.totalSupply(), expected);
        _fund(carol, 10e18);
        vm.prank(carol);
        uint256 g = gasleft();
        ve.createLock(10e18, block.timestamp + 10 * WEEK);
        assertLt(g - gasleft(), 300_000);
    }

    function test_checkpoint_recordsGlobalPoint() public {
        uint256 end = _lock(alice, 52e18, 10);
        vm.warp(block.timestamp + 3 * WEEK);
        vm.expectEmit(address(ve));
        emit IVeTMAI.Checkpointed(block.timestamp, 2);
        ve.checkpoint();
        assertEq(ve.globalPointCount(), 2);
        assertEq(ve.totalSupply(), _expectedScore(52e18, end, block.timestamp));
        ve.checkpoint(); // same second: overwritten, not appended
        assertEq(ve.globalPointCount(), 2);
        vm.warp(end + 1);
        ve.checkpoint();
        assertEq(ve.totalSupply(), 0);
        assertEq(ve.totalSupplyAt(end - WEEK), _expectedScore(52e18, end, end - WEEK));
    }

    // ------------------------------------------------------------- fuzz

    function testFuzz_score_matchesFormula(uint96 rawAmount, uint8 rawWeeks, uint32 rawDt, uint32 rawStart) public {
        vm.warp(START + bound(rawStart, 0, 3 * 365 days));
        uint256 amount = bound(rawAmount, 1e18, 1e27);
        uint256 weeks_ = bound(rawWeeks, 1, 52);
        uint256 end = _lock(alice, amount, weeks_);
        uint256 t = block.timestamp + bound(rawDt, 0, 60 weeks);
        vm.warp(t);
        uint256 expected = _expectedScore(amount, end, t);
        assertEq(ve.balanceOf(alice), expected);
        assertEq(ve.totalSupply(), expected);
        assertEq(ve.getVotes(alice), expected);
        assertLe(expected, amount);
        if (t >= end) assertEq(expected, 0);
    }

    function testFuzz_decay_monotonicAndZeroAfterExpiry(uint96 a1, uint96 a2, uint8 w1, uint8 w2, uint32 step) public {
        uint256 end1 = _lock(alice, bound(a1, 1e18, 1e26), bound(w1, 1, 52));
        vm.warp(block.timestamp + 2 days);
        uint256 end2 = _lock(bob, bound(a2, 1e18, 1e26), bound(w2, 1, 52));
        uint256 dt = bound(step, 1 days, 3 weeks); // the whole run is one transaction under the gas cap
        uint256 lastTotal = ve.totalSupply();
        uint256 lastA = ve.balanceOf(alice);
        uint256 lastB = ve.balanceOf(bob);
        uint256 last = end1 > end2 ? end1 : end2;
        while (block.timestamp < last + dt) {
            vm.warp(block.timestamp + dt);
            uint256 total = ve.totalSupply();
            uint256 a = ve.balanceOf(alice);
            uint256 b = ve.balanceOf(bob);
            assertLe(total, lastTotal);
            assertLe(a, lastA);
            assertLe(b, lastB);
            assertGe(total, a + b);
            assertLe(total, a + b + 1);
            (lastTotal, lastA, lastB) = (total, a, b);
        }
        assertEq(lastTotal, 0);
        assertEq(lastA + lastB, 0);
    }
}

/// @dev Minimal smart-contract wallet: forwards calls from its deployer.
contract WalletLike {
    address internal immutable _owner = msg.sender;

    function run(address target, bytes calldata data) external {
        require(msg.sender == _owner, "owner");
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
