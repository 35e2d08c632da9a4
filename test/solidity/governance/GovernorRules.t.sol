// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {TMAIGovernor} from "../../../contracts/governance/TMAIGovernor.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {Proposals} from "../utils/Proposals.sol";

/// @dev A minimal ERC-1271 contract wallet: its owner's ECDSA signature is the wallet's signature.
contract OwnedWallet is IERC1271 {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function exec(address target, bytes calldata data) external {
        require(msg.sender == owner, "not owner");
        (bool ok, ) = target.call(data);
        require(ok, "call failed");
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, , ) = ECDSA.tryRecover(hash, signature);
        return signer == owner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}

/// @dev Snapshot rules, threshold, guardian bootstrap, signatures and settings, with the governor itself as target.
contract GovernorRulesTest is GovernanceFixture {
    string internal constant DESC = "Voting delay to 2 days";
    bytes internal delayCall = abi.encodeWithSignature("setVotingDelay(uint48)", 2 days);

    function setUp() public override {
        super.setUp();
        vm.pauseGasMetering();
        _lock(alice, 1_000_000e18, 52);
        _lock(bob, 600_000e18, 52);
        _lock(carol, 9_000e18, 52); // below the 10,000 veTMAI threshold
        vm.warp(block.timestamp + 2);
        vm.resumeGasMetering();
    }

    function _proposeDelay() internal returns (uint256) {
        return _propose(alice, address(gov), delayCall, DESC);
    }

    // ------------------------------------------------------------- settings

    function test_defaults() public view {
        assertEq(gov.votingDelay(), gov.DEFAULT_VOTING_DELAY());
        assertEq(gov.votingPeriod(), gov.DEFAULT_VOTING_PERIOD());
        assertEq(gov.proposalThreshold(), gov.DEFAULT_PROPOSAL_THRESHOLD());
        assertEq(gov.quorumNumerator(), gov.DEFAULT_QUORUM_NUMERATOR());
        assertEq(gov.lateQuorumVoteExtension(), gov.DEFAULT_LATE_QUORUM_EXTENSION());
        assertEq(timelock.getMinDelay(), gov.DEFAULT_TIMELOCK_DELAY());
        assertEq(gov.timelock(), address(timelock));
        assertEq(gov.CLOCK_MODE(), "mode=timestamp");
        assertEq(gov.proposalGuardian(), guardian);
        assertTrue(gov.guardianActive());
    }

    function test_settings_onlyGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        gov.setVotingDelay(2 days);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        gov.setProposalThreshold(0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        gov.updateQuorumNumerator(1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        gov.setProposalGuardian(alice);
        // Even the timelock (the executor) passes only for a call that is part of the proposal being executed.
        vm.prank(address(timelock));
        vm.expectRevert();
        gov.setVotingDelay(3 days);

        uint256 id = _proposeDelay();
        _toVoting(id);
        _vote(alice, id, 1);
        _toEnd(id);
        _queue(address(gov), delayCall, DESC);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        _execute(address(gov), delayCall, DESC);
        assertEq(gov.votingDelay(), 2 days);
    }

    // ------------------------------------------------------------- snapshot

    function test_flashLock_inSnapshotSecondOrLater_hasNoWeight() public {
        uint256 id = _proposeDelay();
        uint256 snapshot = gov.proposalSnapshot(id);
        vm.warp(snapshot);
        _lock(erin, 5_000_000e18, 52); // in the snapshot's own second
        vm.warp(snapshot + 1);
        address frank = makeAddr("frank");
        _lock(frank, 5_000_000e18, 52); // after the snapshot
        assertEq(_vote(erin, id, 0), 0);
        assertEq(_vote(frank, id, 0), 0);
        assertGt(ve.getVotes(erin), 0);
        assertEq(_vote(alice, id, 1), ve.getPastVotes(alice, snapshot));
        (uint256 against, , ) = gov.proposalVotes(id);
        assertEq(against, 0);
        _toEnd(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Succeeded));
    }

    function test_delegationAfterSnapshot_doesNotMoveWeight() public {
        uint256 id = _proposeDelay();
        _toVoting(id);
        vm.prank(bob);
        ve.delegate(erin);
        assertEq(_vote(erin, id, 0), 0);
        assertGt(_vote(bob, id, 0), 0);
    }

    function test_doubleVote_reverts() public {
        uint256 id = _proposeDelay();
        _toVoting(id);
        _vote(alice, id, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, alice));
        _vote(alice, id, 0);
    }

    function test_lateQuorum_extendsDeadline() public {
        uint256 id = _proposeDelay();
        uint256 deadline = gov.proposalDeadline(id);
        vm.warp(deadline - 1 hours);
        vm.expectEmit(address(gov));
        emit GovernorPreventLateQuorum.ProposalExtended(id, uint64(block.timestamp + 2 days));
        _vote(alice, id, 1);
        assertEq(gov.proposalDeadline(id), block.timestamp + 2 days);
        vm.warp(deadline + 1);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Active));
    }

    // ------------------------------------------------------------- threshold

    function test_proposalThreshold_enforced() public {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        uint256 votes = ve.getPastVotes(carol, block.timestamp - 1);
        assertLt(votes, gov.proposalThreshold());
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, carol, votes, 10_000e18)
        );
        vm.prank(carol);
        gov.propose(t, v, c, DESC);
        // Delegated power counts: Bob delegates to Carol, who can propose two seconds later.
        vm.prank(bob);
        ve.delegate(carol);
        vm.warp(block.timestamp + 2);
        vm.prank(carol);
        gov.propose(t, v, c, DESC);
    }

    // ------------------------------------------------------------- guardian

    function test_guardian_cancelsDuringBootstrap() public {
        uint256 id = _proposeDelay();
        _toVoting(id);
        _vote(alice, id, 1);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id, bob));
        vm.prank(bob);
        gov.cancel(t, v, c, keccak256(bytes(DESC)));

        _toEnd(id);
        _queue(address(gov), delayCall, DESC);
        vm.prank(guardian);
        gov.cancel(t, v, c, keccak256(bytes(DESC))); // even once queued: the timelock operation goes too
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Canceled));
        bytes32 salt = bytes20(address(gov)) ^ keccak256(bytes(DESC));
        assertFalse(timelock.isOperation(timelock.hashOperationBatch(t, v, c, 0, salt)));
    }

    function test_guardian_cannotCancelAfterBootstrap() public {
        vm.warp(START + BOOTSTRAP);
        assertFalse(gov.guardianActive());
        uint256 id = _proposeDelay();
        _toVoting(id);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        vm.expectRevert(abi.encodeWithSelector(TMAIGovernor.GuardianBootstrapOver.selector, START + BOOTSTRAP));
        vm.prank(guardian);
        gov.cancel(t, v, c, keccak256(bytes(DESC)));
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Active));
    }

    function test_proposer_cancelsOwnPendingProposal() public {
        uint256 id = _proposeDelay();
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        vm.prank(alice);
        gov.cancel(t, v, c, keccak256(bytes(DESC)));
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Canceled));
    }

    /// @dev While a guardian is set, a proposer cancels its own proposal only while it is pending: not during the
    ///      vote, not once it passed or is queued (OpenZeppelin's Governor rule).
    function test_guardianSet_proposerCannotCancelOnceVotingStarted() public {
        uint256 id = _proposeDelay();
        _assertProposerCannotCancelAfterPending(id, address(gov), delayCall, DESC);
        assertEq(gov.votingDelay(), 2 days);
    }

    /// @dev The DAO retires the guardian (sets it to zero). OpenZeppelin's GovernorProposalGuardian would then let
    ///      every proposer cancel its own proposal in any state, i.e. veto a vote it lost or a passed, queued
    ///      decision; TMAIGovernor keeps the Governor's rule instead: only while pending.
    function test_guardianRetired_proposerCannotCancelOnceVotingStarted() public {
        bytes memory retire = abi.encodeCall(gov.setProposalGuardian, (address(0)));
        string memory retireDesc = "Retire the guardian";
        uint256 retireId = _propose(alice, address(gov), retire, retireDesc);
        _toVoting(retireId);
        _vote(alice, retireId, 1);
        _toEnd(retireId);
        _queue(address(gov), retire, retireDesc);
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        _execute(address(gov), retire, retireDesc);
        assertEq(gov.proposalGuardian(), address(0));
        assertFalse(gov.guardianActive());

        // A pending proposal can still be withdrawn by its proposer.
        string memory withdrawn = "Voting delay to 2 days (withdrawn)";
        uint256 pendingId = _propose(alice, address(gov), delayCall, withdrawn);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        vm.prank(alice);
        gov.cancel(t, v, c, keccak256(bytes(withdrawn)));
        assertEq(uint256(_state(pendingId)), uint256(IGovernor.ProposalState.Canceled));

        // Once the vote started, neither the proposer nor the former guardian can cancel it.
        uint256 id = _proposeDelay();
        _toVoting(id);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id, guardian));
        vm.prank(guardian);
        gov.cancel(t, v, c, keccak256(bytes(DESC)));
        _assertProposerCannotCancelAfterPending(id, address(gov), delayCall, DESC);
        assertEq(gov.votingDelay(), 2 days);
    }

    /// @dev A defeated proposal stays defeated: its proposer cannot turn the record into `Canceled` either.
    function test_guardianRetired_proposerCannotCancelDefeated() public {
        bytes memory retire = abi.encodeCall(gov.setProposalGuardian, (address(0)));
        uint256 retireId = _propose(alice, address(gov), retire, "Retire the guardian");
        _toVoting(retireId);
        _vote(alice, retireId, 1);
        _toEnd(retireId);
        _queue(address(gov), retire, "Retire the guardian");
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        _execute(address(gov), retire, "Retire the guardian");

        uint256 id = _propose(bob, address(gov), delayCall, DESC);
        _toVoting(id);
        _vote(alice, id, 0);
        _toEnd(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Defeated));
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id, bob));
        vm.prank(bob);
        gov.cancel(t, v, c, keccak256(bytes(DESC)));
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Defeated));
    }

    // ------------------------------------------------------------- reason and signatures

    function test_castVoteWithReason_emitsReason() public {
        uint256 id = _proposeDelay();
        _toVoting(id);
        uint256 weight = ve.getPastVotes(bob, gov.proposalSnapshot(id));
        vm.expectEmit(address(gov));
        emit IGovernor.VoteCast(bob, id, 0, weight, "too slow");
        vm.prank(bob);
        gov.castVoteWithReason(id, 0, "too slow");
    }

    function _ballotDigest(uint256 id, uint8 support, address voter) internal view returns (bytes32) {
        (, string memory name, string memory version, uint256 chainId, address verifying, , ) = gov.eip712Domain();
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifying
            )
        );
        bytes32 structHash = keccak256(abi.encode(gov.BALLOT_TYPEHASH(), id, support, voter, gov.nonces(voter)));
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function test_castVoteBySig_eoa() public {
        (address signer, uint256 key) = makeAddrAndKey("signer");
        _lock(signer, 50_000e18, 52);
        vm.warp(block.timestamp + 2);
        uint256 id = _proposeDelay();
        _toVoting(id);
        bytes memory sig = _sig(key, _ballotDigest(id, 1, signer));
        vm.prank(carol); // anyone relays
        uint256 g = gasleft();
        uint256 weight = gov.castVoteBySig(id, 1, signer, sig);
        console.log("gas castVoteBySig (EOA)", g - gasleft());
        assertEq(weight, ve.getPastVotes(signer, gov.proposalSnapshot(id)));
        assertTrue(gov.hasVoted(id, signer));
        assertEq(gov.nonces(signer), 1);
        // Replay fails: the nonce moved, so the signature no longer matches.
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, signer));
        gov.castVoteBySig(id, 1, signer, sig);
    }

    function test_castVoteBySig_wrongSigner_reverts() public {
        (address signer, ) = makeAddrAndKey("signer");
        (, uint256 otherKey) = makeAddrAndKey("other");
        uint256 id = _proposeDelay();
        _toVoting(id);
        bytes memory sig = _sig(otherKey, _ballotDigest(id, 1, signer));
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, signer));
        gov.castVoteBySig(id, 1, signer, sig);
    }

    function test_castVoteBySig_erc1271Wallet() public {
        (address owner, uint256 key) = makeAddrAndKey("walletOwner");
        OwnedWallet wallet = new OwnedWallet(owner);
        vm.prank(treasury);
        tmai.transfer(address(wallet), 50_000e18);
        vm.startPrank(owner);
        wallet.exec(address(tmai), abi.encodeCall(tmai.approve, (address(ve), 50_000e18)));
        wallet.exec(address(ve), abi.encodeCall(ve.createLock, (50_000e18, (block.timestamp / WEEK + 52) * WEEK)));
        vm.stopPrank();
        vm.warp(block.timestamp + 2);

        uint256 id = _proposeDelay();
        _toVoting(id);
        bytes memory sig = _sig(key, _ballotDigest(id, 0, address(wallet)));
        uint256 g = gasleft();
        uint256 weight = gov.castVoteBySig(id, 0, address(wallet), sig);
        console.log("gas castVoteBySig (ERC-1271)", g - gasleft());
        assertGt(weight, 0);
        assertEq(weight, ve.getPastVotes(address(wallet), gov.proposalSnapshot(id)));
        (uint256 against, , ) = gov.proposalVotes(id);
        assertEq(against, weight);
    }
}

