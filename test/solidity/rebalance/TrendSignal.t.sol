// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {TrendSignal} from "../../../contracts/rebalance/TrendSignal.sol";
import {SequencerCheck} from "../../../contracts/libraries/SequencerCheck.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";

contract TrendSignalTest is Test {
    uint256 internal constant HEARTBEAT = 1 days;
    uint256 internal constant BAND = 0.02e18;
    IRebalancer.Regime internal constant ON = IRebalancer.Regime.RiskOn;
    IRebalancer.Regime internal constant OFF = IRebalancer.Regime.RiskOff;
    /// @dev L1: no sequencer-uptime feed.
    AggregatorV3Interface internal constant NO_SEQUENCER = AggregatorV3Interface(address(0));
    uint256 internal constant GRACE = 1 hours;

    MockV3Aggregator internal feed;
    TrendSignal internal signal;

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new MockV3Aggregator(8, 50_000e8);
        signal = new TrendSignal(AggregatorV3Interface(address(feed)), HEARTBEAT, 4, BAND, NO_SEQUENCER, 0);
    }

    /// @dev Moves to the start of the next week (plus `offset` seconds), sets the price and samples it.
    function _sampleNextWeek(int256 price, uint256 offset) internal {
        vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks + offset);
        feed.updateAnswer(price);
        signal.sample();
    }

    function _fill(int256 price) internal {
        for (uint256 i; i < 4; ++i) {
            _sampleNextWeek(price, 1 hours);
        }
    }

    function test_constructor_rejectsInvalidParams() public {
        AggregatorV3Interface f = AggregatorV3Interface(address(feed));
        vm.expectRevert(TrendSignal.InvalidParams.selector);
        new TrendSignal(AggregatorV3Interface(address(0)), HEARTBEAT, 4, BAND, NO_SEQUENCER, 0);
        vm.expectRevert(TrendSignal.InvalidParams.selector);
        new TrendSignal(f, 0, 4, BAND, NO_SEQUENCER, 0);
        vm.expectRevert(TrendSignal.InvalidParams.selector);
        new TrendSignal(f, HEARTBEAT, 3, BAND, NO_SEQUENCER, 0);
        vm.expectRevert(TrendSignal.InvalidParams.selector);
        new TrendSignal(f, HEARTBEAT, 53, BAND, NO_SEQUENCER, 0);
        vm.expectRevert(TrendSignal.InvalidParams.selector);
        new TrendSignal(f, HEARTBEAT, 52, 0.1e18 + 1, NO_SEQUENCER, 0);
        new TrendSignal(f, HEARTBEAT, 52, 0.1e18, NO_SEQUENCER, 0);
        // A grace period without a sequencer feed is a configuration mistake (an L2 feed left out).
        vm.expectRevert(TrendSignal.InvalidParams.selector);
        new TrendSignal(f, HEARTBEAT, 4, BAND, NO_SEQUENCER, GRACE);
        TrendSignal l2 = new TrendSignal(f, HEARTBEAT, 4, BAND, AggregatorV3Interface(address(feed)), 0);
        assertEq(address(l2.sequencerFeed()), address(feed));
        assertEq(l2.sequencerGracePeriod(), 0);
        assertEq(address(signal.sequencerFeed()), address(0));
        assertEq(signal.sequencerGracePeriod(), 0);
    }

    // ------------------------------------------------------------- L2 sequencer-uptime check

    /// @dev A signal on an L2: a sequencer-uptime feed (answer 0 = up, 1 = down) that has been up for a day.
    function _l2Signal() internal returns (TrendSignal l2, MockV3Aggregator seq) {
        seq = new MockV3Aggregator(0, 0);
        seq.updateRoundData(1, 0, block.timestamp - 1 days, block.timestamp - 1 days);
        l2 = new TrendSignal(
            AggregatorV3Interface(address(feed)),
            HEARTBEAT,
            4,
            BAND,
            AggregatorV3Interface(address(seq)),
            GRACE
        );
    }

    /// @dev Fills `l2`'s buffer with four weekly samples of `price` while the sequencer is up.
    function _fillL2(TrendSignal l2, int256 price) internal {
        for (uint256 i; i < 4; ++i) {
            vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks + 1 hours);
            feed.updateAnswer(price);
            l2.sample();
        }
    }

    function test_sequencerDown_refusesSampleAndRegime() public {
        (TrendSignal l2, MockV3Aggregator seq) = _l2Signal();
        _fillL2(l2, 50_000e8);
        assertEq(uint8(l2.regime(ON)), uint8(ON));

        vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks);
        feed.updateAnswer(40_000e8); // a fresh answer: only the sequencer is wrong
        seq.updateRoundData(2, 1, block.timestamp - 10 minutes, block.timestamp - 10 minutes); // down
        vm.expectRevert(SequencerCheck.SequencerDown.selector);
        l2.sample();
        vm.expectRevert(SequencerCheck.SequencerDown.selector);
        l2.regime(ON);
        vm.expectRevert(SequencerCheck.SequencerDown.selector);
        l2.regime(OFF);
        vm.expectRevert(SequencerCheck.SequencerDown.selector);
        l2.latestPrice();
        // No valid round yet (startedAt 0) counts as down.
        seq.updateRoundData(3, 0, block.timestamp, 0); // (round, answer, updatedAt, startedAt)
        vm.expectRevert(SequencerCheck.SequencerDown.selector);
        l2.sample();
        vm.expectRevert(SequencerCheck.SequencerDown.selector);
        l2.regime(ON);
        // The refused sample left nothing behind.
        (uint256 avg, uint256 count) = l2.movingAverage();
        assertEq(avg, 50_000e8);
        assertEq(count, 4);
        (, bool canSample) = l2.lastSampledWeek();
        assertTrue(canSample);
    }

    function test_sequencerJustBack_refusedDuringGrace_thenWorks() public {
        (TrendSignal l2, MockV3Aggregator seq) = _l2Signal();
        _fillL2(l2, 50_000e8);

        vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks);
        uint256 upSince = block.timestamp;
        seq.updateRoundData(2, 0, upSince, upSince); // back up now
        feed.updateAnswer(40_000e8);
        bytes memory inGrace = abi.encodeWithSelector(SequencerCheck.SequencerGracePeriod.selector, upSince, GRACE);
        vm.expectRevert(inGrace);
        l2.sample();
        vm.expectRevert(inGrace);
        l2.regime(ON);
        // Still refused at exactly the grace period (as PriceOracle).
        vm.warp(upSince + GRACE);
        feed.updateAnswer(40_000e8);
        vm.expectRevert(inGrace);
        l2.sample();
        vm.expectRevert(inGrace);
        l2.regime(OFF);

        // One second later the rule works again: 40k is 20 % below the 50k average, so risk-on turns risk-off.
        vm.warp(upSince + GRACE + 1);
        assertEq(uint8(l2.regime(ON)), uint8(OFF));
        assertEq(l2.sample(), 40_000e8);
        (, uint256 count) = l2.movingAverage();
        assertEq(count, 4);

        // A status change dated in the future is refused like a fresh one (no arithmetic panic).
        vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks);
        feed.updateAnswer(40_000e8);
        seq.updateRoundData(3, 0, block.timestamp, block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(SequencerCheck.SequencerGracePeriod.selector, block.timestamp + 1, GRACE)
        );
        l2.sample();
    }

    function test_sequencerUpPastGrace_samplesLikeL1() public {
        (TrendSignal l2, ) = _l2Signal();
        for (uint256 i; i < 6; ++i) {
            int256 price = int256(100e8 + i * 1e8);
            vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks + 1 hours);
            feed.updateAnswer(price);
            assertEq(l2.sample(), uint256(price));
            signal.sample(); // the L1 signal on the same feed
        }
        assertEq(l2.samples(), signal.samples());
        feed.updateAnswer(90e8);
        assertEq(uint8(l2.regime(ON)), uint8(signal.regime(ON)));
        assertEq(uint8(l2.regime(ON)), uint8(OFF));
    }

    function test_notReadyUntilBufferFull() public {
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.NotReady.selector, 0, 4));
        signal.regime(ON);
        for (uint256 i; i < 3; ++i) {
            _sampleNextWeek(50_000e8, 0);
            vm.expectRevert(abi.encodeWithSelector(TrendSignal.NotReady.selector, i + 1, 4));
            signal.regime(ON);
        }
        _sampleNextWeek(50_000e8, 0);
        assertEq(uint8(signal.regime(ON)), uint8(ON));
        assertEq(uint8(signal.regime(OFF)), uint8(OFF)); // price == average: inside the band, keeps the regime
    }

    function test_sample_oncePerWeekBoundary() public {
        uint256 week = block.timestamp / 1 weeks;
        (, bool can) = signal.lastSampledWeek();
        assertTrue(can);
        vm.expectEmit(address(signal));
        emit TrendSignal.Sampled(week, 50_000e8, 50_000e8, 1);
        signal.sample();
        (uint256 last, bool canNow) = signal.lastSampledWeek();
        assertEq(last, week);
        assertFalse(canNow);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.AlreadySampled.selector, week));
        signal.sample();
        // the last second of the same week is still refused, the first second of the next one is accepted
        vm.warp((week + 1) * 1 weeks - 1);
        feed.updateAnswer(50_000e8);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.AlreadySampled.selector, week));
        signal.sample();
        vm.warp((week + 1) * 1 weeks);
        signal.sample();
        (, uint256 count) = signal.movingAverage();
        assertEq(count, 2);
    }

    function test_feedFaults_haveTheirOwnErrors() public {
        _fill(50_000e8);
        vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks);

        feed.updateAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.NonPositiveAnswer.selector, int256(0)));
        signal.sample();
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.NonPositiveAnswer.selector, int256(0)));
        signal.regime(ON);

        feed.updateAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.NonPositiveAnswer.selector, int256(-1)));
        signal.sample();
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.NonPositiveAnswer.selector, int256(-1)));
        signal.regime(OFF);

        int256 tooLarge = int256(uint256(type(uint128).max)) + 1;
        feed.updateAnswer(tooLarge);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.AnswerTooLarge.selector, tooLarge));
        signal.sample();

        feed.updateAnswer(50_000e8);
        uint256 updatedAt = block.timestamp;
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.StaleAnswer.selector, updatedAt, HEARTBEAT));
        signal.sample();
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.StaleAnswer.selector, updatedAt, HEARTBEAT));
        signal.regime(ON);

        // a timestamp in the future is refused too
        feed.updateRoundData(9, 50_000e8, block.timestamp + 1, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.StaleAnswer.selector, block.timestamp + 1, HEARTBEAT));
        signal.sample();

        // exactly heartbeat old is still accepted; a failed sample left nothing behind
        feed.updateAnswer(50_000e8);
        vm.warp(block.timestamp + HEARTBEAT);
        signal.sample();
        (uint256 avg, uint256 count) = signal.movingAverage();
        assertEq(avg, 50_000e8);
        assertEq(count, 4);
    }

    /// @dev Band 2 % around an average of 100: from risk-on it needs < 98 to turn off, from risk-off > 102 to turn
    ///      back on; small moves around the average never flip it.
    function test_priceBand_noFlipOnSmallMoves() public {
        _fill(100e8);
        int256[6] memory prices = [int256(100e8), 99e8, 98e8, 101e8, 102e8, 100.5e8];
        for (uint256 i; i < prices.length; ++i) {
            feed.updateAnswer(prices[i]);
            assertEq(uint8(signal.regime(ON)), uint8(ON), "on stays on inside the band");
            assertEq(uint8(signal.regime(OFF)), uint8(OFF), "off stays off inside the band");
        }
        feed.updateAnswer(97.99999999e8);
        assertEq(uint8(signal.regime(ON)), uint8(OFF));
        feed.updateAnswer(102.00000001e8);
        assertEq(uint8(signal.regime(OFF)), uint8(ON));
    }

    function test_noBand_aboveIsOn_belowIsOff() public {
        signal = new TrendSignal(AggregatorV3Interface(address(feed)), HEARTBEAT, 4, 0, NO_SEQUENCER, 0);
        _fill(100e8);
        feed.updateAnswer(100.00000001e8);
        assertEq(uint8(signal.regime(OFF)), uint8(ON));
        feed.updateAnswer(99.99999999e8);
        assertEq(uint8(signal.regime(ON)), uint8(OFF));
    }

    function test_ringBuffer_fullWindowOf52_wraps() public {
        signal = new TrendSignal(AggregatorV3Interface(address(feed)), HEARTBEAT, 52, BAND, NO_SEQUENCER, 0);
        for (uint256 i = 1; i <= 60; ++i) {
            _sampleNextWeek(int256(i * 1e8), 0);
        }
        uint256[] memory s = signal.samples();
        assertEq(s.length, 52);
        assertEq(s[0], 9e8); // samples 9..60 remain, oldest first
        assertEq(s[51], 60e8);
        (uint256 avg, uint256 count) = signal.movingAverage();
        assertEq(count, 52);
        assertEq(avg, ((9e8 + 60e8) * 52) / 2 / 52);
    }

    /// @dev Random prices sampled at random times (gaps of 0 to 3 skipped weeks): the buffer holds the last `n`
    ///      samples taken, the average is their mean, and the signal follows price vs average x (1 -/+ band).
    function testFuzz_movingAverageAndSignal(
        uint64[12] memory raw,
        uint8[12] memory gaps,
        uint32[12] memory offsets,
        uint8 windowSeed,
        uint64 liveRaw,
        uint64 bandRaw
    ) public {
        uint256 n = 4 + (uint256(windowSeed) % 9); // 4..12
        uint256 b = bound(bandRaw, 0, 0.1e18);
        signal = new TrendSignal(AggregatorV3Interface(address(feed)), HEARTBEAT, n, b, NO_SEQUENCER, 0);
        uint256[12] memory taken;
        for (uint256 i; i < 12; ++i) {
            taken[i] = bound(raw[i], 1, 1e20);
            uint256 weekStart = ((block.timestamp / 1 weeks) + 1 + (gaps[i] % 4)) * 1 weeks;
            vm.warp(weekStart + (offsets[i] % 1 weeks));
            feed.updateAnswer(int256(taken[i]));
            signal.sample();
            if (i + 1 < n) {
                vm.expectRevert(abi.encodeWithSelector(TrendSignal.NotReady.selector, i + 1, n));
                signal.regime(ON);
            }
        }
        uint256 sum;
        uint256[] memory s = signal.samples();
        assertEq(s.length, n);
        for (uint256 k; k < n; ++k) {
            assertEq(s[k], taken[12 - n + k], "oldest first");
            sum += taken[12 - n + k];
        }
        (uint256 avg, uint256 count) = signal.movingAverage();
        assertEq(count, n);
        assertEq(avg, sum / n);

        uint256 live = bound(liveRaw, 1, 1e20);
        feed.updateAnswer(int256(live));
        // reference: compare live x n with sum x (1 -/+ band), both scaled by 1e18 (exact integers)
        bool below = live * n * 1e18 < sum * (1e18 - b);
        bool above = live * n * 1e18 > sum * (1e18 + b);
        assertEq(uint8(signal.regime(ON)), uint8(below ? OFF : ON));
        assertEq(uint8(signal.regime(OFF)), uint8(above ? ON : OFF));
        // properties: a price at or above the average never turns risk-off; at or below never turns risk-on
        if (live * n >= sum) assertEq(uint8(signal.regime(ON)), uint8(ON));
        if (live * n <= sum) assertEq(uint8(signal.regime(OFF)), uint8(OFF));
    }

    function test_gas_sampleAndRead() public {
        _fill(50_000e8);
        vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks);
        feed.updateAnswer(49_000e8);
        uint256 g = gasleft();
        signal.sample(); // buffer full: replaces the oldest sample
        uint256 sampleGas = g - gasleft();
        g = gasleft();
        signal.regime(ON);
        uint256 readGas = g - gasleft();
        emit log_named_uint("sample() gas (full buffer, warm feed)", sampleGas);
        emit log_named_uint("regime() gas (warm)", readGas);
        assertLt(sampleGas, 60_000);
        assertLt(readGas, 20_000);
    }
}
