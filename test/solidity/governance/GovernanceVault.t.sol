// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {PriceOracle} from "../../../contracts/oracle/PriceOracle.sol";
import {IndexFactory} from "../../../contracts/index/IndexFactory.sol";
import {IndexVaultDeployer} from "../../../contracts/index/IndexVaultDeployer.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {Proposals} from "../utils/Proposals.sol";

/// @dev The full lifecycle on a real index vault, created by the factory with the timelock as its admin:
///      lock, propose a fee change, vote, quorum, queue, timelock delay, execute; and the failing paths.
contract GovernanceVaultTest is GovernanceFixture {
    string internal constant DESC = "Raise the management fee to 2 %";

    IndexVault internal vault;
    bytes internal feeCall = abi.encodeCall(IndexVault.setManagementFee, (0.02e18));

    function setUp() public override {
        super.setUp();
        vm.pauseGasMetering();
        PriceOracle oracle = new PriceOracle(admin);
        address deployer = _deploy("contracts/index/IndexVaultDeployer.sol:IndexVaultDeployer", "");
        IndexFactory factory = new IndexFactory(oracle, IndexVaultDeployer(deployer), admin, guardian, treasury);
        address[] memory assets = new address[](2);
        uint256[] memory units = new uint256[](2);
        for (uint256 i; i < 2; ++i) {
            MockERC20 token = new MockERC20("A", "A", 18);
            MockV3Aggregator feed = new MockV3Aggregator(8, 1e8);
            vm.prank(admin);
            oracle.setFeed(address(token), address(feed), 1 days, 1, type(uint128).max);
            assets[i] = address(token);
            units[i] = 1e18;
        }
        vm.startPrank(admin);
        factory.setVaultAdmin(address(timelock));
        IIndexVault.FeeParams memory fees = IIndexVault.FeeParams(0.01e18, 0.001e18, 0);
        vault = IndexVault(factory.createVault("Index", "IDX", assets, units, fees));
        vm.stopPrank();

        // Alice votes for herself (default), Bob delegates to Erin, Carol is small.
        _lock(alice, 1_000_000e18, 52);
        _lock(bob, 600_000e18, 52);
        _lock(carol, 20_000e18, 52);
        vm.prank(bob);
        ve.delegate(erin);
        // The proposer's power is read at clock() - 1, the opening of the previous second: a lock from second T
        // counts from T + 1, so it can propose from T + 2.
        vm.warp(block.timestamp + 2);
        vm.resumeGasMetering();
    }

    function _fee() internal view returns (uint256) {
        return vault.fees().managementFee;
    }

    function test_timelockIsTheVaultAdmin() public view {
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), address(timelock)));
        assertFalse(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), admin));
        assertEq(ve.delegates(alice), alice, "default self-delegation");
        assertEq(ve.getVotes(bob), 0);
        assertGt(ve.getVotes(erin), 0);
    }

    /// @dev Gas is measured with gasleft() deltas around the external call (not receipt gas: no 21,000 base cost,
    ///      no calldata cost, warm/cold access as seen from inside the test transaction).
    function test_lifecycle_changesVaultFee() public {
        uint256 g = gasleft();
        uint256 id = _propose(alice, address(vault), feeCall, DESC);
        console.log("gas propose", g - gasleft());
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Pending));
        uint256 snapshot = gov.proposalSnapshot(id);
        assertEq(snapshot, block.timestamp + 1 days);
        assertEq(gov.proposalDeadline(id), snapshot + 7 days);

        _toVoting(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Active));
        vm.prank(alice);
        g = gasleft();
        gov.castVote(id, 1);
        console.log("gas castVote", g - gasleft());
        vm.prank(erin);
        g = gasleft();
        gov.castVoteWithReason(id, 1, "fees fund the stakers");
        console.log("gas castVoteWithReason", g - gasleft());

        (uint256 against, uint256 forVotes, uint256 abstain) = gov.proposalVotes(id);
        assertEq(forVotes, ve.getPastVotes(alice, snapshot) + ve.getPastVotes(erin, snapshot));
        assertEq(against + abstain, 0);
        assertEq(gov.quorum(snapshot), (ve.getPastTotalSupply(snapshot) * 4) / 100);
        assertGe(forVotes, gov.quorum(snapshot));

        _toEnd(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Succeeded));
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), feeCall);
        g = gasleft();
        gov.queue(t, v, c, keccak256(bytes(DESC)));
        console.log("gas queue", g - gasleft());
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Queued));
        assertEq(gov.proposalEta(id), block.timestamp + TIMELOCK_DELAY);
        assertEq(_fee(), 0.01e18);

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        g = gasleft();
        gov.execute(t, v, c, keccak256(bytes(DESC)));
        console.log("gas execute", g - gasleft());
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Executed));
        assertEq(_fee(), 0.02e18);
    }

    function test_noQuorum_defeated() public {
        uint256 id = _propose(carol, address(vault), feeCall, DESC);
        _toVoting(id);
        _vote(carol, id, 1); // ~20k of ~1.62M veTMAI: below the 4 % quorum
        (, uint256 forVotes, ) = gov.proposalVotes(id);
        assertLt(forVotes, gov.quorum(gov.proposalSnapshot(id)));
        _toEnd(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Defeated));
        _expectQueueRevert(id, IGovernor.ProposalState.Defeated);
        _queue(address(vault), feeCall, DESC);
    }

    function test_abstainCountsForQuorumOnly() public {
        uint256 id = _propose(carol, address(vault), feeCall, DESC);
        _toVoting(id);
        _vote(carol, id, 1);
        _vote(alice, id, 2); // abstain: quorum reached, carol's for beats zero against
        _toEnd(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Succeeded));
    }

    function test_majorityAgainst_defeated() public {
        uint256 id = _propose(alice, address(vault), feeCall, DESC);
        _toVoting(id);
        _vote(erin, id, 1); // quorum reached by the for side alone
        _vote(alice, id, 0);
        _toEnd(id);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Defeated));
        assertEq(_fee(), 0.01e18);
    }

    function test_executeBeforeTimelockDelay_reverts() public {
        uint256 id = _propose(alice, address(vault), feeCall, DESC);
        _toVoting(id);
        _vote(alice, id, 1);
        _toEnd(id);
        _queue(address(vault), feeCall, DESC);

        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), feeCall);
        bytes32 salt = bytes20(address(gov)) ^ keccak256(bytes(DESC));
        bytes32 opId = timelock.hashOperationBatch(t, v, c, 0, salt);
        bytes32 readyBit = bytes32(1 << uint8(TimelockController.OperationState.Ready));
        vm.warp(block.timestamp + TIMELOCK_DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(TimelockController.TimelockUnexpectedOperationState.selector, opId, readyBit)
        );
        _execute(address(vault), feeCall, DESC);
        // Nobody can bypass the governor and execute on the timelock early either, nor call the vault directly.
        vm.expectRevert();
        vm.prank(alice);
        vault.setManagementFee(0.02e18);
        vm.warp(block.timestamp + 1);
        _execute(address(vault), feeCall, DESC);
        assertEq(_fee(), 0.02e18);
    }

    function test_voteAfterPeriod_reverts() public {
        uint256 id = _propose(alice, address(vault), feeCall, DESC);
        _toVoting(id);
        _vote(alice, id, 1);
        _toEnd(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Succeeded,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            )
        );
        _vote(erin, id, 0);
    }

    function test_voteBeforeSnapshot_reverts() public {
        uint256 id = _propose(alice, address(vault), feeCall, DESC);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Pending,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            )
        );
        _vote(alice, id, 1);
    }

    function _expectQueueRevert(uint256 id, IGovernor.ProposalState current) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                current,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
    }
}
