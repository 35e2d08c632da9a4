// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IVeTMAI} from "../interfaces/IVeTMAI.sol";
import {LockMath} from "../libraries/LockMath.sol";

/// @title VeTMAI
/// @notice Vote-escrowed TMAI. One non-transferable lock per address, 1 to 52 weeks, ending on a whole week.
///         Score = amount x remaining time / 52 weeks, decaying linearly to zero at expiry. The score is the
///         revenue weight (`balanceOf*`) and, through delegation, the voting power (`getVotes`, ERC-5805, timestamp
///         clock) used by the DAO's OpenZeppelin Governor.
/// @dev Curve-style accounting, kept in exact integers (see `LockMath`):
///      - Every lock is snapshotted per owner (amount, end, timestamp, delegated-away flag): the owner's balance
///        at any time, and its own votes while it votes for itself (the default, so a lock of a self-delegated
///        owner writes no vote history at all).
///      - Histories of points (scaled bias, slope, timestamp), each with a schedule of slope decreases on the week
///        boundaries where its locks end: the global total, and per account the votes other accounts delegated
///        to it. Votes of an account = its own lock's power unless delegated away + what was delegated to it.
///      - Delegation moves one lock's bias, slope and scheduled slope change between two of those (a new owner
///        snapshot when the owner itself is one side): O(1).
///      - Catching a point up to now walks at most 52 week boundaries; if 52 weeks or more have passed since the
///        point, every lock it holds has expired (none outlives 52 weeks) and it jumps straight to zero.
///      - Default delegation: an account that never delegated votes for itself (no call needed). `delegate(0)`
///        and `delegate(self)` both return to that default.
///
///      Invariants (test/solidity/staking/VeTMAI.invariants.t.sol):
///      - V1 sum of scaled balances == scaled total; sum of scores <= totalSupply < sum of scores + #holders.
///      - V2 sum of scaled votes over delegatees == scaled total (delegation conserves power).
///      - V3 values at past timestamps never change.
contract VeTMAI is IVeTMAI, AccessControl, EIP712, Nonces, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role allowed to pause new locks (never withdrawals). Unpausing is admin-only.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice One week: lock ends are multiples of it.
    uint256 public constant WEEK = LockMath.WEEK;
    /// @notice Longest lock, 52 weeks.
    uint256 public constant MAXTIME = LockMath.MAXTIME;
    /// @notice Upper bound of the admin-set minimum lock amount.
    uint256 public constant MAX_MIN_LOCK_AMOUNT = 100_000e18;
    /// @notice Upper bound of the Platinum score threshold.
    uint256 public constant MAX_TIER_THRESHOLD = 100_000_000e18;
    /// @notice EIP-712 type of `delegateBySig`.
    bytes32 public constant DELEGATION_TYPEHASH = keccak256(
        "Delegation(address delegatee,uint256 nonce,uint256 expiry)"
    );

    /// @notice Token metadata for wallets and explorers; veTMAI cannot be transferred.
    // solhint-disable-next-line const-name-snakecase
    string public constant name = "Vote-escrowed TMAI";
    /// @notice Token symbol.
    // solhint-disable-next-line const-name-snakecase
    string public constant symbol = "veTMAI";
    /// @notice Scores have the decimals of TMAI.
    // solhint-disable-next-line const-name-snakecase
    uint8 public constant decimals = 18;

    /// @dev An aggregate (global or one delegatee's): scaled power `bias` at `ts`, falling by `slope` per second.
    struct Point {
        uint128 bias;
        uint96 slope;
        uint32 ts;
    }

    /// @dev One owner's lock from `ts` on; `delegated` when the owner's votes went to another account then.
    struct LockPoint {
        uint96 amount;
        uint32 end;
        uint32 ts;
        bool delegated;
    }

    /// @dev Per-account bookkeeping, one slot. `delegatee == 0` means the account votes for itself.
    struct Account {
        uint32 lockCount;
        uint32 voteCount;
        address delegatee;
    }

    /// @dev Settings read by every lock operation, packed into one slot with the global history length.
    struct Settings {
        uint96 minLockAmount;
        uint32 globalCount;
        bool paused;
    }

    IERC20 internal immutable _token;

    /// @notice The only caller of `depositFor` (the revenue distributor, for claim-and-lock).
    address public revenueDistributor;

    Settings internal _settings;
    uint256[4] internal _tierThresholds;

    mapping(address account => Account) internal _accounts;
    mapping(address account => mapping(uint256 index => LockPoint)) internal _lockPoints;
    mapping(address delegatee => mapping(uint256 index => Point)) internal _votePoints;
    mapping(uint256 index => Point) internal _globalPoints;

    /// @notice Scaled slope that leaves the global total at week boundary `week` (locks ending then).
    mapping(uint256 week => uint256) public slopeChanges;
    /// @notice Scaled slope that leaves `delegatee`'s votes at week boundary `week`.
    mapping(address delegatee => mapping(uint256 week => uint256)) public voteSlopeChanges;

    /// @param token_ The TMAI token.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (settings, unpause, roles).
    /// @param guardian Holder of GUARDIAN_ROLE (zero for none).
    /// @param minLockAmount_ Minimum amount of a new lock, 1 to MAX_MIN_LOCK_AMOUNT.
    /// @param tierThresholds_ Scores from which Bronze, Silver, Gold and Platinum start (strictly increasing).
    constructor(
        address token_,
        address admin,
        address guardian,
        uint256 minLockAmount_,
        uint256[4] memory tierThresholds_
    ) EIP712(name, "1") {
        if (token_ == address(0) || admin == address(0)) revert ZeroAddress();
        _token = IERC20(token_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        _setMinLockAmount(minLockAmount_);
        _setTierThresholds(tierThresholds_);
    }

    // ================================================================ locks

    /// @inheritdoc IVeTMAI
    /// @dev Requires no existing lock (an expired one must be withdrawn first). Pulls from the caller only.
    function createLock(uint256 amount, uint256 unlockTime) external nonReentrant {
        Settings memory s = _settings;
        if (s.paused) revert LocksPaused();
        if (amount < s.minLockAmount) revert BelowMinimum(amount, s.minLockAmount);
        LockPoint memory old = _currentLock(msg.sender);
        if (old.amount != 0) revert LockExists(old.amount, old.end);
        uint256 end = _checkEnd(unlockTime);
        _updateLock(msg.sender, old, amount, end);
        _token.safeTransferFrom(msg.sender, address(this), amount);
        emit LockUpdated(msg.sender, msg.sender, amount, amount, end);
    }

    /// @inheritdoc IVeTMAI
    function increaseAmount(uint256 amount) external nonReentrant {
        _addAmount(msg.sender, amount);
    }

    /// @inheritdoc IVeTMAI
    /// @dev Only the revenue distributor may call it, with its own tokens: nobody locks a third party's tokens,
    ///      and the distributor only does so for the account that asked (`claimAndLock`).
    function depositFor(address account, uint256 amount) external nonReentrant {
        if (msg.sender != revenueDistributor || msg.sender == address(0)) revert NotRevenueDistributor(msg.sender);
        _addAmount(account, amount);
    }

    /// @inheritdoc IVeTMAI
    function increaseUnlockTime(uint256 unlockTime) external nonReentrant {
        if (_settings.paused) revert LocksPaused();
        LockPoint memory old = _activeLock(msg.sender);
        uint256 end = _checkEnd(unlockTime);
        if (end <= old.end) revert UnlockTimeNotLater(end, old.end);
        _updateLock(msg.sender, old, old.amount, end);
        emit LockUpdated(msg.sender, msg.sender, 0, old.amount, end);
    }

    /// @inheritdoc IVeTMAI
    /// @dev Never paused. An expired lock has no power left, so only the owner's snapshot changes: no catch-up.
    function withdraw() external nonReentrant {
        LockPoint memory old = _currentLock(msg.sender);
        if (old.amount == 0) revert NoLock(msg.sender);
        if (old.end > block.timestamp) revert LockNotExpired(old.end);
        _pushLockPoint(msg.sender, 0, 0);
        _token.safeTransfer(msg.sender, old.amount);
        emit Withdrawn(msg.sender, old.amount);
    }

    /// @notice Records the global point at now (catching up at most 52 weeks). Anyone may call it, e.g. a keeper
    ///         after a long idle period, so that the next lock operation does not pay for the catch-up.
    function checkpoint() external nonReentrant {
        _adjustGlobal(0, 0, 0, 0, 0, 0);
        emit Checkpointed(block.timestamp, _settings.globalCount);
    }

    // ================================================================ delegation (ERC-5805)

    /// @inheritdoc IVotes
    /// @dev `delegatee == 0` or the caller itself: vote for oneself (the default).
    function delegate(address delegatee) external nonReentrant {
        _delegate(msg.sender, delegatee);
    }

    /// @inheritdoc IVotes
    function delegateBySig(
        address delegatee,
        uint256 nonce,
        uint256 expiry,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        if (block.timestamp > expiry) revert VotesExpiredSignature(expiry);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(DELEGATION_TYPEHASH, delegatee, nonce, expiry)));
        address signer = ECDSA.recover(digest, v, r, s);
        _useCheckedNonce(signer, nonce);
        _delegate(signer, delegatee);
    }

    /// @inheritdoc IVotes
    function delegates(address account) public view returns (address) {
        address d = _accounts[account].delegatee;
        return d == address(0) ? account : d;
    }

    /// @inheritdoc IVotes
    function getVotes(address account) external view returns (uint256) {
        return LockMath.toScore(_ownVotesNow(account) + _delegatedInNow(account));
    }

    /// @inheritdoc IVotes
    /// @dev Votes at the opening of `timepoint`: power acquired at `timepoint` does not count.
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        _requirePast(timepoint);
        return LockMath.toScore(_scaledVotesAt(account, timepoint));
    }

    /// @inheritdoc IVotes
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        _requirePast(timepoint);
        return LockMath.toScore(_scaledTotalAt(timepoint));
    }

    /// @notice Unrounded votes (sum of amount x remaining seconds) of `delegatee` at the opening of `timestamp`.
    /// @param delegatee The account voted for.
    /// @param timestamp Any time, past or future (the future projects today's locks).
    function scaledVotesAt(address delegatee, uint256 timestamp) external view returns (uint256) {
        return _scaledVotesAt(delegatee, timestamp);
    }

    /// @notice Current clock (ERC-6372): the block timestamp.
    function clock() public view returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice Clock description (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        if (clock() != block.timestamp) revert ERC6372InconsistentClock();
        return "mode=timestamp";
    }

    // ================================================================ views

    /// @inheritdoc IVeTMAI
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IVeTMAI
    function locked(address account) external view returns (uint256 amount, uint256 end) {
        LockPoint memory lk = _currentLock(account);
        return (lk.amount, lk.end);
    }

    /// @inheritdoc IVeTMAI
    function balanceOf(address account) public view returns (uint256) {
        LockPoint memory lk = _currentLock(account);
        return LockMath.toScore(LockMath.scaledPower(lk.amount, lk.end, block.timestamp));
    }

    /// @inheritdoc IVeTMAI
    function balanceOfAt(address account, uint256 timestamp) external view returns (uint256) {
        LockPoint memory lk = _lockBefore(account, timestamp);
        return LockMath.toScore(LockMath.scaledPower(lk.amount, lk.end, timestamp));
    }

    /// @inheritdoc IVeTMAI
    function totalSupply() external view returns (uint256) {
        uint256 n = _settings.globalCount;
        if (n == 0) return 0;
        (uint256 bias, ) = _advance(_globalPoints[n - 1], block.timestamp, slopeChanges);
        return LockMath.toScore(bias);
    }

    /// @inheritdoc IVeTMAI
    function totalSupplyAt(uint256 timestamp) external view returns (uint256) {
        return LockMath.toScore(_scaledTotalAt(timestamp));
    }

    /// @inheritdoc IVeTMAI
    function scaledTotalSupplyAt(uint256 timestamp) external view returns (uint256) {
        return _scaledTotalAt(timestamp);
    }

    /// @inheritdoc IVeTMAI
    /// @dev Walks the owner's snapshots forward once: one binary search, then O(count).
    function scaledBalancesAt(
        address account,
        uint256 start,
        uint256 count
    ) external view returns (uint256[] memory balances) {
        balances = new uint256[](count);
        uint256 n = _accounts[account].lockCount;
        mapping(uint256 => LockPoint) storage hist = _lockPoints[account];
        uint256 next = _countBefore(account, n, start); // snapshots with ts < start
        LockPoint memory lk = next == 0 ? LockPoint(0, 0, 0, false) : hist[next - 1];
        for (uint256 i; i < count; ++i) {
            uint256 t = start + i * WEEK;
            while (next < n && hist[next].ts < t) {
                lk = hist[next];
                ++next;
            }
            balances[i] = LockMath.scaledPower(lk.amount, lk.end, t);
        }
    }

    /// @inheritdoc IVeTMAI
    function lockPointCount(address account) external view returns (uint256) {
        return _accounts[account].lockCount;
    }

    /// @inheritdoc IVeTMAI
    function lockPointAt(
        address account,
        uint256 index
    ) external view returns (uint256 amount, uint256 end, uint256 ts) {
        LockPoint memory lk = _lockPoints[account][index];
        return (lk.amount, lk.end, lk.ts);
    }

    /// @notice Number of global points (one per timestamp at which some lock's power changed).
    function globalPointCount() external view returns (uint256) {
        return _settings.globalCount;
    }

    /// @notice Timestamp of the latest global point (0 before the first lock): the keeper checkpoints weekly.
    function lastGlobalCheckpoint() external view returns (uint256) {
        uint256 n = _settings.globalCount;
        return n == 0 ? 0 : _globalPoints[n - 1].ts;
    }

    /// @notice Number of points of the votes delegated to `delegatee` by other accounts (its own lock's votes are
    ///         read from its lock snapshots).
    function votePointCount(address delegatee) external view returns (uint256) {
        return _accounts[delegatee].voteCount;
    }

    /// @inheritdoc IVeTMAI
    function tierOf(address account) external view returns (Tier) {
        uint256 score = balanceOf(account);
        for (uint256 i = 4; i != 0; --i) {
            if (score >= _tierThresholds[i - 1]) return Tier(i);
        }
        return Tier.None;
    }

    /// @notice Scores from which Bronze, Silver, Gold and Platinum start.
    function tierThresholds() external view returns (uint256[4] memory) {
        return _tierThresholds;
    }

    /// @notice Minimum amount of a new lock.
    function minLockAmount() external view returns (uint256) {
        return _settings.minLockAmount;
    }

    /// @notice Whether new locks (create, increase amount, extend) are paused.
    function paused() external view returns (bool) {
        return _settings.paused;
    }

    // ================================================================ guardian and admin

    /// @notice Pauses new locks: createLock, increaseAmount, increaseUnlockTime, depositFor. Withdrawals, delegation
    ///         and revenue claims are never paused. Guardian or admin.
    function pause() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
        if (_settings.paused) revert AlreadyPaused();
        _settings.paused = true;
        emit PausedSet(msg.sender, true);
    }

    /// @notice Resumes new locks. Admin only: the guardian cannot unpause.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_settings.paused) revert NotPaused();
        _settings.paused = false;
        emit PausedSet(msg.sender, false);
    }

    /// @notice Sets the minimum amount of a new lock (1 to MAX_MIN_LOCK_AMOUNT). Existing locks are unaffected.
    /// @param amount New minimum.
    function setMinLockAmount(uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinLockAmount(amount);
    }

    /// @notice Sets the score thresholds of Bronze, Silver, Gold and Platinum.
    /// @param thresholds Strictly increasing, the first at least 1, the last at most MAX_TIER_THRESHOLD.
    function setTierThresholds(uint256[4] calldata thresholds) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTierThresholds(thresholds);
    }

    /// @notice Sets the contract allowed to call `depositFor` (zero disables claim-and-lock).
    /// @param distributor The revenue distributor.
    function setRevenueDistributor(address distributor) external onlyRole(DEFAULT_ADMIN_ROLE) {
        revenueDistributor = distributor;
        emit RevenueDistributorSet(distributor);
    }

    // ================================================================ internal: locks

    /// @dev Adds `amount` paid by msg.sender to `account`'s unexpired lock.
    function _addAmount(address account, uint256 amount) internal {
        if (_settings.paused) revert LocksPaused();
        if (amount == 0) revert ZeroAmount();
        LockPoint memory old = _activeLock(account);
        uint256 newAmount = old.amount + amount;
        _updateLock(account, old, newAmount, old.end);
        _token.safeTransferFrom(msg.sender, address(this), amount);
        emit LockUpdated(account, msg.sender, amount, newAmount, old.end);
    }

    /// @dev `unlockTime` rounded down to a week; must be after now and at most 52 weeks away.
    function _checkEnd(uint256 unlockTime) internal view returns (uint256 end) {
        end = LockMath.floorWeek(unlockTime);
        if (end <= block.timestamp) revert LockTooShort(end, block.timestamp);
        uint256 maxEnd = block.timestamp + MAXTIME;
        if (end > maxEnd) revert LockTooLong(end, maxEnd);
    }

    /// @dev `account`'s lock, which must exist and be unexpired.
    function _activeLock(address account) internal view returns (LockPoint memory lk) {
        lk = _currentLock(account);
        if (lk.amount == 0) revert NoLock(account);
        if (lk.end <= block.timestamp) revert LockExpired(lk.end);
    }

    /// @dev Replaces `account`'s lock `old` by (`amount`, `end`), updating the global and delegatee aggregates.
    function _updateLock(address account, LockPoint memory old, uint256 amount, uint256 end) internal {
        uint256 oldSlope = old.end > block.timestamp ? old.amount : 0;
        uint256 oldBias = LockMath.scaledPower(old.amount, old.end, block.timestamp);
        uint256 newBias = LockMath.scaledPower(amount, end, block.timestamp);
        _adjustGlobal(newBias, amount, end, oldBias, oldSlope, old.end);
        address delegatee = _accounts[account].delegatee;
        if (delegatee != address(0)) {
            _adjustVotes(delegatee, newBias, amount, end, oldBias, oldSlope, old.end);
        } else {
            // Self-delegated (the default): the lock snapshots are the votes; only the event is due.
            _emitVotesChanged(account, _delegatedInNow(account), oldBias, newBias);
        }
        _pushLockPoint(account, amount, end);
    }

    /// @dev Records `account`'s lock and delegation state from now on (overwrites a snapshot of the same second).
    function _pushLockPoint(address account, uint256 amount, uint256 end) internal {
        Account storage a = _accounts[account];
        uint256 n = a.lockCount;
        LockPoint memory lk = LockPoint(
            amount.toUint96(),
            uint32(end),
            uint32(block.timestamp),
            a.delegatee != address(0)
        );
        if (n != 0 && _lockPoints[account][n - 1].ts == block.timestamp) {
            _lockPoints[account][n - 1] = lk;
        } else {
            _lockPoints[account][n] = lk;
            a.lockCount = uint32(n + 1);
        }
    }

    // ================================================================ internal: aggregates

    /// @dev Catches the global point up to now, adds (`addBias`, `addSlope` ending at `addEnd`) and removes
    ///      (`subBias`, `subSlope` ending at `subEnd`), then records it.
    function _adjustGlobal(
        uint256 addBias,
        uint256 addSlope,
        uint256 addEnd,
        uint256 subBias,
        uint256 subSlope,
        uint256 subEnd
    ) internal {
        uint256 n = _settings.globalCount;
        (uint256 bias, uint256 slope) = n == 0 ? (0, 0) : _advance(_globalPoints[n - 1], block.timestamp, slopeChanges);
        _settings.globalCount = uint32(
            _pushPoint(_globalPoints, n, bias + addBias - subBias, slope + addSlope - subSlope)
        );
        _schedule(slopeChanges, addSlope, addEnd, subSlope, subEnd);
    }

    /// @dev As `_adjustGlobal`, for the votes of `delegatee`.
    function _adjustVotes(
        address delegatee,
        uint256 addBias,
        uint256 addSlope,
        uint256 addEnd,
        uint256 subBias,
        uint256 subSlope,
        uint256 subEnd
    ) internal {
        Account storage a = _accounts[delegatee];
        uint256 n = a.voteCount;
        mapping(uint256 => uint256) storage changes = voteSlopeChanges[delegatee];
        (uint256 bias, uint256 slope) = n == 0
            ? (0, 0)
            : _advance(_votePoints[delegatee][n - 1], block.timestamp, changes);
        uint256 newBias = bias + addBias - subBias;
        a.voteCount = uint32(_pushPoint(_votePoints[delegatee], n, newBias, slope + addSlope - subSlope));
        _schedule(changes, addSlope, addEnd, subSlope, subEnd);
        _emitVotesChanged(delegatee, _ownVotesNow(delegatee), bias, newBias);
    }

    /// @dev ERC-5805's event for `account`: its votes are `unchanged` plus a part going from `before` to `after_`.
    function _emitVotesChanged(address account, uint256 unchanged, uint256 before, uint256 after_) internal {
        emit DelegateVotesChanged(account, LockMath.toScore(unchanged + before), LockMath.toScore(unchanged + after_));
    }

    /// @dev Moves an unexpired lock's power from the old delegatee to the new one; O(1).
    function _delegate(address account, address to) internal {
        address newDelegatee = to == address(0) ? account : to;
        address oldDelegatee = delegates(account);
        _accounts[account].delegatee = newDelegatee == account ? address(0) : newDelegatee;
        emit DelegateChanged(account, oldDelegatee, newDelegatee);
        if (newDelegatee == oldDelegatee) return;
        LockPoint memory lk = _currentLock(account);
        if (lk.end <= block.timestamp) return; // no lock, or expired: no power to move
        uint256 bias = LockMath.scaledPower(lk.amount, lk.end, block.timestamp);
        // A self-delegated lock's votes live in its snapshots: moving them away (or back) is a new snapshot with
        // the delegation flag; votes delegated to another account live in that account's vote points.
        if (oldDelegatee == account) {
            _pushLockPoint(account, lk.amount, lk.end);
            _emitVotesChanged(account, _delegatedInNow(account), bias, 0);
        } else {
            _adjustVotes(oldDelegatee, 0, 0, 0, bias, lk.amount, lk.end);
        }
        if (newDelegatee == account) {
            _pushLockPoint(account, lk.amount, lk.end);
            _emitVotesChanged(account, _delegatedInNow(account), 0, bias);
        } else {
            _adjustVotes(newDelegatee, bias, lk.amount, lk.end, 0, 0, 0);
        }
    }

    /// @dev Records an aggregate point at now in `hist` of length `n` (overwrites one of the same second).
    /// @return The new length.
    function _pushPoint(
        mapping(uint256 => Point) storage hist,
        uint256 n,
        uint256 bias,
        uint256 slope
    ) internal returns (uint256) {
        Point memory p = Point(bias.toUint128(), slope.toUint96(), uint32(block.timestamp));
        if (n != 0 && hist[n - 1].ts == block.timestamp) {
            hist[n - 1] = p;
            return n;
        }
        hist[n] = p;
        return n + 1;
    }

    /// @dev Moves `subSlope` off the `subEnd` schedule and `addSlope` onto the `addEnd` one (zero slopes skipped).
    function _schedule(
        mapping(uint256 => uint256) storage changes,
        uint256 addSlope,
        uint256 addEnd,
        uint256 subSlope,
        uint256 subEnd
    ) internal {
        if (addSlope != 0 && subSlope != 0 && addEnd == subEnd) {
            changes[addEnd] = changes[addEnd] + addSlope - subSlope;
            return;
        }
        if (subSlope != 0) changes[subEnd] -= subSlope;
        if (addSlope != 0) changes[addEnd] += addSlope;
    }

    // ================================================================ internal: views

    /// @dev Point `p` decayed to `t >= p.ts`, applying the slope changes of every week boundary in (p.ts, t].
    ///      At most 52 boundaries are read: a point 52 weeks old or more has fully expired (jump to zero).
    function _advance(
        Point memory p,
        uint256 t,
        mapping(uint256 => uint256) storage changes
    ) internal view returns (uint256 bias, uint256 slope) {
        bias = p.bias;
        slope = p.slope;
        uint256 from = p.ts;
        if (slope == 0 || t <= from) return (bias, slope);
        if (t >= from + MAXTIME) return (0, 0);
        for (uint256 w = LockMath.floorWeek(from) + WEEK; w <= t; w += WEEK) {
            bias -= slope * (w - from);
            slope -= changes[w];
            from = w;
            if (slope == 0) return (bias, 0);
        }
        bias -= slope * (t - from);
    }

    /// @dev Global scaled total at the opening of `t`.
    function _scaledTotalAt(uint256 t) internal view returns (uint256) {
        (bool found, Point memory p) = _pointBefore(_globalPoints, _settings.globalCount, t);
        if (!found) return 0;
        (uint256 bias, ) = _advance(p, t, slopeChanges);
        return bias;
    }

    /// @dev Scaled votes of `delegatee` at the opening of `t`: its own lock's power if it was not delegated away
    ///      then, plus what other accounts delegated to it.
    function _scaledVotesAt(address delegatee, uint256 t) internal view returns (uint256 votes) {
        LockPoint memory lk = _lockBefore(delegatee, t);
        if (!lk.delegated) votes = LockMath.scaledPower(lk.amount, lk.end, t);
        (bool found, Point memory p) = _pointBefore(_votePoints[delegatee], _accounts[delegatee].voteCount, t);
        if (!found) return votes;
        (uint256 bias, ) = _advance(p, t, voteSlopeChanges[delegatee]);
        return votes + bias;
    }

    /// @dev Scaled power of `account`'s own lock now, if it votes for itself.
    function _ownVotesNow(address account) internal view returns (uint256) {
        LockPoint memory lk = _currentLock(account);
        return lk.delegated ? 0 : LockMath.scaledPower(lk.amount, lk.end, block.timestamp);
    }

    /// @dev Scaled votes other accounts delegate to `account` now.
    function _delegatedInNow(address account) internal view returns (uint256 bias) {
        uint256 n = _accounts[account].voteCount;
        if (n != 0) (bias, ) = _advance(_votePoints[account][n - 1], block.timestamp, voteSlopeChanges[account]);
    }

    /// @dev Last point of `hist` (length `n`) with ts < t, by binary search (the latest is checked first).
    function _pointBefore(
        mapping(uint256 => Point) storage hist,
        uint256 n,
        uint256 t
    ) internal view returns (bool found, Point memory p) {
        if (n == 0) return (false, p);
        p = hist[n - 1];
        if (p.ts < t) return (true, p);
        uint256 lo;
        uint256 hi = n - 1;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (hist[mid].ts < t) lo = mid + 1;
            else hi = mid;
        }
        if (lo == 0) return (false, p);
        return (true, hist[lo - 1]);
    }

    /// @dev Number of `account`'s lock snapshots (of `n`) taken before `t`.
    function _countBefore(address account, uint256 n, uint256 t) internal view returns (uint256) {
        mapping(uint256 => LockPoint) storage hist = _lockPoints[account];
        if (n == 0 || hist[n - 1].ts < t) return n;
        uint256 lo;
        uint256 hi = n - 1;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (hist[mid].ts < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// @dev `account`'s lock at the opening of `t`.
    function _lockBefore(address account, uint256 t) internal view returns (LockPoint memory lk) {
        uint256 i = _countBefore(account, _accounts[account].lockCount, t);
        if (i != 0) lk = _lockPoints[account][i - 1];
    }

    /// @dev `account`'s latest lock (zeros if none).
    function _currentLock(address account) internal view returns (LockPoint memory lk) {
        uint256 n = _accounts[account].lockCount;
        if (n != 0) lk = _lockPoints[account][n - 1];
    }

    /// @dev ERC-5805: past lookups only.
    function _requirePast(uint256 timepoint) internal view {
        uint48 now_ = clock();
        if (timepoint >= now_) revert ERC5805FutureLookup(timepoint, now_);
    }

    function _setMinLockAmount(uint256 amount) internal {
        if (amount == 0 || amount > MAX_MIN_LOCK_AMOUNT) revert MinLockAmountOutOfBounds(amount, MAX_MIN_LOCK_AMOUNT);
        _settings.minLockAmount = uint96(amount);
        emit MinLockAmountSet(amount);
    }

    function _setTierThresholds(uint256[4] memory thresholds) internal {
        if (thresholds[0] == 0 || thresholds[3] > MAX_TIER_THRESHOLD) revert InvalidTierThresholds();
        for (uint256 i = 1; i < 4; ++i) {
            if (thresholds[i] <= thresholds[i - 1]) revert InvalidTierThresholds();
        }
        _tierThresholds = thresholds;
        emit TierThresholdsSet(thresholds);
    }
}
