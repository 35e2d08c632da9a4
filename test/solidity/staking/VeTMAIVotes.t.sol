// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TMAI} from "../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../contracts/staking/VeTMAI.sol";

/// @dev A plain OpenZeppelin Governor on veTMAI: 1 day delay, 1 week voting, 4 % quorum, timestamp clock.
contract VeGovernor is Governor, GovernorSettings, GovernorCountingSimple, GovernorVotes, GovernorVotesQuorumFraction {
    constructor(
        IVotes token_
    ) Governor("TMAI DAO") GovernorSettings(1 days, 1 weeks, 0) GovernorVotes(token_) GovernorVotesQuorumFraction(4) {}

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }
}

/// @dev Target of the test proposal.
contract Box {
    uint256 public value;

    function set(uint256 v) external {
        value = v;
    }
}

/// @dev Delegation, signatures and OpenZeppelin Governor compatibility. Deploys only TMAI and veTMAI to keep the
///      test contract small.
contract VeTMAIVotesTest is Test {
    uint256 internal constant WEEK = 1 weeks;
    uint256 internal constant MAXTIME = 52 weeks;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    TMAI internal tmai;
    VeTMAI internal ve;

    function setUp() public {
        vm.warp(2811 * WEEK + 12 hours);
        tmai = new TMAI(treasury);
        ve = new VeTMAI(address(tmai), admin, address(0), 1e18, [uint256(1), 2, 3, 4]);
    }

    function _lock(address who, uint256 amount, uint256 weeks_) internal returns (uint256 end) {
        vm.prank(treasury);
        tmai.transfer(who, amount);
        end = (block.timestamp / WEEK) * WEEK + weeks_ * WEEK;
        vm.startPrank(who);
        tmai.approve(address(ve), amount);
        ve.createLock(amount, end);
        vm.stopPrank();
    }

    function _score(uint256 amount, uint256 end, uint256 t) internal pure returns (uint256) {
        return end > t ? (amount * (end - t)) / MAXTIME : 0;
    }

    // ------------------------------------------------------------- delegate

    function test_delegate_movesPowerAndBack() public {
        uint256 endA = _lock(alice, 100e18, 20);
        uint256 endB = _lock(bob, 50e18, 10);
        uint256 total = ve.totalSupply();

        vm.expectEmit(address(ve));
        emit IVotes.DelegateChanged(alice, alice, bob);
        vm.prank(alice);
        ve.delegate(bob);
        assertEq(ve.delegates(alice), bob);
        assertEq(ve.getVotes(alice), 0);
        assertEq(ve.scaledVotesAt(bob, block.timestamp + 1) / MAXTIME, ve.totalSupplyAt(block.timestamp + 1));
        assertEq(ve.totalSupply(), total, "delegation conserves power");
        // Revenue weight stays with the owner.
        assertEq(ve.balanceOf(alice), _score(100e18, endA, block.timestamp));

        // Bob's lock expires first; Alice's delegated part keeps decaying on Bob's own schedule.
        vm.warp(endB + 1 days);
        assertEq(ve.getVotes(bob), _score(100e18, endA, block.timestamp));

        vm.prank(alice);
        ve.delegate(address(0)); // back to self
        assertEq(ve.delegates(alice), alice);
        assertEq(ve.getVotes(bob), 0);
        assertEq(ve.getVotes(alice), _score(100e18, endA, block.timestamp));
        vm.warp(endA);
        assertEq(ve.getVotes(alice) + ve.getVotes(bob) + ve.totalSupply(), 0);
    }

    function test_delegate_followsLockChanges() public {
        uint256 end = _lock(alice, 52e18, 10);
        vm.prank(alice);
        ve.delegate(bob);
        vm.prank(treasury);
        tmai.transfer(alice, 52e18);
        vm.startPrank(alice);
        tmai.approve(address(ve), 52e18);
        ve.increaseAmount(52e18);
        ve.increaseUnlockTime(end + 10 * WEEK);
        vm.stopPrank();
        assertEq(ve.getVotes(bob), _score(104e18, end + 10 * WEEK, block.timestamp));
        assertEq(ve.voteSlopeChanges(bob, end), 0);
        assertEq(ve.voteSlopeChanges(bob, end + 10 * WEEK), 104e18);
        vm.warp(end + 1);
        assertEq(ve.getVotes(bob), _score(104e18, end + 10 * WEEK, block.timestamp));
    }

    function test_delegate_expiredLockMovesNothing() public {
        uint256 end = _lock(alice, 10e18, 2);
        vm.warp(end + 1);
        vm.prank(alice);
        ve.delegate(bob);
        assertEq(ve.delegates(alice), bob);
        assertEq(ve.getVotes(bob), 0);
        assertEq(ve.votePointCount(bob), 0);
        vm.prank(alice);
        ve.withdraw(); // still possible
    }

    function test_delegate_isConstantCost() public {
        for (uint256 i; i < 40; ++i) {
            address d = makeAddr(string(abi.encode("delegator", i)));
            _lock(d, 10e18, 1 + (i % 52));
            vm.prank(d);
            ve.delegate(bob);
        }
        vm.warp(block.timestamp + 3 days);
        _lock(alice, 10e18, 30);
        vm.prank(alice);
        uint256 g = gasleft();
        ve.delegate(bob);
        uint256 used = g - gasleft();
        assertLt(used, 120_000, "delegation never loops over delegators");
        assertEq(ve.getVotes(alice), 0);
    }

    function test_getPastVotes_exactAcrossRedelegations() public {
        uint256 end = _lock(alice, 52e18, 30);
        uint256 t1 = block.timestamp;
        vm.warp(t1 + 1 weeks);
        vm.prank(alice);
        ve.delegate(bob);
        uint256 t2 = block.timestamp;
        vm.warp(t2 + 2 weeks);
        vm.prank(alice);
        ve.delegate(carol);
        uint256 t3 = block.timestamp;
        vm.warp(t3 + 1 weeks);

        assertEq(ve.getPastVotes(alice, t1), 0);
        assertEq(ve.getPastVotes(alice, t2), _score(52e18, end, t2), "moved away only after t2");
        assertEq(ve.getPastVotes(bob, t2), 0);
        assertEq(ve.getPastVotes(bob, t2 + 1), _score(52e18, end, t2 + 1));
        assertEq(ve.getPastVotes(bob, t3 + 1), 0);
        assertEq(ve.getPastVotes(carol, t3 + 1), _score(52e18, end, t3 + 1));
        assertEq(ve.getPastTotalSupply(t3 + 1), _score(52e18, end, t3 + 1));
    }

    // ------------------------------------------------------------- delegateBySig

    function _sign(
        uint256 key,
        address delegatee,
        uint256 nonce,
        uint256 expiry
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Vote-escrowed TMAI"),
                keccak256("1"),
                block.chainid,
                address(ve)
            )
        );
        bytes32 structHash = keccak256(abi.encode(ve.DELEGATION_TYPEHASH(), delegatee, nonce, expiry));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
    }

    function test_delegateBySig_delegatesOnce() public {
        (address signer, uint256 key) = makeAddrAndKey("signer");
        _lock(signer, 10e18, 5);
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, bob, 0, expiry);
        vm.prank(carol); // anyone can relay
        ve.delegateBySig(bob, 0, expiry, v, r, s);
        assertEq(ve.delegates(signer), bob);
        assertEq(ve.nonces(signer), 1);
        assertEq(ve.getVotes(bob), ve.balanceOf(signer));

        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, signer, 1));
        ve.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function test_delegateBySig_revertsExpired() public {
        (, uint256 key) = makeAddrAndKey("signer");
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, bob, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        ve.delegateBySig(bob, 0, expiry, v, r, s);
    }

    // ------------------------------------------------------------- Governor

    function test_governor_proposeVoteSucceedExecute() public {
        VeGovernor gov = new VeGovernor(IVotes(address(ve)));
        assertEq(gov.clock(), block.timestamp);
        assertEq(gov.CLOCK_MODE(), "mode=timestamp");
        _lock(alice, 1_000e18, 52);
        _lock(bob, 100e18, 52);
        vm.warp(block.timestamp + 1);

        Box box = new Box();
        address[] memory targets = new address[](1);
        targets[0] = address(box);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calls = new bytes[](1);
        calls[0] = abi.encodeCall(Box.set, (42));
        vm.prank(alice);
        uint256 id = gov.propose(targets, values, calls, "Set the box to 42");
        uint256 snapshot = gov.proposalSnapshot(id);
        assertEq(snapshot, block.timestamp + 1 days);

        // Carol locks in the very second of the snapshot: that power does not count.
        vm.warp(snapshot);
        _lock(carol, 5_000e18, 52);
        vm.warp(snapshot + 1);
        assertEq(uint256(gov.state(id)), uint256(IGovernor.ProposalState.Active));

        vm.prank(alice);
        gov.castVote(id, 1); // for
        vm.prank(bob);
        gov.castVote(id, 0); // against
        vm.prank(carol);
        uint256 carolWeight = gov.castVote(id, 0);
        assertEq(carolWeight, 0);
        (uint256 against, uint256 forVotes, ) = gov.proposalVotes(id);
        assertEq(forVotes, ve.getPastVotes(alice, snapshot));
        assertEq(against, ve.getPastVotes(bob, snapshot));
        assertGt(forVotes, gov.quorum(snapshot));

        vm.warp(gov.proposalDeadline(id) + 1);
        assertEq(uint256(gov.state(id)), uint256(IGovernor.ProposalState.Succeeded));
        gov.execute(targets, values, calls, keccak256("Set the box to 42"));
        assertEq(box.value(), 42);
    }
}
