// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPriceOracle
/// @notice USD prices (18 decimals) for basket assets, read from Chainlink feeds with safety checks.
interface IPriceOracle {
    /// @notice Configuration of one asset's Chainlink feed.
    /// @param feed Chainlink aggregator proxy (AggregatorV3Interface): USD per whole token, or, for a composite
    ///        price (`hasRatio`), USD per whole unit of the asset's base (e.g. BTC/USD for WBTC).
    /// @param heartbeat Maximum age of an answer, in seconds.
    /// @param feedDecimals Decimals of the feed's answer.
    /// @param assetDecimals Decimals of the asset token.
    /// @param hasRatio Whether the price is composite: `feed` x the asset's ratio feed (`ratioFeed(asset)`).
    /// @param minPrice Lowest accepted price, USD per whole token with 18 decimals (of the composite price).
    /// @param maxPrice Highest accepted price, USD per whole token with 18 decimals (of the composite price).
    struct FeedConfig {
        address feed;
        uint32 heartbeat;
        uint8 feedDecimals;
        uint8 assetDecimals;
        bool hasRatio;
        uint128 minPrice;
        uint128 maxPrice;
    }

    /// @notice The second leg of a composite price: the asset against its base (e.g. WBTC/BTC), each leg with its
    ///         own heartbeat, and bounds on the ratio that catch a broken feed (wide enough to let a de-peg show).
    /// @param feed Chainlink aggregator proxy: base units per whole token (e.g. 0.998 BTC per WBTC).
    /// @param heartbeat Maximum age of an answer, in seconds.
    /// @param feedDecimals Decimals of the feed's answer.
    /// @param minRatio Lowest accepted ratio, 18 decimals.
    /// @param maxRatio Highest accepted ratio, 18 decimals.
    struct RatioFeed {
        address feed;
        uint32 heartbeat;
        uint8 feedDecimals;
        uint128 minRatio;
        uint128 maxRatio;
    }

    error NoFeed(address asset);
    error StalePrice(address asset, uint256 updatedAt, uint256 heartbeat);
    error NonPositivePrice(address asset, int256 answer);
    error PriceOutOfBounds(address asset, uint256 price, uint256 minPrice, uint256 maxPrice);
    error SequencerDown();
    error SequencerGracePeriod(uint256 upSince, uint256 gracePeriod);
    error InvalidFeedConfig();
    error ZeroAddress();
    error LengthMismatch();
    /// @notice The ratio leg of a composite price is outside its bounds (a broken feed, or a de-peg beyond them).
    error RatioOutOfBounds(address asset, uint256 ratio, uint256 minRatio, uint256 maxRatio);

    event FeedSet(
        address indexed asset,
        address indexed feed,
        uint32 heartbeat,
        uint8 feedDecimals,
        uint8 assetDecimals,
        uint128 minPrice,
        uint128 maxPrice
    );
    event FeedRemoved(address indexed asset);
    event RatioFeedSet(
        address indexed asset,
        address indexed feed,
        uint32 heartbeat,
        uint8 feedDecimals,
        uint128 minRatio,
        uint128 maxRatio
    );
    event RatioFeedRemoved(address indexed asset);
    event SequencerFeedSet(address indexed feed, uint32 gracePeriod);

    /// @notice Whether `asset` has a feed configured.
    function hasFeed(address asset) external view returns (bool);

    /// @notice The feed configuration of `asset` (feed is zero when none).
    function feedConfig(address asset) external view returns (FeedConfig memory);

    /// @notice The ratio leg of `asset`'s composite price (feed is zero when its price is direct).
    function ratioFeed(address asset) external view returns (RatioFeed memory);

    /// @notice Checked USD price of one whole `asset` token, 18 decimals.
    function getPrice(address asset) external view returns (uint256 priceWad);

    /// @notice `getPrice(asset)` and the token's decimals in one call (what valuing base units needs).
    function getPriceAndDecimals(address asset) external view returns (uint256 priceWad, uint8 assetDecimals);

    /// @notice Checked USD value (18 decimals) of `amounts[i]` base units of `assets[i]`, summed.
    function getValue(address[] calldata assets, uint256[] calldata amounts) external view returns (uint256 valueWad);
}
