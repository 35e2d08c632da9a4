// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";
import {ProtocolFixture} from "./utils/ProtocolFixture.sol";
import {ProtocolHandlerBase, Protocol} from "./ProtocolHandler.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {TestBidder} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";

/// @notice The handler of test/solidity/protocol/ProtocolHandler.sol (declared here so that it has an artifact).
contract ProtocolHandler is ProtocolHandlerBase {
    constructor(
        Protocol memory p_,
        address[] memory actors_,
        address[] memory tokens_,
        MockV3Aggregator[] memory f
    ) ProtocolHandlerBase(p_, actors_, tokens_, f) {}
}

/// @notice Protocol-wide invariants (P1-P10 in docs/SECURITY.md) under random use of every contract at once: mints,
///         redeems, token freezes, price moves, stale feeds, targets, regimes, auctions and bids, guardian pauses and
///         cancels, locks, delegations, revenue and claims, proposals, votes, queueing and execution, and admin calls
///         by everyone who is not the timelock.
contract ProtocolInvariantsTest is ProtocolFixture {
    ProtocolHandler internal handler;
    TestBidder internal bidder;
    address[] internal actors;

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        bidder = new TestBidder(rebalancer);
        actors = [makeAddr("actor0"), makeAddr("actor1"), makeAddr("actor2")];
        Protocol memory proto = Protocol(
            oracle,
            vault,
            rebalancer,
            tmai,
            ve,
            dist,
            timelock,
            gov,
            bidder,
            guardian,
            methodologist,
            treasury
        );
        handler = new ProtocolHandler(proto, actors, tokens, feeds);
        // A running start: shares in circulation, locks (actor0 can propose) and a posted target.
        _mintShares(actors[0], 10_000e18);
        _mintShares(actors[1], 1_000e18);
        vm.startPrank(actors[0]);
        ve.createLock(500_000e18, (block.timestamp / WEEK + 52) * WEEK);
        vm.stopPrank();
        vm.startPrank(actors[1]);
        ve.createLock(100_000e18, (block.timestamp / WEEK + 1) * WEEK);
        vm.stopPrank();
        // a fee proposal (actor0's lock counts from the next second), and a running auction
        vm.warp(block.timestamp + 2);
        handler.propose(0, 3 | (uint256(0.03e18) << 8));
        handler.postTarget(uint256(0.5e18) << 8);
        vm.warp(block.timestamp + DELAY);
        _refreshFeeds();
        rebalancer.startRebalance(address(vault));

        targetContract(address(handler));
        bytes4[] memory s = new bytes4[](31);
        s[0] = ProtocolHandlerBase.mint.selector;
        s[1] = ProtocolHandlerBase.mint.selector;
        s[2] = ProtocolHandlerBase.redeem.selector;
        s[3] = ProtocolHandlerBase.redeem.selector;
        s[4] = ProtocolHandlerBase.withdrawDeferred.selector;
        s[5] = ProtocolHandlerBase.freeze.selector;
        s[6] = ProtocolHandlerBase.movePrice.selector;
        s[7] = ProtocolHandlerBase.refreshFeeds.selector;
        s[8] = ProtocolHandlerBase.warp.selector;
        s[9] = ProtocolHandlerBase.warp.selector;
        s[10] = ProtocolHandlerBase.longWarp.selector;
        s[11] = ProtocolHandlerBase.longWarp.selector;
        s[12] = ProtocolHandlerBase.longWarp.selector;
        s[13] = ProtocolHandlerBase.postTarget.selector;
        s[14] = ProtocolHandlerBase.signalRegime.selector;
        s[15] = ProtocolHandlerBase.startRebalance.selector;
        s[16] = ProtocolHandlerBase.bid.selector;
        s[17] = ProtocolHandlerBase.bid.selector;
        s[18] = ProtocolHandlerBase.bid.selector;
        s[19] = ProtocolHandlerBase.guardianAct.selector;
        s[20] = ProtocolHandlerBase.lock.selector;
        s[21] = ProtocolHandlerBase.withdrawLock.selector;
        s[22] = ProtocolHandlerBase.delegate.selector;
        s[23] = ProtocolHandlerBase.checkpointRevenue.selector;
        s[24] = ProtocolHandlerBase.claim.selector;
        s[25] = ProtocolHandlerBase.propose.selector;
        s[26] = ProtocolHandlerBase.govern.selector;
        s[27] = ProtocolHandlerBase.govern.selector;
        s[28] = ProtocolHandlerBase.govern.selector;
        s[29] = ProtocolHandlerBase.rogueAdmin.selector;
        s[30] = ProtocolHandlerBase.dustBids.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: s}));
        vm.resumeGasMetering();
    }

    /// The handler's paths are reachable: a scripted run fills a bid, executes a proposal, withdraws an expired lock
    /// and claims revenue, with every invariant holding along the way.
    function test_scriptedRunReachesEveryPath() public {
        handler.warp(1 hours);
        handler.bid(1, 3, type(uint256).max);
        assertEq(handler.bids(), 1, "bid");
        handler.dustBids(1, 3, 5);
        assertGt(handler.tinyBids(), 0, "tiny bids");
        handler.mint(1, 100e18);
        handler.redeem(0, 10);
        handler.govern(0); // every actor votes for (seed 0)
        handler.longWarp(3 days);
        handler.govern(0); // queue
        handler.longWarp(1 days);
        handler.govern(0); // execute
        assertEq(handler.proposalsExecuted(), 1, "executed");
        assertEq(vault.fees().managementFee, 0.03e18);
        handler.longWarp(3 days);
        handler.withdrawLock(1);
        assertEq(handler.withdrawals(), 1, "withdrawal");
        handler.checkpointRevenue(2);
        handler.longWarp(3 days);
        handler.longWarp(3 days); // the week the revenue arrived in has ended
        handler.claim(0);
        assertGt(handler.ghostClaimed(address(vault)), 0, "claimed index fees");
        invariant_supplyEqualsSumOfBalances();
        invariant_accountedBasketWithinRealBalances();
        invariant_noActorGainsValue();
        invariant_navPerShareNeverFallsThroughMintOrRedeem();
        invariant_fillsWithinBand();
        invariant_bidAccountingEqualsTransfers();
        invariant_navPerShareNeverFallsThroughBidBeyondBand();
        invariant_vePowersAddUp();
        invariant_revenueConserved();
        invariant_exitsNeverFail();
        invariant_onlyTimelockChangesSettings();
    }

    /// P1: index supply is the sum of the balances of everyone who can hold shares.
    function invariant_supplyEqualsSumOfBalances() public view {
        uint256 sum = vault.balanceOf(address(dist)) + vault.balanceOf(address(bidder));
        for (uint256 i; i < actors.length; ++i) {
            sum += vault.balanceOf(actors[i]);
        }
        assertEq(vault.totalSupply(), sum);
    }

    /// P2: for every basket asset, what the supply accounts for plus deferred claims never exceeds the balance.
    function invariant_accountedBasketWithinRealBalances() public view {
        (address[] memory assets, uint256[] memory accounted) = vault.totalBasket();
        for (uint256 i; i < assets.length; ++i) {
            assertGe(MockERC20(assets[i]).balanceOf(address(vault)), accounted[i] + vault.deferredTotal(assets[i]));
        }
    }

    /// P3: no actor gets more oracle value out of mints and redeems than it put in, beyond rounding dust per action.
    function invariant_noActorGainsValue() public view {
        for (uint256 i; i < actors.length; ++i) {
            int256 gain = handler.ghostGain(actors[i]);
            int256 dust = int256(handler.ghostValueActions(actors[i]) * handler.DUST_PER_ACTION());
            assertLe(gain, dust, "actor gained value through mint/redeem");
        }
    }

    /// P4: mint and redeem never lower NAV per share (nor move units per share).
    function invariant_navPerShareNeverFallsThroughMintOrRedeem() public view {
        assertFalse(handler.navFellThroughMintOrRedeem());
    }

    /// P5: every auction fill gives the vault at least the band's floor of the oracle value it sells.
    function invariant_fillsWithinBand() public view {
        assertFalse(handler.bandViolated());
    }

    /// P11: every bid moves the accounting by exactly the tokens it moves: the sold asset's accounted amount falls
    ///      by what left the vault, the bought one's rises by what arrived, each within one wei (tiny bids included).
    function invariant_bidAccountingEqualsTransfers() public view {
        assertFalse(handler.tradeAccountingBroken(), handler.tradeAccountingFailure());
    }

    /// P12: the backing per share (every asset to the wei, at oracle prices) falls through a bid by at most the
    ///      band's share of the value sold.
    function invariant_navPerShareNeverFallsThroughBidBeyondBand() public view {
        assertFalse(handler.navFellThroughBid());
    }

    /// P6: sum of owners' powers == total power; sum of delegatees' votes == total power (scaled, exact).
    function invariant_vePowersAddUp() public view {
        uint256 t = block.timestamp + 1;
        uint256 scaledSum;
        uint256 scaledVotes;
        for (uint256 i; i < actors.length; ++i) {
            scaledSum += ve.scaledBalancesAt(actors[i], t, 1)[0];
            scaledVotes += ve.scaledVotesAt(actors[i], t);
        }
        uint256 total = ve.scaledTotalSupplyAt(t);
        assertEq(scaledSum, total, "powers");
        assertEq(scaledVotes, total, "votes");
    }

    /// P7: per revenue token, claimed + claimable + pending + dust == received, dust < claim calls + holders, and the
    ///     distributor holds what it has not paid.
    function invariant_revenueConserved() public view {
        address[2] memory rev = [address(tmai), address(vault)];
        for (uint256 k; k < 2; ++k) {
            address token = rev[k];
            uint256 claimableSum;
            for (uint256 i; i < actors.length; ++i) {
                claimableSum += dist.claimable(actors[i], token);
            }
            uint256 received = dist.totalReceived(token);
            uint256 claimed = dist.totalClaimed(token);
            assertEq(claimed, handler.ghostClaimed(token), "claimed");
            uint256 outstanding = claimed + claimableSum + dist.pendingRevenue(token);
            assertLe(outstanding, received, "never more than received");
            assertLe(received - outstanding, handler.ghostClaimCalls(token) + actors.length, "dust bounded");
            assertGe(MockERC20(token).balanceOf(address(dist)), dist.accounted(token), "held");
        }
    }

    /// P8: exits (in-kind redeem, deferred withdrawal, expired-lock withdrawal, claims) never fail.
    function invariant_exitsNeverFail() public view {
        assertFalse(handler.exitFailed(), handler.exitFailure());
    }

    /// P9: only the timelock changes settings: every admin call by anyone else reverted, and the settings are those
    ///     the executed proposals set.
    function invariant_onlyTimelockChangesSettings() public view {
        assertFalse(handler.rogueAdminSucceeded(), handler.rogueAdminCall());
        assertEq(vault.fees().managementFee, handler.ghostManagementFee(), "management fee");
        assertEq(vault.fees().mintFee, MINT_FEE);
        assertEq(vault.fees().redeemFee, REDEEM_FEE);
        assertEq(vault.feeRecipient(), address(dist));
        IRebalancer.Config memory c = rebalancer.config(address(vault));
        assertEq(c.bandLow, BAND_LOW);
        assertEq(c.bandHigh, BAND_HIGH);
        assertEq(ve.minLockAmount(), 1e18);
        assertEq(ve.revenueDistributor(), address(dist));
        assertEq(oracle.feedConfig(tokens[2]).feed, address(feeds[2]));
        assertEq(gov.proposalThreshold(), PROPOSAL_THRESHOLD);
        bytes32 adminRole = 0x00;
        assertTrue(vault.hasRole(adminRole, address(timelock)));
        assertFalse(vault.hasRole(adminRole, guardian));
        assertFalse(vault.hasRole(vault.REBALANCER_ROLE(), address(bidder)));
        assertFalse(rebalancer.hasRole(rebalancer.METHODOLOGIST_ROLE(), actors[0]));
    }

    /// P10: the basket never lists an asset twice, whatever auctions appended.
    function invariant_basketWellFormed() public view {
        (address[] memory assets, ) = vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            for (uint256 j; j < i; ++j) {
                assertTrue(assets[i] != assets[j]);
            }
        }
    }

    /// Reports how far each run got (shown with -vv); asserts nothing.
    function afterInvariant() public view {
        console.log("mints", handler.mints(), "redeems", handler.redeems());
        console.log("auctions", handler.auctionsStarted(), "bids", handler.bids());
        console.log("tiny bids", handler.tinyBids());
        console.log("executed", handler.proposalsExecuted(), "proposals", handler.proposalCount());
        console.log("withdrawals", handler.withdrawals(), "claims", handler.claims());
    }
}
