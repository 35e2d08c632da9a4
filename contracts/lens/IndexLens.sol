// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IIndexLens} from "../interfaces/IIndexLens.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {IVeTMAI} from "../interfaces/IVeTMAI.sol";
import {IndexVault} from "../index/IndexVault.sol";
import {Rebalancer} from "../rebalance/Rebalancer.sol";
import {RevenueDistributor} from "../staking/RevenueDistributor.sol";

/// @title IndexLens
/// @notice Stateless read lens for dApps: an index's or an account's whole screen in one `eth_call`. Every address
///         is a call parameter, so one deployment serves any vault, rebalancer and distributor.
/// @dev Calls to the protocol's own contracts (vault, rebalancer, veTMAI, distributor, the oracle's configuration)
///      are plain calls. Calls whose failure is a state to report, not an error, go through `_call`: the oracle's
///      checked price (its custom error becomes a `PriceStatus`), the feed's latest round, basket and revenue tokens'
///      metadata, balances and allowances, and the Rebalancer's `gap`. Each gets a fixed gas allowance and keeps at
///      most `MAX_RETURN` bytes of what it returns, so a hostile token or feed costs the lens a bounded amount; when
///      such a call fails while the lens could not give it its whole allowance, the lens reverts (`InsufficientGas`)
///      instead of reporting a failure that may be its own: `eth_estimateGas` then never settles on a gas limit at
///      which a sound feed would read as broken. Every loop is bounded by `MAX_SLOTS` (the vault's own bound),
///      `MAX_TARGET_ASSETS` and `MAX_REVENUE_TOKENS`.
contract IndexLens is IIndexLens {
    /// @notice Most basket slots read (the vault's `MAX_SLOTS`: old and new basket during a rebalance).
    uint256 public constant MAX_SLOTS = 200;
    /// @notice Most assets of a target read (the Rebalancer's `MAX_ASSETS`).
    uint256 public constant MAX_TARGET_ASSETS = 100;
    /// @notice Most revenue tokens read (the distributor's `MAX_TOKENS`).
    uint256 public constant MAX_REVENUE_TOKENS = 16;
    /// @notice Gas given to one oracle price read, one feed read and one `gap` read.
    uint256 public constant ORACLE_CALL_GAS = 300_000;
    /// @notice Gas given to one token call (`symbol`, `decimals`, `balanceOf`, `allowance`).
    uint256 public constant TOKEN_CALL_GAS = 100_000;
    /// @notice Longest symbol returned, in bytes (a longer one is cut).
    uint256 public constant MAX_SYMBOL_BYTES = 64;

    /// @dev Bytes of return or revert data kept from a guarded call: a feed's five-word round (the longest answer
    ///      decoded), which also holds a string symbol's offset and length words and `MAX_SYMBOL_BYTES` of it.
    uint256 internal constant MAX_RETURN = 160;
    /// @dev Gas a guarded call spends in the lens before the callee runs (account access, memory, the call itself).
    uint256 internal constant CALL_OVERHEAD = 10_000;
    /// @dev Buckets of the memory hash set that merges basket and target assets (a power of two; it holds at most 300).
    uint256 internal constant SET_BUCKETS = 512;

    /// @dev A price read and what valuing base units with it needs.
    struct Quote {
        PriceStatus status;
        uint256 price;
        uint8 decimals;
        uint256 updatedAt;
    }

    // ================================================================ views

    /// @inheritdoc IIndexLens
    function indexSummary(address vault, address rebalancer) external view returns (IndexSummary memory s) {
        IndexVault v = IndexVault(vault);
        IPriceOracle oracle = v.oracle();
        s.vault = vault;
        s.name = v.name();
        s.symbol = v.symbol();
        s.totalSupply = v.totalSupply();
        s.fees = v.fees();
        s.feeRecipient = v.feeRecipient();
        s.mintPaused = v.mintPaused();
        s.basketVersion = v.basketVersion();
        s.oracle = address(oracle);
        s.basket = _basket(v, oracle);
        (s.navPerShare, s.totalValue, s.navPartial) = _weigh(s.basket);
        if (rebalancer != address(0)) s.rebalance = _rebalance(vault, Rebalancer(rebalancer), oracle, s.basket);
    }

    /// @inheritdoc IIndexLens
    function accountSummary(
        address vault,
        address account,
        address distributor
    ) external view returns (AccountSummary memory s) {
        s.account = account;
        s.vault = vault;
        if (vault != address(0)) _positions(IndexVault(vault), account, s);
        if (distributor != address(0)) s.staking = _staking(RevenueDistributor(distributor), account);
    }

    // ================================================================ index

    /// @dev Every basket slot with its units, total amount, metadata and oracle price (values and weights later).
    function _basket(IndexVault v, IPriceOracle oracle) internal view returns (BasketAsset[] memory basket) {
        (address[] memory assets, uint256[] memory units) = v.getBasket();
        (, uint256[] memory totals) = v.totalBasket();
        uint256 n = assets.length;
        if (n > MAX_SLOTS) revert TooManyEntries(n, MAX_SLOTS);
        basket = new BasketAsset[](n);
        for (uint256 i; i < n; ++i) {
            BasketAsset memory a = basket[i];
            Quote memory q = _quote(oracle, assets[i]);
            a.asset = assets[i];
            a.symbol = _symbol(assets[i]);
            a.decimals = q.decimals;
            a.unitsPerShare = units[i];
            a.totalAmount = totals[i];
            a.status = q.status;
            a.price = q.price;
            a.updatedAt = q.updatedAt;
            a.valuePerShare = _value(units[i], q.price, q.decimals);
            a.totalValue = _value(totals[i], q.price, q.decimals);
        }
    }

    /// @dev NAV per share and total value over the `Ok` slots, whether some slot is not `Ok`, and each slot's weight.
    function _weigh(
        BasketAsset[] memory basket
    ) internal pure returns (uint256 nav, uint256 totalValue, bool partial_) {
        uint256 n = basket.length;
        for (uint256 i; i < n; ++i) {
            if (basket[i].status != PriceStatus.Ok) partial_ = true;
            nav += basket[i].valuePerShare;
            totalValue += basket[i].totalValue;
        }
        if (nav == 0) return (nav, totalValue, partial_);
        for (uint256 i; i < n; ++i) {
            basket[i].weight = (basket[i].valuePerShare * 1e18) / nav;
        }
    }

    /// @dev The Rebalancer's settings, regime, targets and auction for `vault`.
    function _rebalance(
        address vault,
        Rebalancer r,
        IPriceOracle oracle,
        BasketAsset[] memory basket
    ) internal view returns (RebalanceState memory s) {
        s.rebalancer = address(r);
        s.config = r.config(vault);
        s.configured = s.config.auctionDuration != 0;
        s.auctionsPaused = r.auctionsPaused();
        s.canStart = r.canStart(vault);
        (s.regime, s.pendingRegime, s.hasPendingRegime, s.pendingRegimeSince) = r.regime(vault);
        if (s.hasPendingRegime) s.pendingRegimeDueAt = s.pendingRegimeSince + s.config.hysteresis;
        s.regimeDue = r.regimeDue(vault);
        s.regimeSource = address(r.regimeSource(vault));
        (s.targetAssets, s.targetWeights) = r.currentTarget(vault);
        s.targetKey = r.currentTargetKey(vault);
        (s.pendingTargetAssets, s.pendingTargetWeights, s.pendingTargetEffectiveAt) = r.pendingTarget(vault);
        uint256 m = s.targetAssets.length;
        if (m > MAX_TARGET_ASSETS) revert TooManyEntries(m, MAX_TARGET_ASSETS);
        m = s.pendingTargetAssets.length;
        if (m > MAX_TARGET_ASSETS) revert TooManyEntries(m, MAX_TARGET_ASSETS);

        AuctionState memory a = s.auction;
        (a.id, a.start, a.end, a.key) = r.auction(vault);
        a.active = a.id != 0 && block.timestamp <= a.end;
        if (!a.active) return s;
        a.bidsOpen = !s.hasPendingRegime;
        a.onCurrentTarget = a.key == s.targetKey;
        a.priceFactor = r.priceFactor(vault);
        a.lots = _lots(vault, r, oracle, basket, a.onCurrentTarget ? s.targetAssets : new address[](0));
    }

    /// @dev One lot per basket slot, then per target asset outside the basket: the auction's gap, its USD values at
    ///      the slot's price (read again for target-only assets) and the asset's max lot.
    function _lots(
        address vault,
        Rebalancer r,
        IPriceOracle oracle,
        BasketAsset[] memory basket,
        address[] memory target
    ) internal view returns (AuctionLot[] memory lots) {
        address[] memory assets = _union(basket, target);
        uint256 n = basket.length;
        uint256 count = assets.length;
        lots = new AuctionLot[](count);
        for (uint256 j; j < count; ++j) {
            AuctionLot memory lot = lots[j];
            address asset = assets[j];
            lot.asset = asset;
            (lot.ok, lot.surplus, lot.deficit) = _gap(r, vault, asset);
            lot.maxLotUsd = r.maxLotUsd(vault, asset);
            (uint256 price, uint8 decimals) = j < n
                ? (basket[j].price, basket[j].decimals)
                : _priceAndDecimals(oracle, asset);
            lot.surplusUsd = _value(lot.surplus, price, decimals);
            lot.deficitUsd = _value(lot.deficit, price, decimals);
        }
    }

    /// @dev Basket assets in order, then the `target` assets not among them. A memory hash set (open addressing on
    ///      the address's low bits) keeps it linear: at most 300 entries in `SET_BUCKETS` buckets.
    function _union(
        BasketAsset[] memory basket,
        address[] memory target
    ) internal pure returns (address[] memory assets) {
        uint256 n = basket.length;
        assets = new address[](n + target.length);
        address[] memory set = new address[](SET_BUCKETS);
        for (uint256 i; i < n; ++i) {
            assets[i] = basket[i].asset;
            _insert(set, basket[i].asset);
        }
        uint256 count = n;
        for (uint256 j; j < target.length; ++j) {
            if (_insert(set, target[j])) {
                assets[count] = target[j];
                ++count;
            }
        }
        // Drop the unused tail: the array's length word is the only thing to change.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(assets, count)
        }
    }

    /// @dev Adds `key` (non-zero) to the set; false when it was already there. Linear probing always ends: the set
    ///      holds at most 300 of its `SET_BUCKETS` buckets.
    function _insert(address[] memory set, address key) internal pure returns (bool added) {
        uint256 mask = SET_BUCKETS - 1;
        uint256 i = uint160(key) & mask;
        while (set[i] != address(0)) {
            if (set[i] == key) return false;
            i = (i + 1) & mask;
        }
        set[i] = key;
        return true;
    }

    /// @dev The Rebalancer's `gap` of `asset`, or (false, 0, 0) when it reverts.
    function _gap(
        Rebalancer r,
        address vault,
        address asset
    ) internal view returns (bool ok, uint256 surplus, uint256 deficit) {
        bytes memory ret;
        (ok, ret) = _call(address(r), abi.encodeCall(r.gap, (vault, asset)), ORACLE_CALL_GAS);
        if (!ok || ret.length < 64) return (false, 0, 0);
        (surplus, deficit) = abi.decode(ret, (uint256, uint256));
    }

    // ================================================================ prices

    /// @dev The oracle's checked price of `asset` as a status, the decimals to value it with and the feed's latest
    ///      answer time.
    function _quote(IPriceOracle oracle, address asset) internal view returns (Quote memory q) {
        IPriceOracle.FeedConfig memory c = oracle.feedConfig(asset);
        (q.status, q.price) = _price(oracle, asset);
        if (c.feed == address(0)) {
            q.decimals = _decimals(asset);
            return q;
        }
        q.decimals = c.assetDecimals;
        q.updatedAt = _updatedAt(c.feed);
        if (c.hasRatio) {
            // A composite price is as old as its older leg.
            uint256 ratioAt = _updatedAt(oracle.ratioFeed(asset).feed);
            if (ratioAt < q.updatedAt) q.updatedAt = ratioAt;
        }
    }

    /// @dev Price (zero unless `Ok`) and valuation decimals of an asset outside the basket.
    function _priceAndDecimals(IPriceOracle oracle, address asset) internal view returns (uint256 price, uint8 dec) {
        (, price) = _price(oracle, asset);
        dec = oracle.feedConfig(asset).assetDecimals;
    }

    /// @dev The oracle's `getPrice(asset)`: `Ok` with the price, or the status its revert maps to with zero.
    function _price(IPriceOracle oracle, address asset) internal view returns (PriceStatus status, uint256 price) {
        (bool ok, bytes memory ret) = _call(
            address(oracle),
            abi.encodeCall(IPriceOracle.getPrice, (asset)),
            ORACLE_CALL_GAS
        );
        if (!ok) return (_status(ret), 0);
        if (ret.length < 32) return (PriceStatus.Unknown, 0);
        return (PriceStatus.Ok, abi.decode(ret, (uint256)));
    }

    /// @dev Maps PriceOracle's custom errors (and SequencerCheck's, which share their signatures) to a status.
    function _status(bytes memory reason) internal pure returns (PriceStatus) {
        if (reason.length < 4) return PriceStatus.Unknown;
        bytes4 selector = bytes4(reason);
        if (selector == IPriceOracle.StalePrice.selector) return PriceStatus.Stale;
        if (selector == IPriceOracle.PriceOutOfBounds.selector) return PriceStatus.OutOfBounds;
        if (selector == IPriceOracle.NonPositivePrice.selector) return PriceStatus.NonPositive;
        if (selector == IPriceOracle.NoFeed.selector) return PriceStatus.NoFeed;
        if (selector == IPriceOracle.SequencerDown.selector) return PriceStatus.SequencerDown;
        if (selector == IPriceOracle.SequencerGracePeriod.selector) return PriceStatus.SequencerGracePeriod;
        return PriceStatus.Unknown;
    }

    /// @dev The feed's latest answer time, or zero when the feed does not answer five words.
    function _updatedAt(address feed) internal view returns (uint256 updatedAt) {
        (bool ok, bytes memory ret) = _call(
            feed,
            abi.encodeCall(AggregatorV3Interface.latestRoundData, ()),
            ORACLE_CALL_GAS
        );
        if (!ok || ret.length < 160) return 0;
        (, , , updatedAt, ) = abi.decode(ret, (uint256, uint256, uint256, uint256, uint256));
    }

    /// @dev USD value (18 decimals) of `amount` base units at `price` (USD per whole token), rounded down, as the
    ///      oracle's `getValue` computes it (without its overflow bound).
    function _value(uint256 amount, uint256 price, uint8 decimals) internal pure returns (uint256) {
        return price == 0 ? 0 : Math.mulDiv(amount, price, 10 ** decimals);
    }

    // ================================================================ account

    /// @dev The account's index shares and, per basket slot, balance, allowance to the vault and deferred amount.
    function _positions(IndexVault v, address account, AccountSummary memory s) internal view {
        s.indexBalance = v.balanceOf(account);
        s.basketVersion = v.basketVersion();
        (address[] memory assets, ) = v.getBasket();
        uint256 n = assets.length;
        if (n > MAX_SLOTS) revert TooManyEntries(n, MAX_SLOTS);
        s.assets = new AssetPosition[](n);
        for (uint256 i; i < n; ++i) {
            AssetPosition memory p = s.assets[i];
            address asset = assets[i];
            p.asset = asset;
            (bool okBalance, uint256 balance) = _uint(asset, abi.encodeCall(IERC20.balanceOf, (account)));
            (bool okAllowance, uint256 allowance) = _uint(
                asset,
                abi.encodeCall(IERC20.allowance, (account, address(v)))
            );
            p.ok = okBalance && okAllowance;
            if (p.ok) (p.balance, p.allowance) = (balance, allowance);
            p.deferred = v.deferred(account, asset);
        }
    }

    /// @dev The account's veTMAI lock, score, votes, TMAI balance and allowance, and claimable revenue per token.
    function _staking(RevenueDistributor d, address account) internal view returns (StakingPosition memory s) {
        IVeTMAI ve = d.ve();
        IERC20 tmai = IERC20(ve.token());
        s.ve = address(ve);
        s.tmai = address(tmai);
        s.tmaiBalance = tmai.balanceOf(account);
        s.tmaiAllowance = tmai.allowance(account, address(ve));
        (s.lockAmount, s.lockEnd) = ve.locked(account);
        s.score = ve.balanceOf(account);
        s.totalScore = ve.totalSupply();
        s.tier = ve.tierOf(account);
        s.votes = ve.getVotes(account);
        s.delegate = ve.delegates(account);
        address[] memory tokens = d.rewardTokens();
        uint256 n = tokens.length;
        if (n > MAX_REVENUE_TOKENS) revert TooManyEntries(n, MAX_REVENUE_TOKENS);
        s.revenue = new RevenueClaim[](n);
        for (uint256 i; i < n; ++i) {
            RevenueClaim memory c = s.revenue[i];
            c.token = tokens[i];
            c.symbol = _symbol(tokens[i]);
            c.decimals = _decimals(tokens[i]);
            c.claimable = d.claimable(account, tokens[i]);
        }
    }

    // ================================================================ guarded calls

    /// @dev `token.symbol()`: an ABI string (cut to `MAX_SYMBOL_BYTES`), or a bytes32 up to its first zero byte;
    ///      empty when the call fails or answers anything else.
    function _symbol(address token) internal view returns (string memory) {
        (bool ok, bytes memory ret) = _call(token, abi.encodeCall(IERC20Metadata.symbol, ()), TOKEN_CALL_GAS);
        if (!ok) return "";
        if (ret.length == 32) return _trimmed(bytes32(ret));
        if (ret.length < 64) return "";
        (uint256 offset, uint256 len) = abi.decode(ret, (uint256, uint256));
        if (offset != 32) return "";
        len = Math.min(Math.min(len, ret.length - 64), MAX_SYMBOL_BYTES); // what was kept, cut
        bytes memory out = new bytes(len);
        for (uint256 i; i < len; ++i) {
            out[i] = ret[64 + i];
        }
        return string(out);
    }

    /// @dev The bytes of `b` before its first zero byte.
    function _trimmed(bytes32 b) internal pure returns (string memory) {
        uint256 len;
        while (len < 32 && b[len] != 0) ++len;
        bytes memory out = new bytes(len);
        for (uint256 i; i < len; ++i) {
            out[i] = b[i];
        }
        return string(out);
    }

    /// @dev `token.decimals()`, or zero when it fails or answers above 255.
    function _decimals(address token) internal view returns (uint8) {
        (bool ok, uint256 d) = _uint(token, abi.encodeCall(IERC20Metadata.decimals, ()));
        return ok && d <= type(uint8).max ? uint8(d) : 0;
    }

    /// @dev A token view answering one word, under `TOKEN_CALL_GAS`.
    function _uint(address token, bytes memory data) internal view returns (bool ok, uint256 value) {
        bytes memory ret;
        (ok, ret) = _call(token, data, TOKEN_CALL_GAS);
        if (!ok || ret.length < 32) return (false, 0);
        value = abi.decode(ret, (uint256));
    }

    /// @dev Static call of `target` with at most `gasCap` gas, keeping at most `MAX_RETURN` bytes of what it returns
    ///      or reverts with. Reverts with `InsufficientGas` when the call failed and the lens may not have been able
    ///      to give it all of `gasCap` (63/64 rule), so that a failure reported as a status is always the callee's.
    function _call(
        address target,
        bytes memory data,
        uint256 gasCap
    ) internal view returns (bool ok, bytes memory ret) {
        uint256 gasBefore = gasleft();
        uint256 maxReturn = MAX_RETURN;
        // A plain call would copy all of the callee's return data: bounded copy instead.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            ok := staticcall(gasCap, target, add(data, 0x20), mload(data), 0, 0)
            let size := returndatasize()
            if gt(size, maxReturn) {
                size := maxReturn
            }
            ret := mload(0x40)
            mstore(ret, size)
            returndatacopy(add(ret, 0x20), 0, size)
            mstore(0x40, add(add(ret, 0x20), and(add(size, 0x1f), not(0x1f))))
        }
        uint256 needed = (gasCap * 64) / 63 + CALL_OVERHEAD;
        if (!ok && gasBefore < needed) revert InsufficientGas(gasBefore, needed);
    }
}
