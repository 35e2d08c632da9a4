// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IRebalancer} from "../interfaces/IRebalancer.sol";
import {IRegimeSignal} from "../interfaces/IRegimeSignal.sol";
import {SequencerCheck} from "../libraries/SequencerCheck.sol";

/// @title TrendSignal
/// @notice Transparent trend rule on one Chainlink benchmark feed (e.g. BTC/USD): risk-on while the live price is
///         above the moving average of the last `window` weekly samples, risk-off while it is below, with a price
///         band: from risk-on it turns risk-off only when the price is more than `band` below the average, and from
///         risk-off it turns risk-on only when the price is more than `band` above it.
/// @dev Anyone calls `sample()` at most once per calendar week (`block.timestamp / 1 weeks`); the sample is the
///      checked feed answer at that call. A week nobody samples is skipped: the ring buffer always holds the last
///      `window` samples taken, so after gaps the average spans more than `window` calendar weeks. A running sum
///      keeps both `sample()` and the signal read O(1). No signal (`NotReady`) until the buffer is full.
///      On an L2, an optional Chainlink sequencer-uptime feed (set at construction, like every other parameter: the
///      contract has no admin) is checked on every read, as `PriceOracle` does: while the sequencer is down, or for
///      `sequencerGracePeriod` seconds after it comes back, `sample()` and `regime()` revert with `SequencerDown` /
///      `SequencerGracePeriod`. Zero on L1: no check.
contract TrendSignal is IRegimeSignal {
    /// @notice Fewest weekly samples in the average.
    uint256 public constant MIN_WEEKS = 4;
    /// @notice Most weekly samples in the average.
    uint256 public constant MAX_WEEKS = 52;
    /// @notice Widest price band: 10 %.
    uint256 public constant MAX_BAND = 0.1e18;

    uint256 internal constant WAD = 1e18;

    /// @dev Packed in one slot: sum of the buffered samples, last sampled week, samples held, next slot to write.
    struct State {
        uint160 sum;
        uint64 lastWeek;
        uint8 count;
        uint8 head;
    }

    /// @notice The Chainlink feed sampled (raw answers, in the feed's decimals).
    AggregatorV3Interface public immutable feed;
    /// @notice Largest accepted age of the feed answer, seconds.
    uint256 public immutable heartbeat;
    /// @notice Number of weekly samples in the moving average.
    uint256 public immutable window;
    /// @notice Price band around the average, 18 decimals (0.02e18 = 2 %).
    uint256 public immutable band;
    /// @notice Chainlink L2 sequencer-uptime feed (zero on L1: no check).
    AggregatorV3Interface public immutable sequencerFeed;
    /// @notice Seconds after the sequencer comes back up during which the feed is still refused.
    uint256 public immutable sequencerGracePeriod;

    State internal _state;
    uint128[MAX_WEEKS] internal _samples;

    error InvalidParams();
    error NonPositiveAnswer(int256 answer);
    error StaleAnswer(uint256 updatedAt, uint256 heartbeat);
    error AnswerTooLarge(int256 answer);
    error AlreadySampled(uint256 week);
    error NotReady(uint256 samples, uint256 needed);

    event Sampled(uint256 indexed week, uint256 price, uint256 movingAverage, uint256 samples);

    /// @param feed_ Chainlink aggregator proxy of the benchmark (e.g. BTC/USD).
    /// @param heartbeat_ Largest accepted answer age in seconds (non-zero).
    /// @param window_ Samples in the average, 4 to 52.
    /// @param band_ Price band, 18 decimals, at most 10 %.
    /// @param sequencerFeed_ Chainlink L2 sequencer-uptime feed, or zero on L1 (then `sequencerGracePeriod_` is 0).
    /// @param sequencerGracePeriod_ Seconds after the sequencer comes back during which reads are refused.
    constructor(
        AggregatorV3Interface feed_,
        uint256 heartbeat_,
        uint256 window_,
        uint256 band_,
        AggregatorV3Interface sequencerFeed_,
        uint256 sequencerGracePeriod_
    ) {
        if (
            address(feed_) == address(0) ||
            heartbeat_ == 0 ||
            window_ < MIN_WEEKS ||
            window_ > MAX_WEEKS ||
            band_ > MAX_BAND ||
            (address(sequencerFeed_) == address(0) && sequencerGracePeriod_ != 0)
        ) revert InvalidParams();
        feed = feed_;
        heartbeat = heartbeat_;
        window = window_;
        band = band_;
        sequencerFeed = sequencerFeed_;
        sequencerGracePeriod = sequencerGracePeriod_;
    }

    /// @notice Records the checked feed answer as this week's sample (anyone, once per week), replacing the oldest
    ///         sample once the buffer is full.
    /// @return price The sampled answer.
    function sample() external returns (uint256 price) {
        uint256 week = block.timestamp / 1 weeks;
        State memory s = _state;
        if (s.count != 0 && week <= s.lastWeek) revert AlreadySampled(week);
        price = latestPrice();
        uint256 n = window;
        uint256 sum = s.sum;
        if (s.count == n) {
            sum -= _samples[s.head];
        } else {
            ++s.count;
        }
        _samples[s.head] = uint128(price);
        sum += price;
        s.sum = uint160(sum);
        s.head = uint8((s.head + 1) % n);
        s.lastWeek = uint64(week);
        _state = s;
        emit Sampled(week, price, sum / s.count, s.count);
    }

    /// @inheritdoc IRegimeSignal
    function regime(IRebalancer.Regime current) external view returns (IRebalancer.Regime) {
        State memory s = _state;
        uint256 n = window;
        if (s.count < n) revert NotReady(s.count, n);
        // price vs average x (1 -/+ band), multiplied through by n x WAD so that nothing is rounded
        uint256 lhs = latestPrice() * n * WAD;
        if (current == IRebalancer.Regime.RiskOn) {
            return lhs < uint256(s.sum) * (WAD - band) ? IRebalancer.Regime.RiskOff : IRebalancer.Regime.RiskOn;
        }
        return lhs > uint256(s.sum) * (WAD + band) ? IRebalancer.Regime.RiskOn : IRebalancer.Regime.RiskOff;
    }

    /// @notice Checked live answer of the feed: positive, at most `heartbeat` old, below 2^128; on an L2, only while
    ///         the sequencer is up and past its grace period.
    function latestPrice() public view returns (uint256) {
        SequencerCheck.check(address(sequencerFeed), sequencerGracePeriod);
        (, int256 answer, , uint256 updatedAt, ) = feed.latestRoundData();
        if (answer <= 0) revert NonPositiveAnswer(answer);
        if (answer > int256(uint256(type(uint128).max))) revert AnswerTooLarge(answer);
        // A zero or future timestamp is as unusable as an old one.
        if (updatedAt == 0 || updatedAt > block.timestamp || block.timestamp - updatedAt > heartbeat) {
            revert StaleAnswer(updatedAt, heartbeat);
        }
        return uint256(answer);
    }

    /// @notice Moving average of the buffered samples (rounded down) and how many there are (full at `window`).
    function movingAverage() external view returns (uint256 average, uint256 count) {
        State memory s = _state;
        return (s.count == 0 ? 0 : s.sum / s.count, s.count);
    }

    /// @notice Week number (`timestamp / 1 weeks`) of the last sample, and whether `sample()` may be called now.
    function lastSampledWeek() external view returns (uint256 week, bool canSample) {
        State memory s = _state;
        return (s.lastWeek, s.count == 0 || block.timestamp / 1 weeks > s.lastWeek);
    }

    /// @notice The buffered samples, oldest first.
    function samples() external view returns (uint256[] memory out) {
        State memory s = _state;
        uint256 n = window;
        out = new uint256[](s.count);
        uint256 start = s.count == n ? s.head : 0;
        for (uint256 i; i < s.count; ++i) {
            out[i] = _samples[(start + i) % n];
        }
    }
}
