// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {TMAI} from "../../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../../contracts/staking/VeTMAI.sol";
import {RevenueDistributor} from "../../../../contracts/staking/RevenueDistributor.sol";
import {MockERC20} from "../../../../contracts/mocks/MockERC20.sol";

/// @dev Deploys TMAI, veTMAI and the revenue distributor, plus a 6-decimal (USDC-like) and an 18-decimal revenue
///      token. Time starts on a Thursday 00:00 UTC plus half a day, so week rounding is visible.
abstract contract StakingFixture is Test {
    uint256 internal constant WEEK = 1 weeks;
    uint256 internal constant MAXTIME = 52 weeks;
    uint256 internal constant START = 2811 * 1 weeks + 12 hours; // 2023-11-16 (a Thursday) 12:00 UTC

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    TMAI internal tmai;
    VeTMAI internal ve;
    RevenueDistributor internal dist;
    MockERC20 internal usdc;
    MockERC20 internal weth;

    function setUp() public virtual {
        vm.warp(START);
        tmai = new TMAI(treasury);
        ve = new VeTMAI(address(tmai), admin, guardian, 1e18, _thresholds());
        dist = new RevenueDistributor(address(ve), admin);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        weth = new MockERC20("Wrapped Ether", "WETH", 18);
        vm.startPrank(admin);
        ve.setRevenueDistributor(address(dist));
        dist.addRewardToken(address(tmai));
        dist.addRewardToken(address(usdc));
        dist.addRewardToken(address(weth));
        vm.stopPrank();
    }

    function _thresholds() internal pure returns (uint256[4] memory t) {
        t = [uint256(100e18), 1_000e18, 10_000e18, 100_000e18];
    }

    /// @dev Gives `who` TMAI from the treasury and approves veTMAI.
    function _fund(address who, uint256 amount) internal {
        vm.prank(treasury);
        tmai.transfer(who, amount);
        vm.prank(who);
        tmai.approve(address(ve), type(uint256).max);
    }

    /// @dev Funds `who` and locks `amount` for `weeks_` week boundaries from now; returns the lock end.
    function _lock(address who, uint256 amount, uint256 weeks_) internal returns (uint256 end) {
        _fund(who, amount);
        end = _weekFloor(block.timestamp) + weeks_ * WEEK;
        vm.prank(who);
        ve.createLock(amount, end);
    }

    function _weekFloor(uint256 t) internal pure returns (uint256) {
        return (t / WEEK) * WEEK;
    }

    /// @dev Warps to the start of the next week (+ `offset` seconds).
    function _toNextWeek(uint256 offset) internal {
        vm.warp(_weekFloor(block.timestamp) + WEEK + offset);
    }

    /// @dev Deposits `amount` of a mock revenue token.
    function _depositRevenue(MockERC20 token, uint256 amount) internal {
        token.mint(address(this), amount);
        token.approve(address(dist), amount);
        dist.deposit(address(token), amount);
    }

    /// @dev Deposits `amount` of TMAI revenue from the treasury.
    function _depositTmai(uint256 amount) internal {
        vm.startPrank(treasury);
        tmai.approve(address(dist), amount);
        dist.deposit(address(tmai), amount);
        vm.stopPrank();
    }

    function _expectedScore(uint256 amount, uint256 end, uint256 t) internal pure returns (uint256) {
        return end > t ? (amount * (end - t)) / MAXTIME : 0;
    }
}
