// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {ProtocolFixture} from "../protocol/utils/ProtocolFixture.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IVeTMAI} from "../../../contracts/interfaces/IVeTMAI.sol";
import {Proposals} from "../utils/Proposals.sol";

/// @notice A6-A9: flash-loan governance, proposal front-running, dust locks and delegation griefing.
contract GovernanceAttacksTest is ProtocolFixture {
    address internal alice = makeAddr("alice"); // honest whale
    address internal attacker = makeAddr("attacker");
    address internal flash = makeAddr("flash"); // holds borrowed TMAI
    address internal erin = makeAddr("erin"); // a popular delegatee
    address internal dave = makeAddr("dave"); // a delegatee with one delegator
    string internal constant DESC = "Management fee 3 %";
    bytes internal feeCall = abi.encodeCall(IndexVault.setManagementFee, (0.03e18));

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        _lock(alice, 1_000_000e18, 52);
        _lock(attacker, 20_000e18, 52); // enough to propose, far from quorum
        vm.warp(block.timestamp + 2);
        vm.resumeGasMetering();
    }

    function _propose(address who, bytes memory data, string memory desc) internal returns (uint256) {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), data);
        vm.prank(who);
        return gov.propose(t, v, c, desc);
    }

    /// A6: TMAI borrowed and locked in the snapshot's second, or later, carries no vote on that proposal.
    function test_flashLoanLockAtOrAfterSnapshot_hasNoVotes() public {
        uint256 id = _propose(alice, feeCall, DESC);
        uint256 snapshot = gov.proposalSnapshot(id);
        vm.warp(snapshot);
        _lock(flash, 50_000_000e18, 52); // 50x alice
        vm.warp(snapshot + 1);
        assertGt(ve.getVotes(flash), 40_000_000e18, "power now");
        assertEq(ve.getPastVotes(flash, snapshot), 0, "none at the snapshot");
        vm.prank(flash);
        uint256 weight = gov.castVote(id, 0);
        assertEq(weight, 0);
        (uint256 against, , ) = gov.proposalVotes(id);
        assertEq(against, 0);
    }

    /// A6: a lock cannot be withdrawn in the block it was made (nor before its week-aligned end): a flash loan cannot
    ///     be repaid from it.
    function test_lockAndWithdrawInOneBlock_isImpossible() public {
        _lock(flash, 1_000e18, 1);
        (, uint256 end) = ve.locked(flash);
        assertGt(end, block.timestamp);
        vm.prank(flash);
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.LockNotExpired.selector, end));
        ve.withdraw();
    }

    /// A7: a proposal's id is the hash of its calls: nobody can queue or execute other calldata under it.
    function test_proposalCalldataIsBoundToItsId() public {
        uint256 id = _propose(alice, feeCall, DESC);
        bytes memory evil = abi.encodeCall(IndexVault.setFeeRecipient, (attacker));
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), evil);
        uint256 evilId = gov.hashProposal(t, v, c, keccak256(bytes(DESC)));
        assertTrue(evilId != id);
        vm.warp(gov.proposalSnapshot(id) + 1);
        vm.prank(alice);
        gov.castVote(id, 1);
        vm.warp(gov.proposalDeadline(id) + 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, evilId));
        gov.queue(t, v, c, keccak256(bytes(DESC)));
        (t, v, c) = Proposals.one(address(vault), feeCall);
        gov.queue(t, v, c, keccak256(bytes(DESC)));
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        gov.execute(t, v, c, keccak256(bytes(DESC)));
        assertEq(vault.fees().managementFee, 0.03e18);
        assertEq(vault.feeRecipient(), address(dist));
    }

    /// A7: a rival proposal (the opposite change, voted for by the attacker) does not stop the honest one from being
    ///     queued and executed; the rival is defeated on its own.
    function test_rivalProposalCannotBlockExecution() public {
        uint256 id = _propose(alice, feeCall, DESC);
        uint256 rival = _propose(attacker, abi.encodeCall(IndexVault.setManagementFee, (0.1e18)), "Fee 10 %");
        vm.warp(gov.proposalSnapshot(id) + 1);
        vm.prank(alice);
        gov.castVote(id, 1);
        vm.prank(alice);
        gov.castVote(rival, 0);
        vm.prank(attacker);
        gov.castVote(rival, 1);
        vm.prank(attacker);
        gov.castVote(id, 0);
        vm.warp(gov.proposalDeadline(id) + 1);
        assertEq(uint256(gov.state(rival)), uint256(IGovernor.ProposalState.Defeated));
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), feeCall);
        gov.queue(t, v, c, keccak256(bytes(DESC)));
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        gov.execute(t, v, c, keccak256(bytes(DESC)));
        assertEq(vault.fees().managementFee, 0.03e18);
    }

    /// A7: front-running a proposal with the same content (to own it and cancel it) fails when the description ends
    ///     with `#proposer=<address>`: only that address may submit it.
    function test_frontRunningAProposal_blockedByProposerSuffix() public {
        string memory desc = string.concat(DESC, "#proposer=", vm.toString(alice));
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), feeCall);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorRestrictedProposer.selector, attacker));
        gov.propose(t, v, c, desc);
        vm.prank(alice);
        uint256 id = gov.propose(t, v, c, desc);
        assertEq(gov.proposalProposer(id), alice);
    }

    /// A8: dust locks are refused (minimum 1 TMAI here; governance may raise it up to 100,000).
    function test_dustLock_belowMinimum_isRefused() public {
        vm.prank(treasury);
        tmai.transfer(flash, 1e18);
        vm.startPrank(flash);
        tmai.approve(address(ve), 1e18);
        uint256 end = (block.timestamp / WEEK + 52) * WEEK;
        vm.expectRevert(abi.encodeWithSelector(IVeTMAI.BelowMinimum.selector, 1e18 - 1, 1e18));
        ve.createLock(1e18 - 1, end);
        ve.createLock(1e18, end);
        vm.stopPrank();
    }

    /// A9: delegation is O(1): the gas of a delegation and of a vote does not grow with the delegatee's number of
    ///     delegators (60 here vs 1).
    function test_manyDelegators_delegationAndVoteGasDoNotGrow() public {
        vm.pauseGasMetering();
        _lock(makeAddr("d0"), 1e18, 30);
        _lock(makeAddr("d1"), 1e18, 30);
        vm.prank(makeAddr("d0"));
        ve.delegate(erin);
        vm.prank(makeAddr("d1"));
        ve.delegate(dave);
        vm.warp(block.timestamp + 1);
        _lock(makeAddr("first"), 1e18, 30);
        vm.resumeGasMetering();
        vm.prank(makeAddr("first"));
        uint256 g = gasleft();
        ve.delegate(erin); // erin has 1 delegator
        uint256 gasFirst = g - gasleft();

        vm.pauseGasMetering();
        for (uint256 i; i < 60; ++i) {
            address d = makeAddr(string.concat("griefer", vm.toString(i)));
            _lock(d, 1e18, 1 + (i % 52)); // every week a different slope change
            vm.prank(d);
            ve.delegate(erin);
        }
        vm.warp(block.timestamp + 1);
        _lock(makeAddr("last"), 1e18, 30);
        vm.resumeGasMetering();
        vm.prank(makeAddr("last"));
        g = gasleft();
        ve.delegate(erin); // erin has 62 delegators
        uint256 gasLast = g - gasleft();
        assertApproxEqRel(gasLast, gasFirst, 0.05e18, "delegation gas grew with delegators");
        assertLt(gasLast, 250_000);

        // Votes: erin (63 delegators) and dave (1) each cast the first vote of a proposal, for about the same gas.
        uint256 id1 = _propose(alice, feeCall, DESC);
        uint256 id2 = _propose(alice, feeCall, "Same change, second proposal");
        vm.warp(gov.proposalSnapshot(id1) + 1);
        vm.prank(dave);
        g = gasleft();
        gov.castVote(id2, 1);
        uint256 gasDave = g - gasleft();
        vm.prank(erin);
        g = gasleft();
        gov.castVote(id1, 1);
        uint256 gasErin = g - gasleft();
        assertApproxEqRel(gasErin, gasDave, 0.1e18, "vote gas grew with delegators");
        assertLt(gasErin, 200_000);
    }
}
