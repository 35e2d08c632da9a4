// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../protocol/utils/ProtocolFixture.sol";
import {TestBidder} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";

/// @notice A2-A4: front-running and sandwiching auction bids, and price moves between posting a target and bidding.
///         The auction price is oracle x a factor that depends on time only (never on earlier fills, the vault's
///         balances or a pool), so the vault never sells below oracle x (1 - bandLow).
contract AuctionAttacksTest is ProtocolFixture {
    TestBidder internal honest;
    TestBidder internal frontRunner;
    address internal attacker = makeAddr("attacker");
    address internal holder = makeAddr("holder");

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        honest = new TestBidder(rebalancer);
        frontRunner = new TestBidder(rebalancer);
        _mintShares(holder, 10_000e18); // NAV $30,000
        _postAndStart(0, 0.4e18); // sell BTC and ETH ($10,000 each), buy $12,000 of USDC
        vm.resumeGasMetering();
    }

    /// USD the vault gets per USD it gives in a fill of `amount` ETH for `paid` USDC, 18 decimals.
    function _ratio(uint256 amount, uint256 paid) internal view returns (uint256) {
        return (_usd(3, paid) * 1e18) / _usd(2, amount);
    }

    function test_frontRunningABid_doesNotWorsenTheVictimsPrice() public {
        vm.warp(block.timestamp + 3 hours);
        uint256 lot = 1e18; // 1 ETH, $2,000
        uint256 quoteBefore = rebalancer.quote(address(vault), address(eth), address(usdc), lot);
        // The front-runner takes a lot in the same second, first.
        frontRunner.bid(address(vault), address(eth), address(usdc), 2e18, "");
        uint256 paid = honest.bid(address(vault), address(eth), address(usdc), lot, "");
        assertEq(paid, quoteBefore, "an earlier fill does not move the price");
        assertGe(_ratio(lot, paid), 1e18 - BAND_LOW);
    }

    /// Waiting for the end of the auction is the best a bidder can do: the floor, oracle x (1 - bandLow).
    function test_latestBid_paysTheBandFloor_andNothingAfterTheEnd() public {
        vm.warp(block.timestamp + DURATION);
        uint256 lot = 1e18;
        uint256 paid = honest.bid(address(vault), address(eth), address(usdc), lot, "");
        assertEq(paid, (_usd(2, lot) * (1e18 - BAND_LOW)) / 1e18 / 1e12, "floor price, USDC 6 decimals");
        assertGe(_ratio(lot, paid), 1e18 - BAND_LOW);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoActiveAuction.selector, address(vault)));
        honest.bid(address(vault), address(eth), address(usdc), lot, "");
    }

    /// Sandwich: mint a lot of shares before a bid, redeem after. The attacker gets back at most what it paid
    /// (at oracle prices), while the fill stays within the band.
    function test_sandwichingABidWithMintAndRedeem_gainsNothing() public {
        vm.warp(block.timestamp + DURATION); // cheapest moment for the bidder
        uint256[] memory paidIn = vault.previewMint(100_000e18);
        _mintShares(attacker, 100_000e18);
        uint256 paid = honest.bid(address(vault), address(eth), address(usdc), 2e18, "");
        assertGe(_ratio(2e18, paid), 1e18 - BAND_LOW);
        uint256 n = vault.basketSize();
        vm.prank(attacker);
        uint256[] memory out = vault.redeem(100_000e18, attacker, new uint256[](n));
        (address[] memory assets, ) = vault.getBasket();
        uint256 valueIn;
        uint256 valueOut;
        for (uint256 i; i < assets.length; ++i) {
            uint256 k = _index(assets[i]);
            if (i < paidIn.length) valueIn += _usd(k, paidIn[i]);
            valueOut += _usd(k, out[i]);
        }
        assertLt(valueOut, valueIn, "the sandwich lost money (fees and the fill's discount)");
    }

    /// Between posting the target and bidding the ETH price jumps 30 %: the auction prices the new oracle value, so the
    /// bidder pays 30 % more USDC for the same ETH; the vault still gets at least the band floor.
    function test_priceSpikeAfterStart_auctionTracksTheOracle() public {
        vm.warp(block.timestamp + 1 hours);
        uint256 lot = 1e18;
        uint256 before = rebalancer.quote(address(vault), address(eth), address(usdc), lot);
        _setPrice(2, 2_600e8);
        uint256 afterSpike = rebalancer.quote(address(vault), address(eth), address(usdc), lot);
        assertApproxEqRel(afterSpike, (before * 13) / 10, 1e12);
        uint256 paid = honest.bid(address(vault), address(eth), address(usdc), lot, "");
        assertGe(_ratio(lot, paid), 1e18 - BAND_LOW);
        // A crash instead: the bidder pays less USDC but never below the floor at the new price.
        _setPrice(2, 1_000e8);
        paid = honest.bid(address(vault), address(eth), address(usdc), lot, "");
        assertGe(_ratio(lot, paid), 1e18 - BAND_LOW);
    }

    /// A bidder cannot take more than the surplus nor a lot above the max, nor buy more than the deficit.
    function test_bidLimits_surplusLotAndDeficit() public {
        (uint256 surplus, ) = rebalancer.gap(address(vault), address(eth));
        vm.expectRevert(
            abi.encodeWithSelector(IRebalancer.ExceedsSurplus.selector, address(eth), surplus + 1, surplus)
        );
        honest.bid(address(vault), address(eth), address(usdc), surplus + 1, "");
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.ExceedsSurplus.selector, address(usdc), 1e6, 0));
        honest.bid(address(vault), address(usdc), address(eth), 1e6, ""); // USDC is not in surplus
        // ETH lot above $50,000 refused even though everything else is fine
        vm.prank(address(timelock));
        rebalancer.setAssetLimits(address(vault), address(eth), 0, 1_000e18);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.LotTooLarge.selector, address(eth), 2_000e18, 1_000e18));
        honest.bid(address(vault), address(eth), address(usdc), 1e18, "");
    }

    /// Oracle faults stop bids (no trade at a price nobody can check) while redeem goes on.
    function test_staleOrOutOfBoundsOracle_stopsBids_notRedeem() public {
        vm.warp(block.timestamp + 1 hours);
        _setPrice(2, 20_001e8); // above the bound (10x launch)
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.PriceOutOfBounds.selector, address(eth), 20_001e18, 200e18, 20_000e18)
        );
        honest.bid(address(vault), address(eth), address(usdc), 1e18, "");
        _setPrice(2, 2_000e8);
        vm.warp(block.timestamp + HEARTBEAT + 1); // every feed stale (the auction itself ended too)
        vm.expectRevert();
        rebalancer.startRebalance(address(vault));
        uint256[] memory noMin = new uint256[](vault.basketSize());
        vm.prank(holder);
        vault.redeem(1_000e18, holder, noMin);
    }

    function _index(address token) internal view returns (uint256 k) {
        while (tokens[k] != token) ++k;
    }
}
