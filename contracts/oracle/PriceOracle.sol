// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {SequencerCheck} from "../libraries/SequencerCheck.sol";

/// @title PriceOracle
/// @notice Chainlink-backed USD prices for basket assets. One feed per asset, each with its own heartbeat and
///         price bounds; decimals of feeds and tokens are normalised to 18-decimal USD. A wrapped asset may be priced
///         through a composite of two feeds, its base in USD x the asset against its base (WBTC/BTC x BTC/USD), each
///         leg with its own heartbeat and checks, so a wrapper that loses its peg moves its price. On L2s an
///         optional sequencer-uptime feed is checked once per read, with a grace period after the sequencer comes
///         back.
/// @dev Every failure is its own custom error. Nothing in the protocol's exit path (in-kind redeem) reads this
///      contract, so a failing feed can block only oracle-priced actions.
contract PriceOracle is IPriceOracle, AccessControl {
    /// @dev Largest decimals accepted for a token or feed, so that 10**decimals never overflows in valuation.
    uint8 internal constant MAX_DECIMALS = 36;

    mapping(address asset => FeedConfig) internal _feeds;
    mapping(address asset => RatioFeed) internal _ratios;

    /// @notice Chainlink L2 sequencer-uptime feed (zero on L1: no check).
    address public sequencerFeed;
    /// @notice Seconds after the sequencer comes back up during which prices are still refused.
    uint32 public sequencerGracePeriod;

    /// @param admin Address given DEFAULT_ADMIN_ROLE (the deployer now, the governance timelock later).
    constructor(address admin) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Sets (or replaces) the Chainlink feed of `asset`.
    /// @param asset The ERC-20 token priced by the feed; its `decimals()` is read and cached.
    /// @param feed The Chainlink aggregator proxy returning USD per whole token.
    /// @param heartbeat Maximum accepted answer age, in seconds (non-zero).
    /// @param minPrice Lowest accepted price, USD per whole token, 18 decimals.
    /// @param maxPrice Highest accepted price, USD per whole token, 18 decimals (above `minPrice`).
    function setFeed(
        address asset,
        address feed,
        uint32 heartbeat,
        uint128 minPrice,
        uint128 maxPrice
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (asset == address(0) || feed == address(0)) revert ZeroAddress();
        if (heartbeat == 0 || maxPrice <= minPrice) revert InvalidFeedConfig();
        uint8 feedDecimals = AggregatorV3Interface(feed).decimals();
        uint8 assetDecimals = IERC20Metadata(asset).decimals();
        if (feedDecimals > MAX_DECIMALS || assetDecimals > MAX_DECIMALS) revert InvalidFeedConfig();
        // A ratio leg set earlier stays: replacing the base feed keeps the price composite.
        bool hasRatio = _ratios[asset].feed != address(0);
        _feeds[asset] = FeedConfig(feed, heartbeat, feedDecimals, assetDecimals, hasRatio, minPrice, maxPrice);
        emit FeedSet(asset, feed, heartbeat, feedDecimals, assetDecimals, minPrice, maxPrice);
    }

    /// @notice Makes `asset`'s price composite: its feed (then read as the base in USD, e.g. BTC/USD) times `feed`,
    ///         the asset against its base (e.g. WBTC/BTC). The asset must have a feed; `setFeed` keeps this leg.
    /// @param asset The asset, with a feed already set.
    /// @param feed Chainlink aggregator proxy: base units per whole token.
    /// @param heartbeat Maximum accepted answer age, in seconds (non-zero).
    /// @param minRatio Lowest accepted ratio, 18 decimals (non-zero).
    /// @param maxRatio Highest accepted ratio, 18 decimals (above `minRatio`).
    function setRatioFeed(
        address asset,
        address feed,
        uint32 heartbeat,
        uint128 minRatio,
        uint128 maxRatio
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feed == address(0)) revert ZeroAddress();
        if (_feeds[asset].feed == address(0)) revert NoFeed(asset);
        if (heartbeat == 0 || minRatio == 0 || maxRatio <= minRatio) revert InvalidFeedConfig();
        uint8 feedDecimals = AggregatorV3Interface(feed).decimals();
        if (feedDecimals > MAX_DECIMALS) revert InvalidFeedConfig();
        _ratios[asset] = RatioFeed(feed, heartbeat, feedDecimals, minRatio, maxRatio);
        _feeds[asset].hasRatio = true;
        emit RatioFeedSet(asset, feed, heartbeat, feedDecimals, minRatio, maxRatio);
    }

    /// @notice Makes `asset`'s price direct again: its feed alone (set it to a USD feed of the asset first).
    /// @param asset The asset whose ratio leg is removed.
    function removeRatioFeed(address asset) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_ratios[asset].feed == address(0)) revert NoFeed(asset);
        delete _ratios[asset];
        _feeds[asset].hasRatio = false;
        emit RatioFeedRemoved(asset);
    }

    /// @notice Removes the feed of `asset`; prices of it then revert with `NoFeed`.
    /// @param asset The asset whose feed is removed.
    function removeFeed(address asset) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_feeds[asset].feed == address(0)) revert NoFeed(asset);
        delete _feeds[asset];
        emit FeedRemoved(asset);
        if (_ratios[asset].feed != address(0)) {
            delete _ratios[asset];
            emit RatioFeedRemoved(asset);
        }
    }

    /// @notice Sets the L2 sequencer-uptime feed and its grace period; `feed` zero disables the check.
    /// @param feed Chainlink sequencer-uptime feed (answer 0 = up, 1 = down).
    /// @param gracePeriod Seconds after recovery during which prices are refused.
    function setSequencerFeed(address feed, uint32 gracePeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        sequencerFeed = feed;
        sequencerGracePeriod = gracePeriod;
        emit SequencerFeedSet(feed, gracePeriod);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPriceOracle
    function hasFeed(address asset) external view returns (bool) {
        return _feeds[asset].feed != address(0);
    }

    /// @inheritdoc IPriceOracle
    function feedConfig(address asset) external view returns (FeedConfig memory) {
        return _feeds[asset];
    }

    /// @inheritdoc IPriceOracle
    function ratioFeed(address asset) external view returns (RatioFeed memory) {
        return _ratios[asset];
    }

    /// @inheritdoc IPriceOracle
    function getPrice(address asset) external view returns (uint256 priceWad) {
        _checkSequencer();
        priceWad = _price(asset, _feeds[asset]);
    }

    /// @inheritdoc IPriceOracle
    function getPriceAndDecimals(address asset) external view returns (uint256 priceWad, uint8 assetDecimals) {
        _checkSequencer();
        FeedConfig memory c = _feeds[asset];
        priceWad = _price(asset, c);
        assetDecimals = c.assetDecimals;
    }

    /// @inheritdoc IPriceOracle
    function getValue(address[] calldata assets, uint256[] calldata amounts) external view returns (uint256 valueWad) {
        uint256 n = assets.length;
        if (n != amounts.length) revert LengthMismatch();
        _checkSequencer();
        for (uint256 i; i < n; ++i) {
            address asset = assets[i];
            FeedConfig memory c = _feeds[asset];
            valueWad += (amounts[i] * _price(asset, c)) / (10 ** c.assetDecimals);
        }
    }

    // ---------------------------------------------------------------- internal

    /// @dev Checked price of one whole token, USD 18 decimals: the feed's answer, times the ratio leg's when the
    ///      price is composite (each leg checked on its own, rounded down), within the asset's price bounds.
    function _price(address asset, FeedConfig memory c) internal view returns (uint256 price) {
        if (c.feed == address(0)) revert NoFeed(asset);
        price = _answer(asset, c.feed, c.heartbeat, c.feedDecimals);
        if (c.hasRatio) {
            RatioFeed memory r = _ratios[asset];
            uint256 ratio = _answer(asset, r.feed, r.heartbeat, r.feedDecimals);
            if (ratio < r.minRatio || ratio > r.maxRatio) revert RatioOutOfBounds(asset, ratio, r.minRatio, r.maxRatio);
            // Above maxPrice anyway; checked here so that the product below cannot overflow (ratio < 2^128).
            if (price > type(uint128).max) revert PriceOutOfBounds(asset, price, c.minPrice, c.maxPrice);
            price = (price * ratio) / 1e18;
        }
        if (price < c.minPrice || price > c.maxPrice) revert PriceOutOfBounds(asset, price, c.minPrice, c.maxPrice);
    }

    /// @dev A feed's answer, checked positive and fresh, scaled to 18 decimals.
    function _answer(
        address asset,
        address feed,
        uint256 heartbeat,
        uint8 feedDecimals
    ) internal view returns (uint256 value) {
        (, int256 answer, , uint256 updatedAt, ) = AggregatorV3Interface(feed).latestRoundData();
        if (answer <= 0) revert NonPositivePrice(asset, answer);
        // A zero or future timestamp is as unusable as an old one.
        if (updatedAt == 0 || updatedAt > block.timestamp || block.timestamp - updatedAt > heartbeat) {
            revert StalePrice(asset, updatedAt, heartbeat);
        }
        value =
            feedDecimals <= 18
                ? uint256(answer) * 10 ** (18 - feedDecimals)
                : uint256(answer) / 10 ** (feedDecimals - 18);
    }

    /// @dev Reverts while the L2 sequencer is down or within the grace period after it came back (the check TrendSignal
    ///      shares; its errors have this interface's signatures).
    function _checkSequencer() internal view {
        SequencerCheck.check(sequencerFeed, sequencerGracePeriod);
    }
}
