// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {StakingFixture} from "./utils/StakingFixture.sol";

/// @dev Gas of the staking entry points, measured with gasleft() around one external call (execution gas only:
///      no 21,000 base or calldata cost). Targets from the benchmark issue are asserted.
contract StakingGasTest is StakingFixture {
    uint256 internal constant CREATE_LOCK_TARGET = 180_000;
    uint256 internal constant CHECKPOINT_TARGET = 300_000;
    uint256 internal constant CLAIM_52_TARGET = 300_000;

    /// @dev Realistic background: other holders with locks ending on the same and other weeks.
    function _background() internal {
        for (uint256 i; i < 8; ++i) {
            _lock(makeAddr(string(abi.encode("holder", i))), 1_000e18, 4 + i * 6);
        }
    }

    /// @dev Marks the contracts' storage cold again, as at the start of a real transaction.
    function _cool() internal {
        vm.cool(address(ve));
        vm.cool(address(tmai));
        vm.cool(address(dist));
        vm.cool(address(usdc));
    }

    function test_gas_lockLifecycle() public {
        _background();
        _fund(alice, 2_000e18);
        uint256 end = _weekFloor(block.timestamp) + 40 * WEEK;

        _cool();
        vm.prank(alice);
        uint256 g = gasleft();
        ve.createLock(1_000e18, end);
        uint256 createLock = g - gasleft();

        vm.warp(block.timestamp + 1 days);
        _cool();
        vm.prank(alice);
        g = gasleft();
        ve.increaseAmount(1_000e18);
        uint256 increaseAmount = g - gasleft();

        vm.warp(block.timestamp + 1 days);
        _cool();
        vm.prank(alice);
        g = gasleft();
        ve.increaseUnlockTime(end + 8 * WEEK);
        uint256 increaseUnlockTime = g - gasleft();

        vm.warp(block.timestamp + 1 days);
        _cool();
        vm.prank(alice);
        g = gasleft();
        ve.delegate(bob);
        uint256 delegate_ = g - gasleft();

        vm.warp(end + 8 * WEEK);
        _cool();
        vm.prank(alice);
        g = gasleft();
        ve.withdraw();
        uint256 withdraw_ = g - gasleft();

        console.log("createLock", createLock);
        console.log("increaseAmount", increaseAmount);
        console.log("increaseUnlockTime", increaseUnlockTime);
        console.log("delegate", delegate_);
        console.log("withdraw", withdraw_);
        assertLt(createLock, CREATE_LOCK_TARGET);
        assertLt(increaseAmount, 150_000);
        assertLt(increaseUnlockTime, 200_000);
        assertLt(delegate_, 150_000);
        assertLt(withdraw_, 80_000);
    }

    function test_gas_globalCheckpointAfterIdle() public {
        // Worst case: a lock ending on every one of the next 52 weeks, so the catch-up reads and applies a
        // non-zero slope change at each of 52 week boundaries.
        for (uint256 i = 1; i <= 52; ++i) {
            _lock(makeAddr(string(abi.encode("weekly", i))), 10e18, i);
        }
        uint256 snapshot = vm.snapshotState();
        vm.warp(block.timestamp + 51 * WEEK + 3 days);
        _cool();
        uint256 g = gasleft();
        ve.checkpoint();
        uint256 checkpoint51 = g - gasleft();
        uint256 total = ve.totalSupply();
        assertEq(total, (10e18 * (_weekFloor(block.timestamp) + WEEK - block.timestamp)) / MAXTIME);

        vm.revertToState(snapshot);
        vm.warp(block.timestamp + 51 * WEEK + 3 days);
        _fund(alice, 10e18);
        _cool();
        vm.prank(alice);
        g = gasleft();
        ve.createLock(10e18, block.timestamp + 4 * WEEK);
        uint256 createLock51 = g - gasleft();

        vm.warp(block.timestamp + 60 * WEEK);
        _cool();
        g = gasleft();
        ve.checkpoint();
        uint256 checkpoint60 = g - gasleft();

        vm.warp(block.timestamp + 104 * WEEK);
        _fund(carol, 10e18);
        _cool();
        vm.prank(carol);
        g = gasleft();
        ve.createLock(10e18, block.timestamp + 4 * WEEK);
        uint256 createLock104 = g - gasleft();

        console.log("checkpoint after 51 idle weeks (52 slope changes)", checkpoint51);
        console.log("createLock after 51 idle weeks (52 slope changes)", createLock51);
        console.log("checkpoint after 60 idle weeks (jump to zero)", checkpoint60);
        console.log("createLock after 104 idle weeks", createLock104);
        assertLt(checkpoint51, CHECKPOINT_TARGET);
        assertLt(checkpoint60, CHECKPOINT_TARGET);
        assertLt(createLock104, CREATE_LOCK_TARGET);
        // A lock operation that also pays the worst 52-week catch-up stays within 1.1 x the checkpoint target.
        assertLt(createLock51, 330_000);
    }

    function test_gas_claim() public {
        _background();
        _lock(alice, 1_000e18, 52);
        _lock(bob, 1_000e18, 52);
        _toNextWeek(0);
        _depositRevenue(usdc, 100e6);
        _depositTmai(100e18);
        _toNextWeek(0);
        dist.checkpointToken(address(usdc));

        _cool();
        vm.prank(bob);
        uint256 g = gasleft();
        dist.claim(address(usdc));
        uint256 claim1 = g - gasleft();

        for (uint256 i; i < 51; ++i) {
            if (i == 30) {
                vm.prank(bob);
                ve.increaseUnlockTime(block.timestamp + MAXTIME);
            }
            _depositRevenue(usdc, 100e6);
            _depositTmai(100e18);
            _toNextWeek(0);
        }
        dist.checkpointToken(address(usdc));
        _cool();
        vm.prank(alice);
        g = gasleft();
        uint256 paid = dist.claim(address(usdc));
        uint256 claim52 = g - gasleft();
        assertGt(paid, 0);

        dist.checkpointToken(address(tmai));
        _cool();
        vm.prank(bob);
        g = gasleft();
        dist.claimAndLock();
        uint256 claimAndLock52 = g - gasleft();

        console.log("claim over 1 week", claim1);
        console.log("claim over 52 weeks", claim52);
        console.log("claimAndLock over 52 weeks", claimAndLock52);
        assertLt(claim1, 150_000);
        assertLt(claim52, CLAIM_52_TARGET);
        assertLt(claimAndLock52, 550_000);
    }
}
