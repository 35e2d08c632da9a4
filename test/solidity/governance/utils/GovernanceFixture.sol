// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {TMAI} from "../../../../contracts/token/TMAI.sol";
import {VeTMAI} from "../../../../contracts/staking/VeTMAI.sol";
import {TMAIGovernor} from "../../../../contracts/governance/TMAIGovernor.sol";
import {Proposals} from "../../utils/Proposals.sol";

/// @dev TMAI, veTMAI, a TimelockController (48 h, the governor proposes and cancels, anyone executes, no admin) and
///      the TMAIGovernor with the recommended settings and a guardian for 90 days. Time starts on a Thursday + 12 h.
abstract contract GovernanceFixture is Test {
    uint256 internal constant WEEK = 1 weeks;
    uint256 internal constant START = 2811 * 1 weeks + 12 hours;
    uint256 internal constant BOOTSTRAP = 90 days;
    uint256 internal constant TIMELOCK_DELAY = 48 hours;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal guardian = makeAddr("guardian");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal erin = makeAddr("erin");

    TMAI internal tmai;
    VeTMAI internal ve;
    TimelockController internal timelock;
    TMAIGovernor internal gov;

    function setUp() public virtual {
        vm.pauseGasMetering();
        vm.warp(START);
        tmai = TMAI(_deploy("contracts/token/TMAI.sol:TMAI", abi.encode(treasury)));
        uint256[4] memory tiers = [uint256(100e18), 1_000e18, 10_000e18, 100_000e18];
        ve = VeTMAI(
            _deploy("contracts/staking/VeTMAI.sol:VeTMAI", abi.encode(address(tmai), admin, address(0), 1e18, tiers))
        );
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1); // address(0): anyone may execute a ready operation
        timelock = new TimelockController(TIMELOCK_DELAY, none, anyone, address(this));
        _deployGovernor(_initialGuardian());
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(gov));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(gov));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        vm.resumeGasMetering();
    }

    /// @dev The guardian the governor is deployed with (a test contract may deploy it with none).
    function _initialGuardian() internal view virtual returns (address) {
        return guardian;
    }

    function _deployGovernor(address guardian_) internal {
        TMAIGovernor.Config memory cfg = TMAIGovernor.Config({
            votingDelay: 1 days,
            votingPeriod: 7 days,
            proposalThreshold: 10_000e18,
            quorumNumerator: 4,
            lateQuorumExtension: 2 days,
            guardian: guardian_,
            bootstrapEnd: uint48(START + BOOTSTRAP)
        });
        gov = TMAIGovernor(
            payable(
                _deploy("contracts/governance/TMAIGovernor.sol:TMAIGovernor", abi.encode(address(ve), timelock, cfg))
            )
        );
    }

    /// @dev `vm.getCode` reads the artifacts on disk, which `hardhat test solidity` does not rewrite: build first
    ///      (`npm test` and the `test:*` scripts do) or these tests run the previous build of those contracts.
    /// @dev Deploys an artifact's creation code with `vm.getCode`, so the test contracts do not embed the big
    ///      contracts' creation code (their own deployment must stay under the transaction gas cap).
    function _deploy(string memory artifact, bytes memory args) internal returns (address addr) {
        bytes memory code = abi.encodePacked(vm.getCode(artifact), args);
        assembly ("memory-safe") {
            addr := create(0, add(code, 0x20), mload(code))
        }
        require(addr != address(0), string.concat("deploy failed: ", artifact));
    }

    /// @dev Funds `who` and locks `amount` TMAI until `weeks_` week boundaries from now (52: full power).
    function _lock(address who, uint256 amount, uint256 weeks_) internal {
        vm.prank(treasury);
        tmai.transfer(who, amount);
        vm.startPrank(who);
        tmai.approve(address(ve), amount);
        ve.createLock(amount, (block.timestamp / WEEK) * WEEK + weeks_ * WEEK);
        vm.stopPrank();
    }

    function _propose(
        address proposer,
        address target,
        bytes memory data,
        string memory desc
    ) internal returns (uint256) {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(target, data);
        vm.prank(proposer);
        return gov.propose(t, v, c, desc);
    }

    function _queue(address target, bytes memory data, string memory desc) internal {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(target, data);
        gov.queue(t, v, c, keccak256(bytes(desc)));
    }

    function _execute(address target, bytes memory data, string memory desc) internal {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(target, data);
        gov.execute(t, v, c, keccak256(bytes(desc)));
    }

    function _vote(address voter, uint256 id, uint8 support) internal returns (uint256) {
        vm.prank(voter);
        return gov.castVote(id, support);
    }

    /// @dev Warps into the voting period (one second after the snapshot).
    function _toVoting(uint256 id) internal {
        vm.warp(gov.proposalSnapshot(id) + 1);
    }

    /// @dev Warps past the (possibly extended) deadline.
    function _toEnd(uint256 id) internal {
        vm.warp(gov.proposalDeadline(id) + 1);
    }

    /// @dev Takes proposal `id` (pending or active, `alice`'s For vote passes it) through its vote, queue and
    ///      execution, and checks at each stage that its proposer's `cancel` reverts `GovernorUnableToCancel`.
    function _assertProposerCannotCancelAfterPending(
        uint256 id,
        address target,
        bytes memory data,
        string memory desc
    ) internal {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(target, data);
        bytes32 descHash = keccak256(bytes(desc));
        address proposer = gov.proposalProposer(id);
        IGovernor.ProposalState[3] memory stages = [
            IGovernor.ProposalState.Active,
            IGovernor.ProposalState.Succeeded,
            IGovernor.ProposalState.Queued
        ];
        for (uint256 i; i < stages.length; ++i) {
            if (i == 0) {
                if (block.timestamp <= gov.proposalSnapshot(id)) _toVoting(id);
            } else if (i == 1) {
                _vote(alice, id, 1);
                _toEnd(id);
            } else {
                gov.queue(t, v, c, descHash);
            }
            assertEq(uint256(_state(id)), uint256(stages[i]), "stage");
            vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id, proposer));
            vm.prank(proposer);
            gov.cancel(t, v, c, descHash);
        }
        vm.warp(block.timestamp + TIMELOCK_DELAY);
        gov.execute(t, v, c, descHash);
        assertEq(uint256(_state(id)), uint256(IGovernor.ProposalState.Executed));
    }

    function _state(uint256 id) internal view returns (IGovernor.ProposalState) {
        return gov.state(id);
    }
}
