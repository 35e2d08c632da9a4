// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
// solhint-disable-next-line max-line-length
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";

/// @title TMAIGovernor
/// @notice The TMAI DAO: veTMAI holders (or their delegatees) propose and vote; passed proposals are queued in and
///         executed by an OpenZeppelin `TimelockController`, which holds the protocol's admin roles.
/// @dev OpenZeppelin Governor 5.7 with:
///      - `GovernorSettings`: voting delay, voting period, proposal threshold (changed only by governance);
///      - `GovernorCountingSimple`: against / for / abstain, quorum counts for + abstain;
///      - `GovernorVotes`: veTMAI (ERC-5805, timestamp clock: every duration below is in seconds); a past lookup
///        returns the state at the opening of second `t`, so power acquired in the snapshot's second does not vote;
///      - `GovernorVotesQuorumFraction`: quorum = fraction of veTMAI `getPastTotalSupply(snapshot)`;
///      - `GovernorTimelockControl`: the timelock executes; the governor needs its PROPOSER and CANCELLER roles;
///      - `GovernorPreventLateQuorum`: a vote that reaches quorum leaves at least `lateQuorumVoteExtension` to vote;
///      - `GovernorProposalGuardian`: a guardian may cancel any proposal, but only before `bootstrapEnd`; without a
///        guardian, proposers keep the Governor's rule (their own proposal, only while pending).
///      Recommended values (see docs/GOVERNANCE.md and the DEFAULT_* constants): voting delay 1 day, voting period
///      7 days, proposal threshold 10,000 veTMAI, quorum 4 %, late-quorum extension 2 days, timelock delay 48 hours.
contract TMAIGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorPreventLateQuorum,
    GovernorProposalGuardian
{
    /// @notice Recommended delay between a proposal and its snapshot (seconds).
    uint48 public constant DEFAULT_VOTING_DELAY = 1 days;
    /// @notice Recommended voting period (seconds).
    uint32 public constant DEFAULT_VOTING_PERIOD = 7 days;
    /// @notice Recommended proposal threshold: 10,000 veTMAI (0.001 % of the 1B TMAI supply locked for 52 weeks).
    uint256 public constant DEFAULT_PROPOSAL_THRESHOLD = 10_000e18;
    /// @notice Recommended quorum numerator, out of `quorumDenominator()` (100): 4 %.
    uint256 public constant DEFAULT_QUORUM_NUMERATOR = 4;
    /// @notice Recommended minimum voting time left after quorum is reached (seconds).
    uint48 public constant DEFAULT_LATE_QUORUM_EXTENSION = 2 days;
    /// @notice Recommended `TimelockController` minimum delay on real networks (seconds).
    uint256 public constant DEFAULT_TIMELOCK_DELAY = 48 hours;

    /// @notice Construction parameters (durations in seconds, amounts in veTMAI wei).
    struct Config {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumNumerator;
        uint48 lateQuorumExtension;
        address guardian;
        uint48 bootstrapEnd;
    }

    /// @notice Timestamp from which the guardian can no longer cancel proposals.
    uint48 public immutable bootstrapEnd;

    /// @notice The guardian tried to cancel at or after `bootstrapEnd`.
    error GuardianBootstrapOver(uint256 bootstrapEnd);

    /// @param token veTMAI (ERC-5805 votes, timestamp clock).
    /// @param timelock The `TimelockController` that executes proposals and holds the protocol's admin roles.
    /// @param cfg Settings, guardian (zero for none) and the end of the guardian's bootstrap period.
    constructor(
        IVotes token,
        TimelockController timelock,
        Config memory cfg
    )
        Governor("TMAI DAO")
        GovernorSettings(cfg.votingDelay, cfg.votingPeriod, cfg.proposalThreshold)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(cfg.quorumNumerator)
        GovernorTimelockControl(timelock)
        GovernorPreventLateQuorum(cfg.lateQuorumExtension)
    {
        bootstrapEnd = cfg.bootstrapEnd;
        _setProposalGuardian(cfg.guardian);
    }

    /// @notice Whether the guardian can still cancel proposals.
    function guardianActive() public view returns (bool) {
        return proposalGuardian() != address(0) && clock() < bootstrapEnd;
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function proposalDeadline(
        uint256 proposalId
    ) public view override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    /// @dev Late-quorum protection on every tally change.
    function _tallyUpdated(uint256 proposalId) internal override(Governor, GovernorPreventLateQuorum) {
        super._tallyUpdated(proposalId);
    }

    /// @dev Who may cancel. The guardian (when set): any proposal before `bootstrapEnd`; from then on it has only the
    ///      rights of any other account and otherwise gets `GuardianBootstrapOver`. Everyone else, guardian set or
    ///      not: the Governor's rule, a proposer its own proposal while it is pending. OpenZeppelin's
    ///      `GovernorProposalGuardian` would let every proposer cancel its own proposal in any state once the
    ///      guardian is zero (at construction or set by governance), i.e. veto a passed or queued decision of the
    ///      DAO; that branch is deliberately not inherited.
    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorProposalGuardian) returns (bool) {
        address guardian = proposalGuardian();
        if (guardian != address(0) && caller == guardian) {
            if (clock() < bootstrapEnd || Governor._validateCancel(proposalId, caller)) return true;
            revert GuardianBootstrapOver(bootstrapEnd);
        }
        return Governor._validateCancel(proposalId, caller);
    }

    /// @dev Queues the operations in the timelock.
    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev Executes the operations through the timelock.
    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev Cancels the proposal and its timelock operation, if queued.
    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    /// @dev The timelock is the executor: `onlyGovernance` functions must be called by it.
    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
