// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {StakingFixture} from "./utils/StakingFixture.sol";
import {TMAI} from "../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../contracts/staking/VeTMAI.sol";
import {IVeTMAI} from "../../../contracts/interfaces/IVeTMAI.sol";

contract VeTMAIAdminTest is StakingFixture {
    // ------------------------------------------------------------- TMAI

    function test_tmai_fixedSupplyToTreasury() public view {
        assertEq(tmai.totalSupply(), 1_000_000_000e18);
        assertEq(tmai.balanceOf(treasury), tmai.TOTAL_SUPPLY());
        assertEq(tmai.symbol(), "TMAI");
    }

    function test_tmai_revertsOnZeroTreasury() public {
        vm.expectRevert(TMAI.ZeroTreasury.selector);
        new TMAI(address(0));
    }

    function test_tmai_permitSetsAllowance() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(ve),
                5e18,
                0,
                block.timestamp + 1
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", tmai.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        tmai.permit(owner, address(ve), 5e18, block.timestamp + 1, v, r, s);
        assertEq(tmai.allowance(owner, address(ve)), 5e18);
        assertEq(tmai.nonces(owner), 1);
    }

    // ------------------------------------------------------------- constructor

    function test_constructor_setsRolesAndSettings() public view {
        assertTrue(ve.hasRole(ve.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(ve.hasRole(ve.GUARDIAN_ROLE(), guardian));
        assertEq(ve.token(), address(tmai));
        assertEq(ve.minLockAmount(), 1e18);
        assertEq(ve.tierThresholds()[3], 100_000e18);
        assertEq(ve.decimals(), 18);
        assertEq(ve.symbol(), "veTMAI");
        assertFalse(ve.paused());
    }

    function test_constructor_revertsOnZeroAddresses() public {
        vm.expectRevert(IVeTMAI.ZeroAddress.selector);
        new VeTMAI(address(0), admin, guardian, 1e18, _thresholds());
        vm.expectRevert(IVeTMAI.ZeroAddress.selector);
        new VeTMAI(address(tmai), address(0), guardian, 1e18, _thresholds());
    }

    function test_constructor_revertsOnBadSettings() public {
        uint256 max = ve.MAX_MIN_LOCK_AMOUNT();
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.MinLockAmountOutOfBounds.selector, 0, max));
        new VeTMAI(address(tmai), admin, guardian, 0, _thresholds());
        uint256[4] memory bad = [uint256(1), 1, 2, 3];
        vm.expectRevert(IVeTMAI.InvalidTierThresholds.selector);
        new VeTMAI(address(tmai), admin, guardian, 1e18, bad);
    }

    // ------------------------------------------------------------- pause

    function test_pause_guardianPausesNewLocks_onlyAdminUnpauses() public {
        uint256 end = _lock(alice, 10e18, 1);
        _fund(alice, 10e18);
        _fund(bob, 10e18);

        vm.expectEmit(address(ve));
        emit IVeTMAI.PausedSet(guardian, true);
        vm.prank(guardian);
        ve.pause();
        assertTrue(ve.paused());

        vm.expectRevert(IVeTMAI.AlreadyPaused.selector);
        vm.prank(guardian);
        ve.pause();

        vm.startPrank(bob);
        vm.expectRevert(IVeTMAI.LocksPaused.selector);
        ve.createLock(10e18, block.timestamp + 4 * WEEK);
        vm.stopPrank();
        vm.startPrank(alice);
        vm.expectRevert(IVeTMAI.LocksPaused.selector);
        ve.increaseAmount(1e18);
        vm.expectRevert(IVeTMAI.LocksPaused.selector);
        ve.increaseUnlockTime(end + WEEK);
        // Delegation still works while paused.
        ve.delegate(bob);
        vm.stopPrank();
        assertEq(ve.delegates(alice), bob);
        vm.prank(address(dist));
        vm.expectRevert(IVeTMAI.LocksPaused.selector);
        ve.depositFor(alice, 1e18);

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                guardian,
                ve.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(guardian);
        ve.unpause();

        // Withdraw of an expired lock never pauses.
        vm.warp(end);
        vm.prank(alice);
        ve.withdraw();
        assertEq(tmai.balanceOf(alice), 20e18);

        vm.prank(admin);
        ve.unpause();
        assertFalse(ve.paused());
        vm.expectRevert(IVeTMAI.NotPaused.selector);
        vm.prank(admin);
        ve.unpause();
        vm.prank(bob);
        ve.createLock(10e18, block.timestamp + 4 * WEEK);
    }

    function test_pause_rejectsOthers_adminMayPause() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, ve.GUARDIAN_ROLE())
        );
        vm.prank(bob);
        ve.pause();
        vm.prank(admin);
        ve.pause();
        assertTrue(ve.paused());
    }

    // ------------------------------------------------------------- admin

    function test_admin_functionsRejectNonAdmin() public {
        bytes32 role = ve.DEFAULT_ADMIN_ROLE();
        bytes memory err = abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role);
        vm.startPrank(bob);
        vm.expectRevert(err);
        ve.setMinLockAmount(2e18);
        vm.expectRevert(err);
        ve.setTierThresholds(_thresholds());
        vm.expectRevert(err);
        ve.setRevenueDistributor(bob);
        vm.expectRevert(err);
        ve.unpause();
        vm.expectRevert(err);
        dist.addRewardToken(address(0xBEEF));
        vm.stopPrank();
        // The guardian is not an admin either.
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, role)
        );
        vm.prank(guardian);
        ve.setMinLockAmount(2e18);
    }

    function test_setMinLockAmount_boundedAndApplied() public {
        uint256 max = ve.MAX_MIN_LOCK_AMOUNT();
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.MinLockAmountOutOfBounds.selector, 0, max));
        ve.setMinLockAmount(0);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.MinLockAmountOutOfBounds.selector, max + 1, max));
        ve.setMinLockAmount(max + 1);
        vm.expectEmit(address(ve));
        emit IVeTMAI.MinLockAmountSet(50e18);
        ve.setMinLockAmount(50e18);
        vm.stopPrank();
        assertEq(ve.minLockAmount(), 50e18);
        _fund(alice, 50e18);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.BelowMinimum.selector, 49e18, 50e18));
        vm.prank(alice);
        ve.createLock(49e18, block.timestamp + 4 * WEEK);
    }

    function test_setRevenueDistributor_emits() public {
        vm.expectEmit(address(ve));
        emit IVeTMAI.RevenueDistributorSet(carol);
        vm.prank(admin);
        ve.setRevenueDistributor(carol);
        assertEq(ve.revenueDistributor(), carol);
    }

    function test_setTierThresholds_validates() public {
        uint256 max = ve.MAX_TIER_THRESHOLD();
        uint256[4][4] memory bad = [
            [uint256(0), 1, 2, 3],
            [uint256(1), 2, 2, 3],
            [uint256(3), 2, 4, 5],
            [uint256(1), 2, 3, max + 1]
        ];
        vm.startPrank(admin);
        for (uint256 i; i < 4; ++i) {
            vm.expectRevert(IVeTMAI.InvalidTierThresholds.selector);
            ve.setTierThresholds(bad[i]);
        }
        uint256[4] memory good = [uint256(1e18), 2e18, 3e18, max];
        vm.expectEmit(address(ve));
        emit IVeTMAI.TierThresholdsSet(good);
        ve.setTierThresholds(good);
        vm.stopPrank();
        assertEq(ve.tierThresholds()[0], 1e18);
    }

    function test_tierOf_followsScore() public {
        _toNextWeek(0);
        assertEq(uint256(ve.tierOf(alice)), uint256(IVeTMAI.Tier.None));
        _lock(alice, 52e18, 52); // score 52 < 100: None
        assertEq(uint256(ve.tierOf(alice)), uint256(IVeTMAI.Tier.None));
        _lock(bob, 200e18, 52); // 200
        assertEq(uint256(ve.tierOf(bob)), uint256(IVeTMAI.Tier.Bronze));
        _lock(carol, 20_000e18, 52); // 20,000
        assertEq(uint256(ve.tierOf(carol)), uint256(IVeTMAI.Tier.Gold));
        address dave = makeAddr("dave");
        _lock(dave, 100_000e18, 52);
        assertEq(uint256(ve.tierOf(dave)), uint256(IVeTMAI.Tier.Platinum));
        address erin = makeAddr("erin");
        _lock(erin, 1_000e18, 52);
        assertEq(uint256(ve.tierOf(erin)), uint256(IVeTMAI.Tier.Silver));
        // Decay lowers the tier: with 26 weeks left, 100,000 scores 50,000 (Gold).
        vm.warp(block.timestamp + 26 * WEEK);
        assertEq(uint256(ve.tierOf(dave)), uint256(IVeTMAI.Tier.Gold));
    }
}