/// @dev A governor deployed with no guardian at all (`Config.guardian` zero): proposers get no more cancel rights
///      than with one, i.e. their own proposal only while it is pending.
contract GovernorWithoutGuardianTest is GovernanceFixture {
    string internal constant DESC = "Voting delay to 2 days";
    bytes internal delayCall = abi.encodeWithSignature("setVotingDelay(uint48)", 2 days);

    function _initialGuardian() internal pure override returns (address) {
        return address(0);
    }

    function setUp() public override {
        super.setUp();
        vm.pauseGasMetering();
        _lock(alice, 1_000_000e18, 52);
        _lock(bob, 600_000e18, 52);
        vm.warp(block.timestamp + 2);
        vm.resumeGasMetering();
    }

    function test_noGuardian_proposerCancelsOnlyWhilePending() public {
        assertEq(gov.proposalGuardian(), address(0));
        assertFalse(gov.guardianActive());
        string memory withdrawn = "Voting delay to 2 days (withdrawn)";
        uint256 pendingId = _propose(bob, address(gov), delayCall, withdrawn);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(gov), delayCall);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, pendingId, alice));
        vm.prank(alice); // not the proposer
        gov.cancel(t, v, c, keccak256(bytes(withdrawn)));
        vm.prank(bob);
        gov.cancel(t, v, c, keccak256(bytes(withdrawn)));
        assertEq(uint256(_state(pendingId)), uint256(IGovernor.ProposalState.Canceled));

        uint256 id = _propose(bob, address(gov), delayCall, DESC);
        _assertProposerCannotCancelAfterPending(id, address(gov), delayCall, DESC);
        assertEq(gov.votingDelay(), 2 days);
    }
}
