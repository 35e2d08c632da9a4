// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
// solhint-disable-next-line max-line-length
import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {IRebalancer} from "../interfaces/IRebalancer.sol";
import {IRegimeSignal} from "../interfaces/IRegimeSignal.sol";

/// @title RebalanceUpkeep
/// @notice Chainlink Automation upkeep: pokes on-chain regime sources whose signal changed, applies due regime
///         switches at once and opens each vault's rebalance when its period has passed or its target changed.
///         `performUpkeep` re-checks everything and is a no-op when nothing is due, so it is idempotent and safe for
///         anyone to call.
contract RebalanceUpkeep is AutomationCompatibleInterface, AccessControl {
    /// @notice Most vaults one upkeep serves (bounds `checkUpkeep`).
    uint256 public constant MAX_VAULTS = 20;

    uint8 internal constant NONE = 0;
    uint8 internal constant APPLY_REGIME = 1;
    uint8 internal constant START = 2;
    uint8 internal constant POKE_REGIME = 3;

    /// @dev Schedule of one vault.
    struct Schedule {
        uint32 period;
        uint64 lastRun;
        bytes32 lastKey;
    }

    /// @notice The rebalancer driven.
    IRebalancer public immutable rebalancer;

    address[] internal _vaults;
    mapping(address vault => Schedule) internal _schedule;

    error InvalidPeriod();
    error TooManyVaults();
    error UnknownVault(address vault);
    /// @notice `startRebalance` failed without a reason: it ran out of gas (the caller picked too low a gas limit).
    ///         Nothing is recorded; call again with more gas.
    error StartOutOfGas(address vault);

    event VaultScheduled(address indexed vault, uint256 period);
    event VaultUnscheduled(address indexed vault);
    event UpkeepPerformed(address indexed vault, uint8 action, bool started);

    /// @param rebalancer_ The rebalancer.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE.
    constructor(IRebalancer rebalancer_, address admin) {
        rebalancer = rebalancer_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Adds `vault` or changes its rebalance period (admin).
    /// @param vault The index vault.
    /// @param period Seconds between scheduled rebalances (e.g. 7 days), at least one hour.
    function scheduleVault(address vault, uint32 period) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (period < 1 hours) revert InvalidPeriod();
        if (_schedule[vault].period == 0) {
            if (_vaults.length >= MAX_VAULTS) revert TooManyVaults();
            _vaults.push(vault);
        }
        _schedule[vault].period = period;
        emit VaultScheduled(vault, period);
    }

    /// @notice Removes `vault` from the upkeep (admin).
    /// @param vault The index vault.
    function unscheduleVault(address vault) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_schedule[vault].period == 0) revert UnknownVault(vault);
        delete _schedule[vault];
        uint256 n = _vaults.length;
        for (uint256 i; i < n; ++i) {
            if (_vaults[i] == vault) {
                _vaults[i] = _vaults[n - 1];
                _vaults.pop();
                break;
            }
        }
        emit VaultUnscheduled(vault);
    }

    /// @notice Vaults served.
    function vaults() external view returns (address[] memory) {
        return _vaults;
    }

    /// @notice Schedule of `vault`: period, last run, and the target key last attempted.
    function schedule(address vault) external view returns (Schedule memory) {
        return _schedule[vault];
    }

    /// @notice Returns the first vault with something due, encoded as performData (vault, action).
    /// @return upkeepNeeded Whether any vault has something due.
    /// @return performData abi.encode(vault, action).
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        uint256 n = _vaults.length;
        for (uint256 i; i < n; ++i) {
            uint8 action = _due(_vaults[i]);
            if (action != NONE) return (true, abi.encode(_vaults[i], action));
        }
        return (false, "");
    }

    /// @notice Performs what is due for the vault in `performData`; re-checks it (the action passed is ignored).
    /// @param performData abi.encode(vault, action) from `checkUpkeep`.
    function performUpkeep(bytes calldata performData) external {
        (address vault, ) = abi.decode(performData, (address, uint8));
        uint8 action = _due(vault);
        if (action == APPLY_REGIME) {
            rebalancer.applyRegime(vault);
            emit UpkeepPerformed(vault, action, false);
        } else if (action == POKE_REGIME) {
            rebalancer.pokeRegime(vault);
            emit UpkeepPerformed(vault, action, false);
        } else if (action == START) {
            Schedule storage s = _schedule[vault];
            s.lastRun = uint64(block.timestamp);
            s.lastKey = rebalancer.currentTargetKey(vault);
            bool started;
            // A start that fails with a reason (nothing to rebalance, oracle down) is not retried before the next
            // period. One that fails without any (out of gas: anyone may call this with a gas limit of their choice,
            // and the start's calls never catch errors, so only running out of gas reverts without data) reverts
            // the whole upkeep, so that the run is not recorded and the start stays due.
            try rebalancer.startRebalance(vault) {
                started = true;
            } catch (bytes memory reason) {
                if (reason.length == 0) revert StartOutOfGas(vault);
            }
            emit UpkeepPerformed(vault, action, started);
        }
    }

    /// @dev What is due for `vault` now.
    function _due(address vault) internal view returns (uint8) {
        Schedule memory s = _schedule[vault];
        if (s.period == 0) return NONE;
        IRegimeSignal source = rebalancer.regimeSource(vault);
        if (address(source) == address(0)) {
            if (rebalancer.regimeDue(vault)) return APPLY_REGIME;
        } else {
            (IRebalancer.Regime current, , bool hasPending, ) = rebalancer.regime(vault);
            // An unreadable source (not ready, feed down) makes no regime action due, so it never blocks others.
            try source.regime(current) returns (IRebalancer.Regime signal) {
                if (signal == current ? hasPending : !hasPending) return POKE_REGIME;
                if (rebalancer.regimeDue(vault)) return APPLY_REGIME;
            } catch {} // solhint-disable-line no-empty-blocks
        }
        if (!rebalancer.canStart(vault)) return NONE;
        if (block.timestamp >= uint256(s.lastRun) + s.period) return START;
        if (rebalancer.currentTargetKey(vault) != s.lastKey) return START;
        return NONE;
    }
}
