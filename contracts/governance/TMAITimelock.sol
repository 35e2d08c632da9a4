// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title TMAITimelock
/// @notice The OpenZeppelin `TimelockController` of the TMAI DAO, unchanged. It exists as a project contract only so
///         that the deploy scripts get its artifact and typed binding; it holds the protocol's admin roles and
///         executes the proposals passed by the `TMAIGovernor` (see docs/GOVERNANCE.md and docs/ROLES.md).
contract TMAITimelock is TimelockController {
    /// @param minDelay Minimum delay of an operation (seconds).
    /// @param proposers Accounts given PROPOSER_ROLE and CANCELLER_ROLE.
    /// @param executors Accounts given EXECUTOR_ROLE (`address(0)`: anyone may execute a ready operation).
    /// @param admin Optional bootstrap admin (zero for none); renounce it once the roles are wired.
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
