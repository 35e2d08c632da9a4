// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IIndexVault
/// @notice An ERC-20 index token backed in kind by a basket of up to 100 tokens, stored as units per 1e18 shares.
interface IIndexVault {
    /// @notice Fee settings, all as 18-decimal fractions (1e18 = 100 %).
    /// @param managementFee Streaming fee per year, taken by minting shares every second (compounding).
    /// @param mintFee Share of every mint paid to the fee recipient.
    /// @param redeemFee Share of every redeem paid to the fee recipient.
    struct FeeParams {
        uint64 managementFee;
        uint64 mintFee;
        uint64 redeemFee;
    }

    /// @notice Everything a vault is created with.
    /// @param name ERC-20 name of the index token.
    /// @param symbol ERC-20 symbol of the index token.
    /// @param assets Basket tokens, 1 to 100, distinct, each with an oracle feed.
    /// @param units Amount of each asset backing 1e18 shares, in the asset's own decimals.
    /// @param oracle Price oracle for NAV.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (fees, recipient, unpause, roles).
    /// @param guardian Holder of GUARDIAN_ROLE (zero for none).
    /// @param feeRecipient Receiver of fee shares.
    /// @param fees Initial fees.
    struct InitParams {
        string name;
        string symbol;
        address[] assets;
        uint256[] units;
        address oracle;
        address admin;
        address guardian;
        address feeRecipient;
        FeeParams fees;
    }

    // ---- errors
    error ZeroAddress();
    error ZeroShares();
    error LengthMismatch(uint256 expected, uint256 actual);
    error EmptyBasket();
    error TooManyAssets(uint256 count, uint256 max);
    error DuplicateAsset(address asset);
    error ZeroUnits(address asset);
    error UnitsTooLarge(address asset, uint256 units);
    error MissingFeed(address asset);
    error MaxAmountInExceeded(address asset, uint256 amountIn, uint256 maxAmountIn);
    error MinAmountOutNotMet(address asset, uint256 amountOut, uint256 minAmountOut);
    error FeeTooHigh(uint256 fee, uint256 max);
    error MintFeeBelowDailyStreamingFee(uint256 mintFee, uint256 minMintFee);
    error MintPaused();
    error NotPaused();
    error AlreadyPaused();
    error NothingToWithdraw(address account, address asset);
    error InvalidTrade();
    error NotInBasket(address asset);
    error TradeExceedsHoldings(address asset, uint256 amount, uint256 held);
    error ShortPayment(address asset, uint256 received, uint256 expected);
    /// @dev A basket token delivered another amount than transferred (fee-on-transfer): refused on the first mint.
    error UnsupportedToken(address asset, uint256 sent, uint256 received);
    /// @dev `initialize` ran already (on this clone), or was called on the locked implementation.
    error AlreadyInitialized();

    // ---- events
    event Minted(
        address indexed caller,
        address indexed receiver,
        uint256 shares,
        uint256 feeShares,
        uint256[] amountsIn
    );
    event Redeemed(
        address indexed caller,
        address indexed receiver,
        uint256 shares,
        uint256 feeShares,
        uint256[] amountsOut
    );
    /// @notice A basket token's transfer to `account` reverted during redeem; the amount is held for `account`.
    event TransferDeferred(address indexed account, address indexed asset, uint256 amount);
    event DeferredWithdrawn(address indexed account, address indexed asset, address to, uint256 amount);
    event ManagementFeeAccrued(uint256 feeShares, uint256 newScale, uint256 timestamp);
    event ManagementFeeSet(uint256 annualFee, uint256 ratePerSecond);
    event MintFeeSet(uint256 mintFee);
    event RedeemFeeSet(uint256 redeemFee);
    event FeeRecipientSet(address indexed feeRecipient);
    event MintPausedSet(address indexed by, bool paused);
    /// @notice A rebalance trade: the vault gave `sellAmount` of `sell` and got `buyAmount` of `buy`; `sellHeld` and
    ///         `buyHeld` are what the whole supply accounts for of each after it (as `accountedOf` returns them).
    event RebalanceTraded(
        address indexed rebalancer,
        address indexed bidder,
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        uint256 sellHeld,
        uint256 buyHeld
    );
    /// @notice The basket's layout changed (asset appended or zero-unit slots removed).
    event BasketLayoutChanged(uint256 version, uint256 length);

    // ---- views
    /// @notice Basket assets and units of each per 1e18 shares (in the asset's own decimals), fees accrued to now.
    function getBasket() external view returns (address[] memory assets, uint256[] memory units);

    /// @notice Amounts of each asset that `mint(shares, ...)` pulls now, mint fee included, rounded up.
    function previewMint(uint256 shares) external view returns (uint256[] memory amountsIn);

    /// @notice Amounts of each asset that `redeem(shares, ...)` pays now, redeem fee deducted, rounded down.
    function previewRedeem(uint256 shares) external view returns (uint256[] memory amountsOut);

    /// @notice Net asset value of 1e18 shares in USD with 18 decimals, priced by the oracle.
    function navPerShare() external view returns (uint256);

    /// @notice Total amount of each basket asset accounted for by the whole supply, fees accrued to now.
    function totalBasket() external view returns (address[] memory assets, uint256[] memory amounts);

    /// @notice Amount of `asset` accounted for by the whole supply (zero when not held) and the basis it is
    ///         measured on (supply x scale), both with fees accrued to now. O(1).
    /// @param asset The basket token.
    function accountedOf(address asset) external view returns (uint256 amount, uint256 basis);

    /// @notice The streaming-fee scale applied to every asset's base units, accrued to now.
    function scale() external view returns (uint256);

    /// @notice Takes the streaming management fee accrued so far (anyone).
    function accrueFees() external;

    /// @notice Layout version of the basket (bumped on every append or compaction).
    function basketVersion() external view returns (uint32);

    /// @notice Trades basket assets with a bidder (REBALANCER_ROLE only); see IndexVault.
    function rebalanceTrade(
        address sell,
        uint256 sellAmount,
        address buy,
        uint256 buyAmount,
        address bidder,
        bytes calldata data
    ) external;

    /// @notice Removes zero-unit slots keeping the order of the others (REBALANCER_ROLE only).
    function compactBasket() external;

    // ---- actions
    /// @notice Mints exactly `shares` to `receiver`, pulling each basket asset in kind from the caller.
    /// @param shares Index shares `receiver` gets (the mint fee is added on top, as shares to the fee recipient).
    /// @param receiver Address credited with the shares.
    /// @param maxAmountsIn Per-asset upper bound on what is pulled, in basket order (slippage guard); may end with
    ///        one extra element equal to `basketVersion` to pin the basket layout.
    /// @return amountsIn What was pulled of each asset.
    function mint(
        uint256 shares,
        address receiver,
        uint256[] calldata maxAmountsIn
    ) external returns (uint256[] memory amountsIn);

    /// @notice Burns `shares` of the caller and pays the pro-rata basket to `receiver`. Never paused.
    /// @param shares Index shares the caller gives up (the redeem fee is taken from them).
    /// @param receiver Address paid the assets.
    /// @param minAmountsOut Per-asset lower bound on what is paid, in basket order; may end with one extra element
    ///        equal to `basketVersion` to pin the basket layout.
    /// @return amountsOut What `receiver` is owed of each asset (paid now, or held as a deferred claim).
    function redeem(
        uint256 shares,
        address receiver,
        uint256[] calldata minAmountsOut
    ) external returns (uint256[] memory amountsOut);
}
