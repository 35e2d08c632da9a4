// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPriceOracle
/// @notice USD prices (18 decimals) for basket assets, read from Chainlink feeds with safety checks.
interface IPriceOracle {
    /// @notice Configuration of one asset's Chainlink feed.
    /// @param feed Chainlink aggregator proxy (AggregatorV3Interface).
    /// @param heartbeat Maximum age of an answer, in seconds.
    /// @param feedDecimals Decimals of the feed's answer.
    /// @param assetDecimals Decimals of the asset token.
    /// @param minPrice Lowest accepted price, USD per whole token with 18 decimals.
    /// @param maxPrice Highest accepted price, USD per whole token with 18 decimals.
    struct FeedConfig {
        address feed;
        uint32 heartbeat;
        uint8 feedDecimals;
        uint8 assetDecimals;
        uint128 minPrice;
        uint128 maxPrice;
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
    event SequencerFeedSet(address indexed feed, uint32 gracePeriod);

    /// @notice Whether `asset` has a feed configured.
    function hasFeed(address asset) external view returns (bool);

    /// @notice The feed configuration of `asset` (feed is zero when none).
    function feedConfig(address asset) external view returns (FeedConfig memory);

    /// @notice Checked USD price of one whole `asset` token, 18 decimals.
    function getPrice(address asset) external view returns (uint256 priceWad);

    /// @notice `getPrice(asset)` and the token's decimals in one call (what valuing base units needs).
    function getPriceAndDecimals(address asset) external view returns (uint256 priceWad, uint8 assetDecimals);

    /// @notice Checked USD value (18 decimals) of `amounts[i]` base units of `assets[i]`, summed.
    function getValue(address[] calldata assets, uint256[] calldata amounts) external view returns (uint256 valueWad);
}
