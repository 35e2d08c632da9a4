// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IIndexVault} from "../interfaces/IIndexVault.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {IRebalancer} from "../interfaces/IRebalancer.sol";
import {IRegimeSignal} from "../interfaces/IRegimeSignal.sol";
import {AuctionMath} from "../libraries/AuctionMath.sol";

/// @title Rebalancer
/// @notice Moves index vaults to their target basket with Dutch auctions priced off the oracle.
/// @dev Lifecycle: the methodologist posts a target (effective after the announcement delay) and regime signals
///      (applied after the hysteresis), unless the admin set an on-chain regime source for the vault: then anyone
///      pokes the source's signal in instead. Anyone starts a rebalance: the target is turned into per-asset target
///      amounts at the start's oracle prices and NAV, stored relative to supply x scale so that mints and redeems
///      during the auction scale them. Bidders then take the vault's surplus assets and pay deficit assets at a
///      price that falls linearly from oracle x (1 + bandHigh) to oracle x (1 - bandLow). Holds REBALANCER_ROLE on
///      the vaults it serves. A bid takes all of an asset's surplus or leaves at least `MIN_REMAINDER_USD` of it,
///      and no bid is taken while a regime switch is pending (the auction's target may be about to change).
contract Rebalancer is IRebalancer, AccessControl, ReentrancyGuardTransient {
    /// @notice Role that posts targets and regime signals.
    bytes32 public constant METHODOLOGIST_ROLE = keccak256("METHODOLOGIST_ROLE");
    /// @notice Role that may pause new auctions (never unpause, never block redeem or running bids).
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice Most assets in a target.
    uint256 public constant MAX_ASSETS = 100;
    /// @notice Widest band end (each side): 20 %.
    uint256 public constant MAX_BAND = 0.2e18;
    /// @notice A rebalance starts only if the vault is off target by at least this fraction of NAV (0.1 %).
    uint256 public constant MIN_DRIFT = 1e15;
    /// @notice Least value (USD 18 decimals) a bid may leave of an asset's surplus, unless it takes all of it: so
    ///         that sold-out assets leave the basket instead of lingering as dust no swap can buy.
    uint256 public constant MIN_REMAINDER_USD = 1e18;
    /// @notice A `sellAmount` that means "the whole surplus of `sell` when the bid runs": a surplus moves by a few wei
    ///         as fees accrue, so an exact amount read off-chain may no longer fit (or leave wei behind).
    uint256 public constant WHOLE_SURPLUS = type(uint256).max;

    uint256 internal constant WAD = 1e18;

    /// @dev A posted basket: assets and weights (sum 1e18) and when it takes effect.
    struct Target {
        address[] assets;
        uint256[] weights;
        uint64 effectiveAt;
    }

    /// @dev Regime in force, and a signalled one waiting for its hysteresis.
    struct RegimeState {
        Regime current;
        Regime pending;
        bool hasPending;
        uint64 pendingSince;
    }

    /// @dev One auction; band and timing are fixed at start so that the price can only fall.
    struct Auction {
        uint64 id;
        uint64 start;
        uint64 end;
        uint64 bandHigh;
        uint64 bandLow;
        bool switchPending; // a copy of the vault's RegimeState.hasPending: no bids while a switch is pending
        bytes32 key;
        uint256 basis; // vault supply x scale at start
    }

    /// @notice Oracle that prices every auction (the vaults' oracle).
    IPriceOracle public immutable oracle;
    /// @notice Whether starting new auctions is paused.
    bool public auctionsPaused;

    mapping(address vault => Config) internal _config;
    mapping(address vault => mapping(address asset => uint256)) internal _weightCap;
    mapping(address vault => mapping(address asset => uint256)) internal _maxLot;
    mapping(address vault => Target) internal _pending;
    mapping(address vault => Target) internal _active;
    mapping(address vault => RegimeState) internal _regime;
    /// @inheritdoc IRebalancer
    mapping(address vault => IRegimeSignal) public regimeSource;
    mapping(address vault => Auction) internal _auction;
    /// @dev Amount of each asset the whole supply should hold at the auction's basis (zero: not in the target).
    mapping(address vault => mapping(uint256 id => mapping(address asset => uint256))) internal _amounts;

    /// @param oracle_ The price oracle shared with the vaults.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE.
    constructor(IPriceOracle oracle_, address admin) {
        if (address(oracle_) == address(0) || admin == address(0)) revert InvalidConfig();
        oracle = oracle_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ================================================================ admin and guardian

    /// @notice Sets the configuration of `vault` (band, timing, default caps and lot, stablecoin).
    /// @param vault The index vault.
    /// @param c New settings; bands at most 20 %, bandLow < 100 %, non-zero duration, caps and lot, stablecoin
    ///        with a feed.
    function setConfig(address vault, Config calldata c) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (
            vault == address(0) ||
            c.bandHigh > MAX_BAND ||
            c.bandLow > MAX_BAND ||
            c.auctionDuration == 0 ||
            c.weightCap == 0 ||
            c.weightCap > WAD ||
            c.maxLotUsd == 0 ||
            !oracle.hasFeed(c.stablecoin)
        ) revert InvalidConfig();
        _config[vault] = c;
        emit ConfigSet(vault, c);
    }

    /// @notice Overrides, for one asset of `vault`, the weight cap and the max lot (zero = the vault default).
    /// @param vault The index vault.
    /// @param asset The asset.
    /// @param weightCap_ Highest weight in a posted target, 18 decimals (at most 1e18).
    /// @param maxLotUsd_ Largest value of `asset` one bid may take from the vault, USD 18 decimals.
    function setAssetLimits(
        address vault,
        address asset,
        uint256 weightCap_,
        uint256 maxLotUsd_
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (weightCap_ > WAD) revert InvalidConfig();
        _weightCap[vault][asset] = weightCap_;
        _maxLot[vault][asset] = maxLotUsd_;
        emit AssetLimitsSet(vault, asset, weightCap_, maxLotUsd_);
    }

    /// @notice Sets the on-chain regime source of `vault` (zero: the methodologist signals, the default). While a
    ///         source is set, `signalRegime` is refused and anyone may `pokeRegime`; a pending switch is kept.
    /// @param vault The index vault.
    /// @param source Contract implementing IRegimeSignal, or zero.
    function setRegimeSource(address vault, IRegimeSignal source) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _configOf(vault);
        regimeSource[vault] = source;
        emit RegimeSourceSet(vault, address(source));
    }

    /// @notice Pauses the start of new auctions (guardian or admin). Running auctions and redeems go on.
    function pauseAuctions() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
        if (auctionsPaused) revert AuctionsPaused();
        auctionsPaused = true;
        emit AuctionsPausedSet(msg.sender, true);
    }

    /// @notice Resumes new auctions. Admin only.
    function unpauseAuctions() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!auctionsPaused) revert NotPaused();
        auctionsPaused = false;
        emit AuctionsPausedSet(msg.sender, false);
    }

    // ================================================================ methodologist

    /// @notice Posts the next target basket of `vault`, effective after the announcement delay. Replaces a pending
    ///         target that is not yet effective.
    /// @param vault The index vault.
    /// @param assets 1 to 100 distinct assets, each with a sound oracle price now.
    /// @param weights Weight of each, 18 decimals, non-zero, within the cap, summing to exactly 1e18.
    /// @param snapshotHash keccak256 of the published methodology snapshot the target was computed from (its inputs,
    ///        methodology and version, and the resulting target; see docs/METHODOLOGY.md), so anyone can fetch the
    ///        snapshot, recompute the target and check it. Recorded in `TargetPosted` only; zero when none.
    /// @return key Hash identifying the target.
    function postTarget(
        address vault,
        address[] calldata assets,
        uint256[] calldata weights,
        bytes32 snapshotHash
    ) external onlyRole(METHODOLOGIST_ROLE) returns (bytes32 key) {
        Config memory c = _configOf(vault);
        _validateTarget(vault, c, assets, weights);
        _promote(vault);
        Target storage p = _pending[vault];
        if (p.effectiveAt != 0) emit TargetReplaced(vault, _key(p.assets, p.weights));
        p.assets = assets;
        p.weights = weights;
        uint256 effectiveAt = block.timestamp + c.announcementDelay;
        p.effectiveAt = uint64(effectiveAt);
        key = _key(assets, weights);
        emit TargetPosted(vault, key, assets, weights, effectiveAt, snapshotHash);
    }

    /// @notice Cancels the pending target of `vault` (only before it is effective).
    /// @param vault The index vault.
    function cancelTarget(address vault) external onlyRole(METHODOLOGIST_ROLE) {
        Target storage p = _pending[vault];
        if (p.effectiveAt == 0) revert NoPendingTarget(vault);
        if (block.timestamp >= p.effectiveAt) revert TargetAlreadyEffective(vault);
        bytes32 key = _key(p.assets, p.weights);
        delete _pending[vault];
        emit TargetCancelled(vault, key);
    }

    /// @notice Signals a regime for `vault`. Signalling the regime in force clears a pending switch (so a
    ///         flip-flop never switches); signalling the pending one again keeps its original start time. Refused
    ///         while the vault has a regime source.
    /// @param vault The index vault.
    /// @param signal Risk-on or risk-off.
    function signalRegime(address vault, Regime signal) external onlyRole(METHODOLOGIST_ROLE) {
        address source = address(regimeSource[vault]);
        if (source != address(0)) revert RegimeSourceActive(vault, source);
        _signal(vault, signal);
    }

    // ================================================================ anyone

    /// @inheritdoc IRebalancer
    /// @dev Same effect as the methodologist's `signalRegime` with the source's signal; reverts with the source's
    ///      error when it cannot give one.
    function pokeRegime(address vault) external {
        IRegimeSignal source = regimeSource[vault];
        if (address(source) == address(0)) revert NoRegimeSource(vault);
        _signal(vault, source.regime(_regime[vault].current));
    }

    /// @inheritdoc IRebalancer
    /// @dev With a regime source, the switch happens only if the source, read now, still gives it; otherwise the
    ///      pending switch is cleared (as a poke would) and nothing is switched.
    function applyRegime(address vault) external {
        if (!regimeDue(vault)) revert RegimeNotDue(vault);
        RegimeState storage r = _regime[vault];
        IRegimeSignal source = regimeSource[vault];
        if (address(source) != address(0) && source.regime(r.current) != r.pending) {
            _setPending(vault, r, false);
            emit RegimeSignalCleared(vault);
            return;
        }
        r.current = r.pending;
        _setPending(vault, r, false);
        emit RegimeSwitched(vault, r.current);
    }

    /// @inheritdoc IRebalancer
    function compact(address vault) external nonReentrant {
        if (block.timestamp <= _auction[vault].end) revert AuctionRunning(vault);
        IIndexVault(vault).compactBasket();
    }

    /// @inheritdoc IRebalancer
    /// @dev Allowed when not paused, a target exists, and either no auction runs or the target changed (a new
    ///      target or regime supersedes a running auction). Compacts the basket first, then stores target amounts.
    function startRebalance(address vault) external nonReentrant returns (uint256 auctionId) {
        if (auctionsPaused) revert AuctionsPaused();
        Config memory c = _configOf(vault);
        _promote(vault);
        (address[] memory tAssets, uint256[] memory tWeights) = _currentTarget(vault);
        if (tAssets.length == 0) revert NoTarget(vault);
        bytes32 key = _key(tAssets, tWeights);
        Auction storage a = _auction[vault];
        if (block.timestamp <= a.end && key == a.key) revert AuctionRunning(vault);

        IIndexVault(vault).accrueFees();
        IIndexVault(vault).compactBasket();
        uint256 basis = IERC20(vault).totalSupply() * IIndexVault(vault).scale();
        if (basis == 0) revert EmptyVault(vault);
        auctionId = a.id + 1;
        (address[] memory held, uint256[] memory amounts) = IIndexVault(vault).totalBasket();
        uint256[] memory prices = new uint256[](held.length);
        uint256 nav;
        for (uint256 i; i < held.length; ++i) {
            prices[i] = _price(held[i]);
            nav += AuctionMath.value(amounts[i], prices[i]);
        }
        mapping(address => uint256) storage t = _amounts[vault][auctionId];
        for (uint256 j; j < tAssets.length; ++j) {
            t[tAssets[j]] = AuctionMath.amountOf((nav * tWeights[j]) / WAD, _price(tAssets[j]));
        }
        uint256 drift;
        for (uint256 i; i < held.length; ++i) {
            uint256 target = t[held[i]];
            if (amounts[i] > target) drift += AuctionMath.value(amounts[i] - target, prices[i]);
        }
        if (drift * WAD < nav * MIN_DRIFT) revert NothingToRebalance(vault);

        a.id = uint64(auctionId);
        a.start = uint64(block.timestamp);
        a.end = uint64(block.timestamp + c.auctionDuration);
        a.bandHigh = c.bandHigh;
        a.bandLow = c.bandLow;
        a.key = key;
        a.basis = basis;
        emit RebalanceStarted(vault, auctionId, key, nav, block.timestamp, a.end);
    }

    /// @notice Takes `sellAmount` of the vault's surplus asset `sell` and pays the deficit asset `buy` at the current
    ///         auction price. The bidder must approve the vault for `buy`; with non-empty `data` it is called back
    ///         (`IRebalanceCallee.onRebalanceBid`) between receiving and paying.
    /// @param vault The index vault.
    /// @param sell Asset the vault sells (must be in surplus).
    /// @param buy Asset the vault buys (must be in deficit).
    /// @param sellAmount Amount of `sell` the bidder takes: at most the surplus and the max lot; `WHOLE_SURPLUS` takes
    ///        the whole surplus as it is when the bid runs.
    /// @param maxBuyAmount Most of `buy` the bidder is willing to pay (its slippage guard).
    /// @param data Callback data (empty for none).
    /// @return buyAmount What the bidder paid.
    function bid(
        address vault,
        address sell,
        address buy,
        uint256 sellAmount,
        uint256 maxBuyAmount,
        bytes calldata data
    ) external nonReentrant returns (uint256 buyAmount) {
        Auction memory a = _auction[vault];
        if (a.id == 0 || block.timestamp > a.end) revert NoActiveAuction(vault);
        uint256 factor;
        (sellAmount, buyAmount, factor) = _checkBid(vault, a, sell, buy, sellAmount);
        if (buyAmount > maxBuyAmount) revert PriceAboveMax(buyAmount, maxBuyAmount);
        emit BidFilled(vault, a.id, msg.sender, sell, sellAmount, buy, buyAmount, factor);
        IIndexVault(vault).rebalanceTrade(sell, sellAmount, buy, buyAmount, msg.sender, data);
    }

    // ================================================================ views

    /// @notice Settings of `vault`.
    function config(address vault) external view returns (Config memory) {
        return _config[vault];
    }

    /// @inheritdoc IRebalancer
    function regime(
        address vault
    ) external view returns (Regime current, Regime pending, bool hasPending, uint256 since) {
        RegimeState memory r = _regime[vault];
        return (r.current, r.pending, r.hasPending, r.pendingSince);
    }

    /// @notice The running or last auction of `vault`: id, start, end, target key.
    function auction(address vault) external view returns (uint256 id, uint256 start, uint256 end, bytes32 key) {
        Auction memory a = _auction[vault];
        return (a.id, a.start, a.end, a.key);
    }

    /// @notice The pending target of `vault` (empty when none) and when it takes effect.
    function pendingTarget(
        address vault
    ) external view returns (address[] memory assets, uint256[] memory weights, uint256 effectiveAt) {
        Target storage p = _pending[vault];
        return (p.assets, p.weights, p.effectiveAt);
    }

    /// @notice The target a rebalance of `vault` would aim at now (risk-off: 100 % stablecoin).
    function currentTarget(address vault) external view returns (address[] memory assets, uint256[] memory weights) {
        return _currentTarget(vault);
    }

    /// @notice Key (`keccak256(abi.encode(assets, weights))`) of the latest posted basket, pending or effective,
    ///         whatever the regime: what a methodologist compares its next target with. Zero when none was posted.
    /// @param vault The index vault.
    function latestPostedTargetKey(address vault) external view returns (bytes32) {
        Target storage p = _pending[vault];
        Target storage t = p.effectiveAt != 0 ? p : _active[vault];
        return t.assets.length == 0 ? bytes32(0) : _key(t.assets, t.weights);
    }

    /// @inheritdoc IRebalancer
    function currentTargetKey(address vault) public view returns (bytes32) {
        (address[] memory assets, uint256[] memory weights) = _currentTarget(vault);
        return assets.length == 0 ? bytes32(0) : _key(assets, weights);
    }

    /// @inheritdoc IRebalancer
    function canStart(address vault) external view returns (bool) {
        if (auctionsPaused || _config[vault].auctionDuration == 0) return false;
        bytes32 key = currentTargetKey(vault);
        if (key == bytes32(0)) return false;
        Auction memory a = _auction[vault];
        return block.timestamp > a.end || key != a.key;
    }

    /// @inheritdoc IRebalancer
    function regimeDue(address vault) public view returns (bool) {
        RegimeState memory r = _regime[vault];
        return r.hasPending && block.timestamp >= uint256(r.pendingSince) + _config[vault].hysteresis;
    }

    /// @notice Current auction price factor of `vault` (1e18 = oracle cross price), non-increasing over time.
    function priceFactor(address vault) public view returns (uint256) {
        Auction memory a = _auction[vault];
        return AuctionMath.factor(a.bandHigh, a.bandLow, a.start, a.end, block.timestamp);
    }

    /// @notice What a bidder pays now in `buy` for `sellAmount` of `sell` (all bid checks applied; `WHOLE_SURPLUS`:
    ///         for the whole surplus).
    function quote(
        address vault,
        address sell,
        address buy,
        uint256 sellAmount
    ) external view returns (uint256 buyAmount) {
        Auction memory a = _auction[vault];
        if (a.id == 0 || block.timestamp > a.end) revert NoActiveAuction(vault);
        (, buyAmount, ) = _checkBid(vault, a, sell, buy, sellAmount);
    }

    /// @notice Surplus (held above target) and deficit (target above held) of `asset` in the running auction
    ///         (an asset outside the target has target zero: all of it is surplus, none can be bought).
    function gap(address vault, address asset) public view returns (uint256 surplus, uint256 deficit) {
        Auction memory a = _auction[vault];
        uint256 target = _amounts[vault][a.id][asset];
        (uint256 held, uint256 basisNow) = IIndexVault(vault).accountedOf(asset);
        uint256 targetUp = AuctionMath.mulDivUp(target, basisNow, a.basis);
        uint256 targetDown = AuctionMath.mulDiv(target, basisNow, a.basis);
        surplus = held > targetUp ? held - targetUp : 0;
        deficit = targetDown > held ? targetDown - held : 0;
    }

    /// @notice Largest value (USD 18 decimals) one bid may take of `asset` from `vault`.
    function maxLotUsd(address vault, address asset) public view returns (uint256 lot) {
        lot = _maxLot[vault][asset];
        if (lot == 0) lot = _config[vault].maxLotUsd;
    }

    /// @notice Highest weight `asset` may have in a target posted for `vault`.
    function weightCap(address vault, address asset) public view returns (uint256 cap) {
        cap = _weightCap[vault][asset];
        if (cap == 0) cap = _config[vault].weightCap;
    }

    // ================================================================ internal

    function _checkBid(
        address vault,
        Auction memory a,
        address sell,
        address buy,
        uint256 sellAmount
    ) internal view returns (uint256 sold, uint256 buyAmount, uint256 factor) {
        if (a.switchPending) revert RegimeSwitchPending(vault);
        uint256 pSell;
        (sold, pSell) = _checkSellSide(vault, sell, sellAmount);
        (, uint256 deficit) = gap(vault, buy);
        factor = AuctionMath.factor(a.bandHigh, a.bandLow, a.start, a.end, block.timestamp);
        buyAmount = AuctionMath.buyAmount(sold, pSell, _price(buy), factor);
        if (buyAmount > deficit) revert ExceedsDeficit(buy, buyAmount, deficit);
    }

    /// @dev The amount a bid sells (`WHOLE_SURPLUS` resolved) after the surplus, lot and dust checks, and its price.
    function _checkSellSide(
        address vault,
        address sell,
        uint256 sellAmount
    ) internal view returns (uint256 sold, uint256 pSell) {
        (uint256 surplus, ) = gap(vault, sell);
        sold = sellAmount == WHOLE_SURPLUS ? surplus : sellAmount;
        if (sold == 0 || sold > surplus) revert ExceedsSurplus(sell, sold, surplus);
        pSell = _price(sell);
        uint256 sellValue = AuctionMath.value(sold, pSell);
        uint256 lot = maxLotUsd(vault, sell);
        if (sellValue > lot) revert LotTooLarge(sell, sellValue, lot);
        uint256 remainder = surplus - sold;
        if (remainder != 0) {
            uint256 remainderUsd = AuctionMath.value(remainder, pSell);
            if (remainderUsd < MIN_REMAINDER_USD) revert LeavesDust(sell, remainder, remainderUsd);
        }
    }

    /// @dev Checked price (reverts with the oracle's error) packed with the token's decimals for AuctionMath.
    function _price(address asset) internal view returns (uint256) {
        (uint256 priceWad, uint8 decimals) = oracle.getPriceAndDecimals(asset);
        return AuctionMath.pack(priceWad, decimals);
    }

    function _configOf(address vault) internal view returns (Config memory c) {
        c = _config[vault];
        if (c.auctionDuration == 0) revert VaultNotConfigured(vault);
    }

    /// @dev Regime signal of `vault` (methodologist's or source's): the regime in force clears a pending switch,
    ///      another one starts pending unless a switch is already pending (its clock keeps running).
    function _signal(address vault, Regime signal) internal {
        Config memory c = _configOf(vault);
        RegimeState storage r = _regime[vault];
        if (signal == r.current) {
            if (r.hasPending) {
                _setPending(vault, r, false);
                emit RegimeSignalCleared(vault);
            }
            return;
        }
        if (r.hasPending) return; // already pending since earlier: the hysteresis clock keeps running
        r.pending = signal;
        _setPending(vault, r, true);
        r.pendingSince = uint64(block.timestamp);
        emit RegimeSignalled(vault, signal, block.timestamp + c.hysteresis);
    }

    /// @dev Sets whether a regime switch is pending, in the regime state and in the auction's copy (which `bid`
    ///      reads with the rest of the auction, saving a storage read per bid).
    function _setPending(address vault, RegimeState storage r, bool pending) internal {
        r.hasPending = pending;
        _auction[vault].switchPending = pending;
    }

    /// @dev Makes a pending target that has become effective the active (risk-on) target.
    function _promote(address vault) internal {
        Target storage p = _pending[vault];
        if (p.effectiveAt == 0 || block.timestamp < p.effectiveAt) return;
        _active[vault] = p;
        delete _pending[vault];
        emit TargetActivated(vault, _key(_active[vault].assets, _active[vault].weights));
    }

    /// @dev Risk-off: 100 % stablecoin. Risk-on: the latest effective posted target (empty when none).
    function _currentTarget(address vault) internal view returns (address[] memory assets, uint256[] memory weights) {
        if (_regime[vault].current == Regime.RiskOff) {
            assets = new address[](1);
            weights = new uint256[](1);
            assets[0] = _config[vault].stablecoin;
            weights[0] = WAD;
            return (assets, weights);
        }
        Target storage p = _pending[vault];
        Target storage t = (p.effectiveAt != 0 && block.timestamp >= p.effectiveAt) ? p : _active[vault];
        return (t.assets, t.weights);
    }

    function _validateTarget(
        address vault,
        Config memory,
        address[] calldata assets,
        uint256[] calldata weights
    ) internal view {
        uint256 n = assets.length;
        if (n == 0) revert EmptyTarget();
        if (n > MAX_ASSETS) revert TooManyAssets(n, MAX_ASSETS);
        if (weights.length != n) revert LengthMismatch(n, weights.length);
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            address asset = assets[i];
            for (uint256 j; j < i; ++j) {
                if (assets[j] == asset) revert DuplicateAsset(asset);
            }
            uint256 w = weights[i];
            if (w == 0) revert ZeroWeight(asset);
            uint256 cap = weightCap(vault, asset);
            if (w > cap) revert WeightAboveCap(asset, w, cap);
            if (!oracle.hasFeed(asset)) revert AssetWithoutFeed(asset);
            oracle.getPrice(asset); // reverts with the oracle's error when unsound
            sum += w;
        }
        if (sum != WAD) revert WeightsNotWhole(sum);
    }

    function _key(address[] memory assets, uint256[] memory weights) internal pure returns (bytes32) {
        return keccak256(abi.encode(assets, weights));
    }
}
