// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {ProtocolFixture} from "../protocol/utils/ProtocolFixture.sol";
import {TestBidder} from "../utils/RebalanceFixture.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";

/// @notice A5: oracle manipulation attempts. A stale, out-of-bounds or non-positive answer, or an L2 sequencer that
///         is down or just back, stops every oracle-priced action (targets, auction starts, bids, NAV) with its own
///         error; the in-kind exits never read the oracle and keep working.
contract OracleAttacksTest is ProtocolFixture {
    TestBidder internal bidder;
    address internal holder = makeAddr("holder");
    MockV3Aggregator internal sequencer;

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        bidder = new TestBidder(rebalancer);
        _mintShares(holder, 1_000e18);
        _postAndStart(0, 0.4e18);
        // Governance sets an L2 sequencer-uptime feed (answer 0: up since now) with a 1 hour grace period.
        sequencer = new MockV3Aggregator(0, 0);
        vm.warp(block.timestamp + 2 hours);
        sequencer.updateRoundData(1, 0, block.timestamp - 2 hours, block.timestamp - 2 hours);
        vm.prank(address(timelock));
        oracle.setSequencerFeed(address(sequencer), 1 hours);
        _refreshFeeds();
        vm.resumeGasMetering();
    }

    function _assertOraclePathsRevertWith(bytes memory err) internal {
        vm.expectRevert(err);
        bidder.bid(address(vault), address(eth), address(usdc), 1e17, "");
        vm.expectRevert(err);
        vault.navPerShare();
        address[] memory a = new address[](1);
        uint256[] memory w = new uint256[](1);
        (a[0], w[0]) = (address(eth), 1e18);
        vm.prank(address(timelock));
        rebalancer.setAssetLimits(address(vault), address(eth), 1e18, 0);
        vm.prank(methodologist);
        vm.expectRevert(err);
        rebalancer.postTarget(address(vault), a, w, bytes32(0));
        // the exit does not care
        uint256[] memory noMin = new uint256[](vault.basketSize());
        vm.prank(holder);
        vault.redeem(100e18, holder, noMin);
        assertEq(vault.balanceOf(holder), 900e18);
    }

    function test_staleFeed_stopsPricedActions_notRedeem() public {
        uint256 updatedAt = block.timestamp - HEARTBEAT - 1; // only ETH stale, the auction still runs
        feeds[2].updateRoundData(9, 2_000e8, updatedAt, updatedAt);
        _assertOraclePathsRevertWith(
            abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(eth), updatedAt, HEARTBEAT)
        );
    }

    function test_outOfBoundsSpike_stopsPricedActions_notRedeem() public {
        _setPrice(2, 25_000e8); // a manipulated feed answer 12.5x: above the admin's bound
        _assertOraclePathsRevertWith(
            abi.encodeWithSelector(IPriceOracle.PriceOutOfBounds.selector, address(eth), 25_000e18, 200e18, 20_000e18)
        );
    }

    function test_nonPositiveAnswer_stopsPricedActions_notRedeem() public {
        _setPrice(2, 0);
        _assertOraclePathsRevertWith(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, address(eth), 0));
    }

    function test_sequencerDown_stopsPricedActions_notRedeem() public {
        sequencer.updateRoundData(2, 1, block.timestamp, block.timestamp);
        _assertOraclePathsRevertWith(abi.encodeWithSelector(IPriceOracle.SequencerDown.selector));
    }

    function test_sequencerJustBack_gracePeriod_stopsPricedActions_notRedeem() public {
        sequencer.updateRoundData(3, 0, block.timestamp - 10 minutes, block.timestamp - 10 minutes);
        _assertOraclePathsRevertWith(
            abi.encodeWithSelector(IPriceOracle.SequencerGracePeriod.selector, block.timestamp - 10 minutes, 1 hours)
        );
    }

    /// A spike within the bounds is not refused: the band is what bounds the loss. A bidder who front-runs a feed
    /// update still pays at least the floor of the price the oracle shows at the moment of the bid.
    function test_spikeWithinBounds_fillStillAtLeastBandFloorOfCurrentOracle() public {
        vm.warp(block.timestamp + 4 hours); // the auction's end: the floor
        _setPrice(2, 2_600e8);
        uint256 paid = bidder.bid(address(vault), address(eth), address(usdc), 1e17, "");
        assertGe(_usd(3, paid) * 1e18, _usd(2, 1e17) * (1e18 - BAND_LOW));
    }
}
