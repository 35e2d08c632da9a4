// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// solhint-disable-next-line max-line-length
import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {TrendSignal} from "../rebalance/TrendSignal.sol";
import {RevenueDistributor} from "../staking/RevenueDistributor.sol";
import {VeTMAI} from "../staking/VeTMAI.sol";

/// @title HousekeepingUpkeep
/// @notice Chainlink Automation upkeep for the weekly chores the keeper also does, so that an operator may run
///         Automation alone: veTMAI's weekly global checkpoint (locks stay cheap), closing each revenue token's ended
///         weeks (claims stay cheap), and the weekly sample of each on-chain regime rule (TrendSignal).
/// @dev Every chore is permissionless on its own contract; this contract only finds what is due and does one chore
///      per `performUpkeep`, re-checking that it is still due (a stale or forged performData reverts `NotDue`). It
///      holds nothing and has no admin: to serve other regime rules, deploy a new one.
contract HousekeepingUpkeep is AutomationCompatibleInterface {
    /// @notice Most regime rules one upkeep samples (bounds `checkUpkeep`).
    uint256 public constant MAX_SIGNALS = 8;
    /// @notice One week, veTMAI's and the distributor's period.
    uint256 public constant WEEK = 1 weeks;

    /// @notice Record veTMAI's global point for this week.
    uint8 public constant VE_CHECKPOINT = 1;
    /// @notice Close a revenue token's ended weeks.
    uint8 public constant CLOSE_WEEKS = 2;
    /// @notice Take a regime rule's weekly sample.
    uint8 public constant SAMPLE = 3;

    /// @notice veTMAI.
    VeTMAI public immutable ve;
    /// @notice The revenue distributor.
    RevenueDistributor public immutable distributor;

    TrendSignal[] internal _signals;

    error TooManySignals(uint256 count, uint256 max);
    error UnknownChore(uint8 chore, address target);
    /// @notice `chore` on `target` is not due (any more): another caller did it, or performData was made up.
    error NotDue(uint8 chore, address target);

    /// @notice One chore done.
    event ChorePerformed(uint8 indexed chore, address indexed target);

    /// @param ve_ veTMAI.
    /// @param distributor_ The revenue distributor.
    /// @param signals_ The regime rules to sample weekly (at most MAX_SIGNALS; may be empty).
    constructor(VeTMAI ve_, RevenueDistributor distributor_, TrendSignal[] memory signals_) {
        if (signals_.length > MAX_SIGNALS) revert TooManySignals(signals_.length, MAX_SIGNALS);
        ve = ve_;
        distributor = distributor_;
        _signals = signals_;
    }

    /// @notice The regime rules sampled.
    function signals() external view returns (TrendSignal[] memory) {
        return _signals;
    }

    /// @notice The first chore due, as performData `abi.encode(chore, target)`.
    /// @return upkeepNeeded Whether a chore is due.
    /// @return performData abi.encode(uint8 chore, address target).
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        if (_veDue()) return (true, abi.encode(VE_CHECKPOINT, address(ve)));
        address[] memory tokens = distributor.rewardTokens();
        for (uint256 i; i < tokens.length; ++i) {
            if (_weeksDue(tokens[i])) return (true, abi.encode(CLOSE_WEEKS, tokens[i]));
        }
        uint256 n = _signals.length;
        for (uint256 i; i < n; ++i) {
            if (_sampleDue(_signals[i])) return (true, abi.encode(SAMPLE, address(_signals[i])));
        }
        return (false, "");
    }

    /// @notice Does the chore in `performData` if it is still due; reverts `NotDue` otherwise.
    /// @param performData abi.encode(uint8 chore, address target) from `checkUpkeep`.
    function performUpkeep(bytes calldata performData) external {
        (uint8 chore, address target) = abi.decode(performData, (uint8, address));
        if (chore == VE_CHECKPOINT) {
            if (target != address(ve)) revert UnknownChore(chore, target);
            if (!_veDue()) revert NotDue(chore, target);
            ve.checkpoint();
        } else if (chore == CLOSE_WEEKS) {
            (bool registered, , ) = distributor.tokenInfo(target);
            if (!registered) revert UnknownChore(chore, target);
            if (!_weeksDue(target)) revert NotDue(chore, target);
            distributor.checkpointToken(target);
        } else if (chore == SAMPLE) {
            TrendSignal signal = _signal(target);
            if (!_sampleDue(signal)) revert NotDue(chore, target);
            signal.sample();
        } else {
            revert UnknownChore(chore, target);
        }
        emit ChorePerformed(chore, target);
    }

    /// @dev Start of the current week.
    function _week() internal view returns (uint256) {
        return (block.timestamp / WEEK) * WEEK;
    }

    function _veDue() internal view returns (bool) {
        return ve.lastGlobalCheckpoint() < _week();
    }

    function _weeksDue(address token) internal view returns (bool) {
        (, , uint256 finalizedUntil) = distributor.tokenInfo(token);
        return finalizedUntil < _week();
    }

    /// @dev The rule may sample this week and its feed answers (a stale feed makes `sample` revert: not due then).
    function _sampleDue(TrendSignal signal) internal view returns (bool) {
        (, bool canSample) = signal.lastSampledWeek();
        if (!canSample) return false;
        try signal.latestPrice() returns (uint256) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev `target` as one of the sampled rules; reverts `UnknownChore` for any other address.
    function _signal(address target) internal view returns (TrendSignal) {
        uint256 n = _signals.length;
        for (uint256 i; i < n; ++i) {
            if (address(_signals[i]) == target) return _signals[i];
        }
        revert UnknownChore(SAMPLE, target);
    }
}
