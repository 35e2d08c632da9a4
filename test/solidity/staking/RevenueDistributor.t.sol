// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingFixture} from "./utils/StakingFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {RevenueDistributor} from "../../../contracts/staking/RevenueDistributor.sol";
import {IRevenueDistributor} from "../../../contracts/interfaces/IRevenueDistributor.sol";
import {IVeTMAI} from "../../../contracts/interfaces/IVeTMAI.sol";

contract RevenueDistributorTest is StakingFixture {
    uint256 internal constant PRECISION = 1e36;

    /// @dev Expected payout of `who` for the single week `week` of `token`, from the stored rate.
    function _share(address who, address token, uint256 week) internal view returns (uint256) {
        uint256[] memory b = ve.scaledBalancesAt(who, week, 1);
        return (b[0] * dist.rateOfWeek(token, week)) / PRECISION;
    }

    // ------------------------------------------------------------- setup and admin

    function test_constructor() public {
        assertEq(address(dist.ve()), address(ve));
        assertEq(address(dist.tmai()), address(tmai));
        assertEq(tmai.allowance(address(dist), address(ve)), type(uint256).max);
        vm.expectRevert(IRevenueDistributor.ZeroAddress.selector);
        new RevenueDistributor(address(0), admin);
        vm.expectRevert(IRevenueDistributor.ZeroAddress.selector);
        new RevenueDistributor(address(ve), address(0));
    }

    function test_addRewardToken_validates() public {
        (bool registered, uint256 startWeek, uint256 finalizedUntil) = dist.tokenInfo(address(usdc));
        assertTrue(registered);
        assertEq(startWeek, _weekFloor(block.timestamp));
        assertEq(finalizedUntil, startWeek);
        assertEq(dist.rewardTokens().length, 3);

        vm.startPrank(admin);
        vm.expectRevert(IRevenueDistributor.ZeroAddress.selector);
        dist.addRewardToken(address(0));
        vm.expectRevert(abi.encodeWithSelector(IRevenueDistributor.TokenAlreadyRegistered.selector, address(usdc)));
        dist.addRewardToken(address(usdc));
        for (uint256 i = 3; i < 16; ++i) {
            address t = address(new MockERC20("T", "T", 18));
            vm.expectEmit(address(dist));
            emit IRevenueDistributor.RewardTokenAdded(t, _weekFloor(block.timestamp));
            dist.addRewardToken(t);
        }
        address extra = address(new MockERC20("X", "X", 18));
        vm.expectRevert(abi.encodeWithSelector(IRevenueDistributor.TooManyTokens.selector, 16));
        dist.addRewardToken(extra);
        vm.stopPrank();
    }

    function test_deposit_validates() public {
        MockERC20 other = new MockERC20("O", "O", 18);
        vm.expectRevert(abi.encodeWithSelector(IRevenueDistributor.TokenNotRegistered.selector, address(other)));
        dist.deposit(address(other), 1);
        vm.expectRevert(IRevenueDistributor.ZeroAmount.selector);
        dist.deposit(address(usdc), 0);
        vm.expectRevert(abi.encodeWithSelector(IRevenueDistributor.TokenNotRegistered.selector, address(other)));
        dist.checkpointToken(address(other));
        vm.expectRevert(abi.encodeWithSelector(IRevenueDistributor.TokenNotRegistered.selector, address(other)));
        dist.claim(address(other));
    }

    function test_deposit_assignsToCurrentWeek() public {
        uint256 week = _weekFloor(block.timestamp);
        usdc.mint(address(this), 500e6);
        usdc.approve(address(dist), 500e6);
        vm.expectEmit(address(dist));
        emit IRevenueDistributor.Deposited(address(usdc), address(this), 500e6);
        vm.expectEmit(address(dist));
        emit IRevenueDistributor.RevenueCheckpointed(address(usdc), week, 500e6);
        dist.deposit(address(usdc), 500e6);
        assertEq(dist.revenueOfWeek(address(usdc), week), 500e6);
        assertEq(dist.totalReceived(address(usdc)), 500e6);
        assertEq(dist.accounted(address(usdc)), 500e6);
        assertEq(dist.pendingRevenue(address(usdc)), 500e6);
    }

    function test_checkpointToken_countsDirectTransfersAndMints() public {
        // Index vaults mint fee shares straight to their fee recipient: no deposit call.
        weth.mint(address(dist), 7e18);
        dist.checkpointToken(address(weth));
        assertEq(dist.revenueOfWeek(address(weth), _weekFloor(block.timestamp)), 7e18);
        dist.checkpointToken(address(weth)); // idempotent
        assertEq(dist.totalReceived(address(weth)), 7e18);
    }

    // ------------------------------------------------------------- split

    function _twoStakers() internal returns (uint256 week) {
        _lock(alice, 300e18, 52);
        _lock(bob, 100e18, 26);
        _toNextWeek(1 hours);
        week = _weekFloor(block.timestamp);
    }

    function test_claim_splitsByOwnPowerAtWeekStart_6and18Decimals() public {
        uint256 week = _twoStakers();
        _depositRevenue(usdc, 1_000e6);
        _depositRevenue(weth, 3e18);

        // Not claimable while the week runs.
        vm.prank(alice);
        assertEq(dist.claim(address(usdc)), 0);
        assertEq(usdc.balanceOf(alice), 0);

        _toNextWeek(0);
        address[] memory tokens = new address[](2);
        tokens[0] = address(usdc);
        tokens[1] = address(weth);
        vm.prank(alice);
        uint256[] memory a = dist.claimMany(tokens);
        vm.prank(bob);
        uint256[] memory b = dist.claimMany(tokens);

        uint256 sa = ve.scaledBalancesAt(alice, week, 1)[0];
        uint256 sb = ve.scaledBalancesAt(bob, week, 1)[0];
        assertEq(sa + sb, ve.scaledTotalSupplyAt(week));
        assertEq(a[0], _share(alice, address(usdc), week));
        assertEq(b[0], _share(bob, address(usdc), week));
        assertApproxEqAbs(a[0], (1_000e6 * sa) / (sa + sb), 1);
        assertApproxEqAbs(b[1], (3e18 * sb) / (sa + sb), 1);
        assertEq(usdc.balanceOf(alice), a[0]);
        assertEq(weth.balanceOf(bob), b[1]);
        // Everything but at most one unit per claim (and the carried rounding residue) was paid.
        assertLe(1_000e6 - a[0] - b[0], 2 + dist.carried(address(usdc)));
        assertLe(3e18 - a[1] - b[1], 2 + dist.carried(address(weth)));

        // A second claim pays nothing.
        vm.prank(alice);
        assertEq(dist.claim(address(usdc)), 0);
        vm.prank(bob);
        assertEq(dist.claim(address(weth)), 0);
        assertEq(dist.totalClaimed(address(usdc)), a[0] + b[0]);
    }

    function test_claim_usesOwnerPowerNotDelegatedVotes() public {
        uint256 week = _twoStakers();
        vm.prank(alice);
        ve.delegate(bob);
        _depositRevenue(usdc, 1_000e6);
        _toNextWeek(0);
        vm.prank(alice);
        uint256 a = dist.claim(address(usdc));
        assertEq(a, _share(alice, address(usdc), week));
        assertGt(a, 700e6);
    }

    function test_lockDuringWeek_missesThatWeeksRevenue() public {
        _lock(alice, 100e18, 20);
        _toNextWeek(0);
        _lock(bob, 100e18, 20); // at the very week start: counts from the next second only
        _depositRevenue(usdc, 100e6);
        _toNextWeek(0);
        vm.prank(bob);
        assertEq(dist.claim(address(usdc)), 0);
        vm.prank(alice);
        assertApproxEqAbs(dist.claim(address(usdc)), 100e6, 1);
    }

    function test_zeroSupplyWeek_carriedForward() public {
        _depositRevenue(usdc, 100e6); // nobody locked yet
        _toNextWeek(0);
        _lock(alice, 100e18, 10);
        dist.checkpointToken(address(usdc));
        assertEq(dist.carried(address(usdc)), 100e6, "week without supply is carried");
        _depositRevenue(usdc, 50e6);
        _toNextWeek(0); // alice's first week with power
        _depositRevenue(usdc, 25e6);
        _toNextWeek(0);
        vm.prank(alice);
        uint256 got = dist.claim(address(usdc));
        assertApproxEqAbs(got, 175e6, 2);
        assertEq(dist.pendingRevenue(address(usdc)) + got + 2 >= 175e6, true);
    }

    function test_hugeRevenueOnTinySupply_rateFits128Bits_restCarried() public {
        uint256 end = _lock(alice, 1e18, 52); // the smallest lock: scaled supply ~ 3.1e25 at the next week start
        _toNextWeek(0);
        uint256 supply = ve.scaledTotalSupplyAt(block.timestamp);
        uint256 revenue = 1e30; // 1e12 tokens of 18 decimals in one week: far more than a 128-bit rate allows
        _depositRevenue(weth, revenue);
        uint256 week = _weekFloor(block.timestamp);
        _toNextWeek(0);
        dist.checkpointToken(address(weth));

        uint256 rate = dist.rateOfWeek(address(weth), week);
        assertLe(rate, type(uint128).max, "the stored rate fits its 128-bit lane");
        uint256 cap = (uint256(type(uint128).max) * supply) / PRECISION;
        assertApproxEqRel(rate, (cap * PRECISION) / supply, 1e9, "the week distributed up to the cap");
        uint256 carried = dist.carried(address(weth));
        assertGt(carried, revenue - cap - 1, "the excess is carried, not lost");
        assertLe(carried, revenue - cap + 1);
        assertEq(dist.rateOfWeek(address(weth), week + WEEK), 0, "the neighbouring lane is untouched");

        vm.prank(alice);
        uint256 got = dist.claim(address(weth));
        assertApproxEqAbs(got, revenue - carried, 1, "alice is paid what the week distributed");
        assertLt(end, block.timestamp + MAXTIME);
    }

    function test_claimable_matchesClaim() public {
        _twoStakers();
        for (uint256 i; i < 5; ++i) {
            _depositRevenue(usdc, (i + 1) * 10e6);
            _toNextWeek(3 hours);
        }
        dist.checkpointToken(address(usdc));
        uint256 c = dist.claimable(alice, address(usdc));
        vm.prank(alice);
        assertEq(dist.claim(address(usdc)), c);
        assertEq(dist.claimable(alice, address(usdc)), 0);
        assertEq(dist.claimable(carol, address(usdc)), 0);
    }

    function test_claim_coversAtMost52WeeksPerCall_thenRest() public {
        _lock(alice, 100e18, 52);
        _toNextWeek(0);
        for (uint256 i; i < 60; ++i) {
            if (i == 40) {
                vm.prank(alice);
                ve.increaseUnlockTime(block.timestamp + MAXTIME);
            }
            _depositRevenue(usdc, 10e6);
            _toNextWeek(0);
        }
        vm.prank(alice);
        uint256 first = dist.claim(address(usdc));
        assertApproxEqAbs(first, 520e6, 2, "52 weeks of 10 USDC");
        vm.prank(alice);
        uint256 second = dist.claim(address(usdc));
        assertApproxEqAbs(first + second, 600e6, 3);
        vm.prank(alice);
        assertEq(dist.claim(address(usdc)), 0);
    }

    function test_idleTwoYears_canClaimAndWithdraw() public {
        _lock(alice, 100e18, 52);
        _toNextWeek(0);
        _depositRevenue(weth, 1e18);
        _toNextWeek(0);
        _depositRevenue(weth, 1e18);
        vm.warp(block.timestamp + 104 * WEEK);
        vm.startPrank(alice);
        uint256 g = gasleft();
        uint256 got = dist.claim(address(weth));
        assertLt(g - gasleft(), 1_000_000);
        assertApproxEqAbs(got, 2e18, 2);
        ve.withdraw();
        assertEq(dist.claim(address(weth)), 0);
        vm.stopPrank();
        assertEq(tmai.balanceOf(alice), 100e18);
    }

    // ------------------------------------------------------------- claim and lock

    function test_claimAndLock_addsTmaiToLock() public {
        uint256 week = _twoStakers();
        _depositTmai(1_000e18);
        _toNextWeek(0);
        (uint256 before, uint256 end) = ve.locked(alice);
        // Claimable as soon as the week ends, before anyone closes it on-chain, and unchanged by closing it.
        uint256 expected = dist.claimable(alice, address(tmai));
        dist.checkpointToken(address(tmai));
        assertEq(dist.claimable(alice, address(tmai)), expected, "closing the week changes nothing");
        assertEq(expected, _share(alice, address(tmai), week));
        assertGt(expected, 800e18);
        vm.expectEmit(address(ve));
        emit IVeTMAI.LockUpdated(alice, address(dist), expected, before + expected, end);
        vm.prank(alice);
        uint256 locked_ = dist.claimAndLock();
        (uint256 afterAmount, uint256 afterEnd) = ve.locked(alice);
        assertEq(locked_, expected);
        assertEq(afterAmount, before + locked_);
        assertEq(afterEnd, end);
        assertEq(tmai.balanceOf(alice), 0);

        vm.expectRevert(IRevenueDistributor.NothingToLock.selector);
        vm.prank(alice);
        dist.claimAndLock();
    }

    function test_claimAndLock_requiresActiveLock_andRespectsPause_claimDoesNot() public {
        _twoStakers();
        _depositTmai(1_000e18);
        _toNextWeek(0);
        vm.prank(guardian);
        ve.pause();
        vm.expectRevert(IVeTMAI.LocksPaused.selector);
        vm.prank(bob);
        dist.claimAndLock();
        vm.prank(bob);
        uint256 got = dist.claim(address(tmai)); // claims never pause
        assertGt(got, 0);
        assertEq(tmai.balanceOf(bob), got);
    }
}
