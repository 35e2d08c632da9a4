// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {FixedPointMathLib} from "solady/src/utils/FixedPointMathLib.sol";
import {IRevenueDistributor} from "../interfaces/IRevenueDistributor.sol";
import {IVeTMAI} from "../interfaces/IVeTMAI.sol";
import {LockMath} from "../libraries/LockMath.sol";

/// @title RevenueDistributor
/// @notice Receives protocol revenue (index vault fee shares, USDC, TMAI, ...) and splits it between veTMAI lock
///         owners. Revenue that arrives during week W (deposited, or sent directly and then checkpointed) is split
///         pro rata to each owner's own score at the opening of W (`ve` snapshot, not delegated votes), and becomes
///         claimable once W has ended. A week with no veTMAI supply carries its revenue to the next week.
/// @dev The split uses the unrounded (scaled) powers of `ve`, whose sum over owners equals the scaled total
///      exactly. Closing a week stores `rate = revenue * 1e36 / scaledSupply` (revenue capped at 2^128 per week and
///      so that the rate fits 128 bits, the excess carried); the residue `revenue - ceil(rate * scaledSupply /
///      1e36)` is carried to the next week, so rounding is not lost (rounded up because owners sum exact products
///      over weeks before dividing). An owner
///      is paid `sum(scaledBalance * rate) / 1e36`, rounded down once per claim call: dust is below one unit of
///      the token per claim call and stays in the contract.
///
///      Invariants (test/solidity/staking/Staking.invariants.t.sol), per token:
///      - R1 received == claimed + sum(claimable) + pending + dust, with 0 <= dust <= #claim calls + #owners.
///      - R2 a second claim of the same weeks pays nothing.
///      Claims and deposits are never paused.
contract RevenueDistributor is IRevenueDistributor, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice One week.
    uint256 public constant WEEK = LockMath.WEEK;
    /// @notice Most weeks one claim call covers (per token).
    uint256 public constant MAX_CLAIM_WEEKS = 52;
    /// @notice Most weeks one call closes (per token); further calls continue.
    uint256 public constant MAX_SYNC_WEEKS = 104;
    /// @notice Most revenue tokens.
    uint256 public constant MAX_TOKENS = 16;
    /// @notice Fixed-point precision of the weekly rates.
    uint256 public constant PRECISION = 1e36;

    /// @dev Per revenue token, one slot.
    struct TokenInfo {
        bool registered;
        uint32 startWeek; // first week with revenue
        uint32 finalizedUntil; // first week not closed yet
    }

    /// @notice The veTMAI contract.
    IVeTMAI public immutable ve;
    /// @notice The TMAI token (claim-and-lock).
    IERC20 public immutable tmai;

    address[] internal _rewardTokens;
    mapping(address token => TokenInfo) internal _tokens;

    /// @notice Balance of `token` already assigned to weeks and not yet paid out.
    mapping(address token => uint256) public accounted;
    /// @notice All `token` ever assigned to weeks (deposited or checkpointed).
    mapping(address token => uint256) public totalReceived;
    /// @notice All `token` ever paid out.
    mapping(address token => uint256) public totalClaimed;
    /// @notice `token` waiting for the next week to close (a zero-supply week, or rounding residue).
    mapping(address token => uint256) public carried;
    /// @notice `token` assigned to the week starting at `week`.
    mapping(address token => mapping(uint256 week => uint256)) public revenueOfWeek;
    /// @dev Rates of closed weeks (tokens per unit of scaled power x 1e36, below 2^128), two weeks per slot: week
    ///      number k (= week start / WEEK) is in pair k / 2, lane k % 2 (low 128 bits for even k). A 52-week claim
    ///      reads 26 slots instead of 52.
    mapping(address token => mapping(uint256 pair => uint256)) internal _ratePairs;
    /// @notice First week `account` has not claimed yet for `token` (0: never claimed).
    mapping(address account => mapping(address token => uint256)) public claimCursor;

    /// @param ve_ The veTMAI contract (its `token()` is TMAI).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (adds revenue tokens).
    constructor(address ve_, address admin) {
        if (ve_ == address(0) || admin == address(0)) revert ZeroAddress();
        ve = IVeTMAI(ve_);
        IERC20 tmai_ = IERC20(IVeTMAI(ve_).token());
        tmai = tmai_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        // veTMAI pulls claimed TMAI from here in `claimAndLock` (through `depositFor`, which only we may call).
        tmai_.forceApprove(ve_, type(uint256).max);
    }

    // ================================================================ revenue in

    /// @inheritdoc IRevenueDistributor
    function deposit(address token, uint256 amount) external nonReentrant {
        _requireRegistered(token);
        if (amount == 0) revert ZeroAmount();
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(token, msg.sender, amount);
        _checkpointToken(token);
        _finalize(token);
    }

    /// @inheritdoc IRevenueDistributor
    function checkpointToken(address token) external nonReentrant {
        _requireRegistered(token);
        _checkpointToken(token);
        _finalize(token);
    }

    // ================================================================ revenue out

    /// @inheritdoc IRevenueDistributor
    function claim(address token) external nonReentrant returns (uint256 amount) {
        amount = _claim(msg.sender, token);
        if (amount != 0) IERC20(token).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IRevenueDistributor
    function claimMany(address[] calldata tokens) external nonReentrant returns (uint256[] memory amounts) {
        uint256 n = tokens.length;
        amounts = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 amount = _claim(msg.sender, tokens[i]);
            amounts[i] = amount;
            if (amount != 0) IERC20(tokens[i]).safeTransfer(msg.sender, amount);
        }
    }

    /// @inheritdoc IRevenueDistributor
    /// @dev The caller consents by calling; veTMAI's `depositFor` accepts only this contract, with its own TMAI.
    ///      Reverts while veTMAI pauses new locks (use `claim` instead, which never pauses).
    function claimAndLock() external nonReentrant returns (uint256 amount) {
        amount = _claim(msg.sender, address(tmai));
        if (amount == 0) revert NothingToLock();
        ve.depositFor(msg.sender, amount);
        emit ClaimedAndLocked(msg.sender, amount);
    }

    // ================================================================ admin

    /// @notice Adds a revenue token (at most MAX_TOKENS, never removed). Its revenue counts from the current week.
    /// @param token The token.
    function addRewardToken(address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        if (_tokens[token].registered) revert TokenAlreadyRegistered(token);
        if (_rewardTokens.length >= MAX_TOKENS) revert TooManyTokens(MAX_TOKENS);
        uint32 week = uint32(LockMath.floorWeek(block.timestamp));
        _tokens[token] = TokenInfo(true, week, week);
        _rewardTokens.push(token);
        emit RewardTokenAdded(token, week);
        _checkpointToken(token);
    }

    // ================================================================ views

    /// @inheritdoc IRevenueDistributor
    /// @dev Includes completed weeks not closed on-chain yet, closed here exactly as the next claim would.
    function claimable(address account, address token) external view returns (uint256 amount) {
        TokenInfo memory info = _tokens[token];
        if (!info.registered) return 0;
        uint256 closed = info.finalizedUntil;
        uint256 end = _min(LockMath.floorWeek(block.timestamp), closed + MAX_SYNC_WEEKS * WEEK);
        if (end < closed) end = closed;
        (uint256[] memory pending, ) = _pendingRates(token, closed, end);
        uint256 w = _firstUnclaimedWeek(account, token, info.startWeek, end);
        while (w < end) {
            uint256 stop = _min(end, w + MAX_CLAIM_WEEKS * WEEK);
            amount += _owed(account, token, w, stop, closed, pending);
            w = stop;
        }
    }

    /// @notice Revenue of `token` not split yet: what closing the completed weeks would carry forward (zero-supply
    ///         weeks, rounding residue), plus the weeks still open. `claimable` already counts the rest.
    /// @param token The revenue token.
    function pendingRevenue(address token) external view returns (uint256 pending) {
        TokenInfo memory info = _tokens[token];
        if (!info.registered) return 0;
        uint256 current = LockMath.floorWeek(block.timestamp);
        uint256 end = _min(current, info.finalizedUntil + MAX_SYNC_WEEKS * WEEK);
        if (end < info.finalizedUntil) end = info.finalizedUntil;
        (, pending) = _pendingRates(token, info.finalizedUntil, end);
        for (uint256 w = end; w <= current; w += WEEK) {
            pending += revenueOfWeek[token][w];
        }
    }

    /// @notice Tokens per unit of scaled power (x 1e36) of a closed week (zero for an open or empty week).
    /// @param token The revenue token.
    /// @param week Start of the week (a multiple of WEEK).
    function rateOfWeek(address token, uint256 week) external view returns (uint256) {
        return _rateOf(_ratePairs[token], week);
    }

    /// @notice The revenue tokens.
    function rewardTokens() external view returns (address[] memory) {
        return _rewardTokens;
    }

    /// @notice Whether `token` is a revenue token, its first week, and its first week not closed yet.
    /// @param token The token.
    function tokenInfo(
        address token
    ) external view returns (bool registered, uint256 startWeek, uint256 finalizedUntil) {
        TokenInfo memory info = _tokens[token];
        return (info.registered, info.startWeek, info.finalizedUntil);
    }

    // ================================================================ internal

    /// @dev Books the caller's share of `token` for up to 52 closed weeks and moves its cursor; no transfer.
    function _claim(address account, address token) internal returns (uint256 amount) {
        TokenInfo memory info = _requireRegistered(token);
        _checkpointToken(token);
        uint256 end = _finalize(token);
        uint256 from = _firstUnclaimedWeek(account, token, info.startWeek, end);
        if (from >= end) return 0;
        uint256 to = _min(end, from + MAX_CLAIM_WEEKS * WEEK);
        amount = _owed(account, token, from, to, to, new uint256[](0));
        claimCursor[account][token] = to;
        if (amount != 0) {
            accounted[token] -= amount;
            totalClaimed[token] += amount;
        }
        emit Claimed(account, token, amount, from, to);
    }

    /// @dev `account`'s share of `token` for the weeks [from, to): sum(scaled balance x rate) / 1e36. Weeks before
    ///      `closed` use their stored rate, later ones `pending[(week - closed) / WEEK]` (see `_pendingRates`).
    ///      Each product is at most revenue(week) x 1e36 < 2^248, so 52 of them cannot overflow.
    function _owed(
        address account,
        address token,
        uint256 from,
        uint256 to,
        uint256 closed,
        uint256[] memory pending
    ) internal view returns (uint256) {
        uint256 n = (to - from) / WEEK;
        uint256[] memory balances = ve.scaledBalancesAt(account, from, n);
        mapping(uint256 => uint256) storage pairs = _ratePairs[token];
        uint256 acc;
        uint256 loadedPair = type(uint256).max;
        uint256 packed;
        for (uint256 i; i < n; ++i) {
            uint256 b = balances[i];
            if (b == 0) continue;
            uint256 week = from + i * WEEK;
            uint256 rate;
            if (week < closed) {
                uint256 k = week / WEEK;
                if (k >> 1 != loadedPair) {
                    loadedPair = k >> 1;
                    packed = pairs[loadedPair];
                }
                rate = (k & 1 == 0) ? uint128(packed) : packed >> 128;
            } else {
                rate = pending[(week - closed) / WEEK];
            }
            acc += b * rate;
        }
        return acc / PRECISION;
    }

    /// @dev Rates the weeks [closed, end) of `token` will get when `_finalize` closes them, and the carry left
    ///      after them (nothing stored).
    function _pendingRates(
        address token,
        uint256 closed,
        uint256 end
    ) internal view returns (uint256[] memory rates, uint256 carry) {
        rates = new uint256[]((end - closed) / WEEK);
        carry = carried[token];
        for (uint256 i; i < rates.length; ++i) {
            uint256 distributed;
            (rates[i], distributed, ) = _closeWeek(token, closed + i * WEEK, carry);
            carry = carry + revenueOfWeek[token][closed + i * WEEK] - distributed;
        }
    }

    /// @dev How week `w` of `token` closes given `carry` from earlier weeks: its rate, the amount it distributes
    ///      (rounded up: owners are paid from exact products summed over weeks before rounding), and the ve supply.
    function _closeWeek(
        address token,
        uint256 w,
        uint256 carry
    ) internal view returns (uint256 rate, uint256 distributed, uint256 supply) {
        uint256 total = revenueOfWeek[token][w] + carry;
        if (total == 0) return (0, 0, 0);
        supply = ve.scaledTotalSupplyAt(w);
        if (supply == 0) return (0, 0, 0);
        // At most 2^128 - 1 per week, and at most what keeps the rate below 2^128 (it is stored in 128 bits);
        // the rest is carried to the next week.
        uint256 amount = _min(total, type(uint128).max);
        amount = _min(amount, FixedPointMathLib.fullMulDiv(type(uint128).max, supply, PRECISION));
        rate = FixedPointMathLib.fullMulDiv(amount, PRECISION, supply);
        if (rate != 0) distributed = FixedPointMathLib.fullMulDivUp(rate, supply, PRECISION);
    }

    /// @dev First week to claim: the cursor, or (first claim) the week after `account`'s first lock. Jumps to
    ///      `end` when the account's latest lock ended by then (its balance is zero from there on).
    function _firstUnclaimedWeek(
        address account,
        address token,
        uint256 startWeek,
        uint256 end
    ) internal view returns (uint256 w) {
        uint256 n = ve.lockPointCount(account);
        if (n == 0) return end;
        w = claimCursor[account][token];
        if (w == 0) {
            (, , uint256 firstTs) = ve.lockPointAt(account, 0);
            w = LockMath.floorWeek(firstTs) + WEEK; // a lock created at t counts from the next week start
            if (w < startWeek) w = startWeek;
        }
        (, uint256 lastEnd, uint256 lastTs) = ve.lockPointAt(account, n - 1);
        if (lastEnd <= w && lastTs < w && w < end) w = end;
    }

    /// @dev Assigns `token` received since the last checkpoint to the current week.
    function _checkpointToken(address token) internal {
        uint256 balance = IERC20(token).balanceOf(address(this));
        uint256 known = accounted[token];
        if (balance <= known) return;
        uint256 amount = balance - known;
        uint256 week = LockMath.floorWeek(block.timestamp);
        revenueOfWeek[token][week] += amount;
        accounted[token] = balance;
        totalReceived[token] += amount;
        emit RevenueCheckpointed(token, week, amount);
    }

    /// @dev Closes the completed weeks of `token` not yet closed (at most MAX_SYNC_WEEKS).
    /// @return end The first week not closed.
    function _finalize(address token) internal returns (uint256 end) {
        TokenInfo storage info = _tokens[token];
        uint256 w = info.finalizedUntil;
        uint256 current = LockMath.floorWeek(block.timestamp);
        if (w >= current) return w;
        end = _min(current, w + MAX_SYNC_WEEKS * WEEK);
        uint256 carry = carried[token];
        uint256 carryBefore = carry;
        for (; w < end; w += WEEK) {
            uint256 total = revenueOfWeek[token][w] + carry;
            if (total == 0) continue;
            (uint256 rate, uint256 distributed, uint256 supply) = _closeWeek(token, w, carry);
            if (rate != 0) _storeRate(token, w, rate);
            carry = total - distributed;
            emit WeekFinalized(token, w, distributed, supply, carry);
        }
        if (carry != carryBefore) carried[token] = carry;
        info.finalizedUntil = uint32(end);
    }

    /// @dev Writes the rate (< 2^128) of closed week `w` into its lane.
    function _storeRate(address token, uint256 w, uint256 rate) internal {
        uint256 k = w / WEEK;
        mapping(uint256 => uint256) storage pairs = _ratePairs[token];
        uint256 packed = pairs[k >> 1];
        pairs[k >> 1] =
            (k & 1 == 0) ? (packed & ~uint256(type(uint128).max)) | rate : (packed & type(uint128).max) | (rate << 128);
    }

    /// @dev Rate of closed week `w` read from its lane.
    function _rateOf(mapping(uint256 => uint256) storage pairs, uint256 w) internal view returns (uint256) {
        uint256 k = w / WEEK;
        uint256 packed = pairs[k >> 1];
        return (k & 1 == 0) ? uint128(packed) : packed >> 128;
    }

    function _requireRegistered(address token) internal view returns (TokenInfo memory info) {
        info = _tokens[token];
        if (!info.registered) revert TokenNotRegistered(token);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
