// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ProtocolFixture} from "../protocol/utils/ProtocolFixture.sol";
import {TestBidder} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {Rebalancer} from "../../../contracts/rebalance/Rebalancer.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {IRegimeSignal} from "../../../contracts/interfaces/IRegimeSignal.sol";
import {PriceOracle} from "../../../contracts/oracle/PriceOracle.sol";
import {VeTMAI} from "../../../contracts/staking/VeTMAI.sol";
import {RevenueDistributor} from "../../../contracts/staking/RevenueDistributor.sol";
import {TMAIGovernor} from "../../../contracts/governance/TMAIGovernor.sol";
import {Proposals} from "../utils/Proposals.sol";

/// @notice A10: a rogue guardian uses every power it has at once. It can pause minting, new auctions and new locks,
///         and cancel proposals during the bootstrap; it cannot unpause, change any setting or role, take funds, post
///         targets, or stop any exit (redeem, deferred withdrawal, lock withdrawal, claims, delegation, running bids).
contract RogueGuardianTest is ProtocolFixture {
    address internal holder = makeAddr("holder");
    TestBidder internal bidder;
    uint256 internal proposalId;

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        bidder = new TestBidder(rebalancer);
        _mintShares(holder, 1_000e18);
        _lock(holder, 100_000e18, 1); // expires at the next week boundary
        _lock(makeAddr("proposer"), 100_000e18, 52);
        vm.warp(block.timestamp + 2);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(
            address(vault),
            abi.encodeCall(IndexVault.setManagementFee, (0.03e18))
        );
        vm.prank(makeAddr("proposer"));
        proposalId = gov.propose(t, v, c, "fee");
        _postAndStart(0, 0.4e18);
        vm.resumeGasMetering();
    }

    /// Every admin entry point of every contract, called by the guardian.
    function _adminCalls() internal view returns (address[] memory targets, bytes[] memory calls) {
        IRebalancer.Config memory cfg = _rebalanceConfig();
        cfg.bandLow = 0.2e18;
        bytes32 adminRole = 0x00;
        targets = new address[](24);
        calls = new bytes[](24);
        uint256 k;
        (targets[k], calls[k++]) = (address(vault), abi.encodeCall(IndexVault.unpauseMint, ()));
        (targets[k], calls[k++]) = (address(vault), abi.encodeCall(IndexVault.setManagementFee, (0.1e18)));
        (targets[k], calls[k++]) = (address(vault), abi.encodeCall(IndexVault.setMintFee, (0.05e18)));
        (targets[k], calls[k++]) = (address(vault), abi.encodeCall(IndexVault.setRedeemFee, (0.05e18)));
        (targets[k], calls[k++]) = (address(vault), abi.encodeCall(IndexVault.setFeeRecipient, (guardian)));
        (targets[k], calls[k++]) = (address(vault), abi.encodeCall(vault.grantRole, (adminRole, guardian)));
        (targets[k], calls[k++]) = (
            address(vault),
            abi.encodeCall(vault.grantRole, (vault.REBALANCER_ROLE(), guardian))
        );
        (targets[k], calls[k++]) = (address(rebalancer), abi.encodeCall(Rebalancer.unpauseAuctions, ()));
        (targets[k], calls[k++]) = (address(rebalancer), abi.encodeCall(Rebalancer.setConfig, (address(vault), cfg)));
        (targets[k], calls[k++]) = (
            address(rebalancer),
            abi.encodeCall(Rebalancer.setAssetLimits, (address(vault), address(eth), 1e18, 1e30))
        );
        (targets[k], calls[k++]) = (
            address(rebalancer),
            abi.encodeCall(Rebalancer.setRegimeSource, (address(vault), IRegimeSignal(guardian)))
        );
        (targets[k], calls[k++]) = (
            address(rebalancer),
            abi.encodeCall(rebalancer.grantRole, (rebalancer.METHODOLOGIST_ROLE(), guardian))
        );
        (targets[k], calls[k++]) = (address(ve), abi.encodeCall(VeTMAI.unpause, ()));
        (targets[k], calls[k++]) = (address(ve), abi.encodeCall(VeTMAI.setMinLockAmount, (100_000e18)));
        uint256[4] memory tiers = [uint256(1), 2, 3, 4];
        (targets[k], calls[k++]) = (address(ve), abi.encodeCall(VeTMAI.setTierThresholds, (tiers)));
        (targets[k], calls[k++]) = (address(ve), abi.encodeCall(VeTMAI.setRevenueDistributor, (guardian)));
        (targets[k], calls[k++]) = (address(dist), abi.encodeCall(RevenueDistributor.addRewardToken, (address(usdc))));
        (targets[k], calls[k++]) = (
            address(oracle),
            abi.encodeCall(PriceOracle.setFeed, (address(eth), address(feeds[3]), 1 days, 1, type(uint128).max))
        );
        (targets[k], calls[k++]) = (address(oracle), abi.encodeCall(PriceOracle.removeFeed, (address(eth))));
        (targets[k], calls[k++]) = (address(oracle), abi.encodeCall(PriceOracle.setSequencerFeed, (guardian, 0)));
        (targets[k], calls[k++]) = (
            address(timelock),
            abi.encodeCall(TimelockController.schedule, (address(vault), 0, "", 0, 0, TIMELOCK_DELAY))
        );
        (targets[k], calls[k++]) = (address(gov), abi.encodeWithSignature("setProposalThreshold(uint256)", 0));
        (targets[k], calls[k++]) = (address(gov), abi.encodeWithSignature("setProposalGuardian(address)", guardian));
        (targets[k], calls[k++]) = (
            address(vault),
            abi.encodeCall(IndexVault.rebalanceTrade, (address(eth), 1e18, address(usdc), 1, guardian, ""))
        );
        assert(k == targets.length);
    }

    function test_rogueGuardian_canPauseAndCancel_butNothingElse() public {
        uint256[4] memory heldBefore;
        for (uint256 i; i < 4; ++i) {
            heldBefore[i] = MockERC20(tokens[i]).balanceOf(address(vault));
        }
        vm.startPrank(guardian);
        // What it can do.
        vault.pauseMint();
        rebalancer.pauseAuctions();
        ve.pause();
        (address[] memory pt, uint256[] memory pv, bytes[] memory pc) = Proposals.one(
            address(vault),
            abi.encodeCall(IndexVault.setManagementFee, (0.03e18))
        );
        gov.cancel(pt, pv, pc, keccak256("fee")); // bootstrap: any proposal
        // What it cannot: every admin call reverts.
        (address[] memory targets, bytes[] memory calls) = _adminCalls();
        for (uint256 i; i < targets.length; ++i) {
            (bool ok, ) = targets[i].call(calls[i]);
            assertFalse(ok, string.concat("guardian admin call succeeded: #", vm.toString(i)));
        }
        // Nor can it post a target, or move a holder's shares.
        address[] memory a = new address[](1);
        uint256[] memory w = new uint256[](1);
        (a[0], w[0]) = (address(usdc), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                guardian,
                rebalancer.METHODOLOGIST_ROLE()
            )
        );
        rebalancer.postTarget(address(vault), a, w, bytes32(0));
        vm.expectRevert();
        vault.transferFrom(holder, guardian, 1);
        vm.stopPrank();

        assertTrue(vault.mintPaused() && rebalancer.auctionsPaused() && ve.paused());
        assertEq(uint256(gov.state(proposalId)), uint256(IGovernor.ProposalState.Canceled));
        assertEq(vault.fees().managementFee, MGMT_FEE);
        assertEq(vault.feeRecipient(), address(dist));
        for (uint256 i; i < 4; ++i) {
            assertEq(MockERC20(tokens[i]).balanceOf(address(vault)), heldBefore[i], "vault holdings moved");
            assertEq(MockERC20(tokens[i]).balanceOf(guardian), 0);
        }
        assertEq(vault.balanceOf(guardian), 0);

        // Every exit still works while everything the guardian can pause is paused.
        bidder.bid(address(vault), address(eth), address(usdc), 1e17, ""); // the running auction goes on
        vm.prank(holder);
        ve.delegate(methodologist);
        uint256[] memory noMin = new uint256[](vault.basketSize());
        vm.prank(holder);
        vault.redeem(500e18, holder, noMin);
        vm.warp((block.timestamp / WEEK + 2) * WEEK);
        vm.startPrank(holder);
        ve.withdraw();
        assertEq(tmai.balanceOf(holder), 100_000e18);
        dist.checkpointToken(address(vault));
        address[] memory rev = new address[](2);
        (rev[0], rev[1]) = (address(tmai), address(vault));
        dist.claimMany(rev);
        vm.stopPrank();
        // Only governance unpauses.
        vm.startPrank(address(timelock));
        vault.unpauseMint();
        rebalancer.unpauseAuctions();
        ve.unpause();
        vm.stopPrank();
    }

    /// After the bootstrap the guardian cannot cancel proposals any more.
    function test_rogueGuardian_cannotCancelAfterBootstrap() public {
        vm.warp(START + BOOTSTRAP);
        (address[] memory t, uint256[] memory v, bytes[] memory c) = Proposals.one(address(vault), "");
        _lock(makeAddr("late"), 100_000e18, 52);
        vm.warp(block.timestamp + 2);
        vm.prank(makeAddr("late"));
        uint256 id = gov.propose(t, v, c, "late");
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(TMAIGovernor.GuardianBootstrapOver.selector, START + BOOTSTRAP));
        gov.cancel(t, v, c, keccak256("late"));
        assertEq(uint256(gov.state(id)), uint256(IGovernor.ProposalState.Pending));
    }
}
