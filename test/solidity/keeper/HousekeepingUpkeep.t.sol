// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {StakingFixture} from "../staking/utils/StakingFixture.sol";
import {HousekeepingUpkeep} from "../../../contracts/keeper/HousekeepingUpkeep.sol";
import {TrendSignal} from "../../../contracts/rebalance/TrendSignal.sol";

/// @dev The weekly chores through the Automation-compatible upkeep, as a Chainlink node runs it: checkUpkeep, then
///      performUpkeep with what it returned, until nothing is due.
contract HousekeepingUpkeepTest is StakingFixture {
    MockV3Aggregator internal feed;
    TrendSignal internal signal;
    HousekeepingUpkeep internal upkeep;

    function setUp() public override {
        super.setUp();
        feed = new MockV3Aggregator(8, 60_000e8);
        signal = new TrendSignal(AggregatorV3Interface(address(feed)), 2 days, 4, 0.02e18, _noSequencer(), 0);
        TrendSignal[] memory signals = new TrendSignal[](1);
        signals[0] = signal;
        upkeep = new HousekeepingUpkeep(ve, dist, signals);
    }

    function _noSequencer() internal pure returns (AggregatorV3Interface) {
        return AggregatorV3Interface(address(0));
    }

    /// @dev Runs the upkeep as Automation would; returns the chores done, in order.
    function _runAll() internal returns (uint8[] memory chores, address[] memory targets) {
        chores = new uint8[](8);
        targets = new address[](8);
        uint256 n;
        for (;;) {
            (bool needed, bytes memory data) = upkeep.checkUpkeep("");
            if (!needed) break;
            (chores[n], targets[n]) = abi.decode(data, (uint8, address));
            upkeep.performUpkeep(data);
            ++n;
        }
        assembly {
            mstore(chores, n)
            mstore(targets, n)
        }
    }

    function test_constructor_boundsTheSignals() public {
        TrendSignal[] memory nine = new TrendSignal[](9);
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.TooManySignals.selector, 9, 8));
        new HousekeepingUpkeep(ve, dist, nine);
        assertEq(address(upkeep.signals()[0]), address(signal));
        assertEq(address(upkeep.ve()), address(ve));
        assertEq(address(upkeep.distributor()), address(dist));
    }

    function test_weeklyChores_allDoneThenNothingDue() public {
        _lock(alice, 1_000e18, 52);
        _toNextWeek(1 hours);
        _depositRevenue(usdc, 1_000e6); // revenue of a week in which alice has power
        _toNextWeek(1 hours);
        feed.updateAnswer(61_000e8);

        (uint8[] memory chores, address[] memory targets) = _runAll();
        // veTMAI's checkpoint, the three revenue tokens' ended week, and the rule's sample: one chore each.
        assertEq(chores.length, 5);
        assertEq(chores[0], upkeep.VE_CHECKPOINT());
        assertEq(targets[0], address(ve));
        for (uint256 i = 1; i <= 3; ++i) assertEq(chores[i], upkeep.CLOSE_WEEKS());
        assertEq(targets[1], address(tmai));
        assertEq(targets[2], address(usdc));
        assertEq(targets[3], address(weth));
        assertEq(chores[4], upkeep.SAMPLE());
        assertEq(targets[4], address(signal));

        // The chain shows each done, exactly as the keeper's own housekeeping checks it.
        uint256 week = _weekFloor(block.timestamp);
        assertEq(ve.lastGlobalCheckpoint(), block.timestamp);
        address[] memory tokens = dist.rewardTokens();
        for (uint256 i; i < tokens.length; ++i) {
            (, , uint256 finalizedUntil) = dist.tokenInfo(tokens[i]);
            assertEq(finalizedUntil, week);
        }
        (uint256 sampledWeek, bool canSample) = signal.lastSampledWeek();
        assertEq(sampledWeek, block.timestamp / 1 weeks);
        assertFalse(canSample);
        // Alice's share of the week that ended is claimable without the claim closing the week itself.
        assertGt(dist.claimable(alice, address(usdc)), 0);

        // Later in the same week: nothing is due; next week, everything again.
        vm.warp(block.timestamp + 2 days);
        feed.updateAnswer(61_500e8);
        (bool needed, ) = upkeep.checkUpkeep("");
        assertFalse(needed);
        _toNextWeek(1 hours);
        feed.updateAnswer(62_000e8);
        (chores, ) = _runAll();
        assertEq(chores.length, 5);
    }

    function test_sample_notDueWhileTheFeedIsStale() public {
        _toNextWeek(1 hours);
        _runAll(); // this week's chores, the sample included
        _toNextWeek(1 hours);
        vm.warp(block.timestamp + 3 days); // the feed's last answer is now older than its 2-day heartbeat
        (uint8[] memory chores, ) = _runAll();
        assertEq(chores.length, 4, "ve checkpoint and three tokens; no sample from a stale feed");
        (, bool canSample) = signal.lastSampledWeek();
        assertTrue(canSample, "still to be sampled once the feed answers");
        feed.updateAnswer(60_500e8);
        (chores, ) = _runAll();
        assertEq(chores.length, 1);
        assertEq(chores[0], upkeep.SAMPLE());
    }

    function test_performUpkeep_refusesWhatIsNotDueOrUnknown() public {
        _toNextWeek(1 hours);
        (, bytes memory data) = upkeep.checkUpkeep("");
        upkeep.performUpkeep(data);
        // The same performData again (two Automation nodes, or a replay): not due any more.
        vm.expectRevert(
            abi.encodeWithSelector(HousekeepingUpkeep.NotDue.selector, upkeep.VE_CHECKPOINT(), address(ve))
        );
        upkeep.performUpkeep(data);

        _runAll();
        uint8 closeWeeks = upkeep.CLOSE_WEEKS();
        uint8 sample = upkeep.SAMPLE();
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.NotDue.selector, closeWeeks, address(usdc)));
        upkeep.performUpkeep(abi.encode(closeWeeks, address(usdc)));
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.NotDue.selector, sample, address(signal)));
        upkeep.performUpkeep(abi.encode(sample, address(signal)));

        // Forged performData: another contract as target, an unregistered token, another rule, an unknown chore.
        address stranger = makeAddr("stranger");
        uint8 veChore = upkeep.VE_CHECKPOINT();
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.UnknownChore.selector, veChore, stranger));
        upkeep.performUpkeep(abi.encode(veChore, stranger));
        uint8 close = upkeep.CLOSE_WEEKS();
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.UnknownChore.selector, close, stranger));
        upkeep.performUpkeep(abi.encode(close, stranger));
        uint8 sampleChore = upkeep.SAMPLE();
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.UnknownChore.selector, sampleChore, stranger));
        upkeep.performUpkeep(abi.encode(sampleChore, stranger));
        vm.expectRevert(abi.encodeWithSelector(HousekeepingUpkeep.UnknownChore.selector, uint8(9), stranger));
        upkeep.performUpkeep(abi.encode(uint8(9), stranger));
    }

    function test_performUpkeep_emitsTheChore() public {
        _toNextWeek(1 hours);
        (, bytes memory data) = upkeep.checkUpkeep("");
        vm.expectEmit(address(upkeep));
        emit HousekeepingUpkeep.ChorePerformed(upkeep.VE_CHECKPOINT(), address(ve));
        upkeep.performUpkeep(data);
    }

    /// @dev Whatever the time and however many weeks passed, one round of chores leaves nothing due.
    function testFuzz_oneRoundLeavesNothingDue(uint32 skipSeconds, uint8 rounds) public {
        for (uint256 r; r < uint256(rounds) % 4; ++r) {
            vm.warp(block.timestamp + (uint256(skipSeconds) % (10 weeks)) + 1);
            feed.updateAnswer(60_000e8 + int256(r));
            _runAll();
            (bool needed, ) = upkeep.checkUpkeep("");
            assertFalse(needed);
        }
    }
}
