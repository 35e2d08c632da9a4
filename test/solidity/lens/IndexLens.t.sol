// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ProtocolFixture} from "../protocol/utils/ProtocolFixture.sol";
import {TestBidder} from "../utils/RebalanceFixture.sol";
import {IIndexLens} from "../../../contracts/interfaces/IIndexLens.sol";
import {IndexLens} from "../../../contracts/lens/IndexLens.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {IVeTMAI} from "../../../contracts/interfaces/IVeTMAI.sol";
import {OddFeed} from "./utils/LensMocks.sol";

/// @notice IndexLens on the whole protocol: every field it returns equals what the vault, the oracle, the
///         Rebalancer, veTMAI and the revenue distributor answer themselves, for a zero-supply index, a live one,
///         stale and broken feeds, a rebalance from target to regime switch, and accounts with and without positions.
contract IndexLensTest is ProtocolFixture {
    /// @dev Deployed from its artifact (the test contract does not embed its code); typed as the contract so that
    ///      coverage maps it.
    IndexLens internal lens;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        lens = IndexLens(_deploy("contracts/lens/IndexLens.sol:IndexLens", ""));
        vm.resumeGasMetering();
    }

    function _summary() internal view returns (IIndexLens.IndexSummary memory) {
        return lens.indexSummary(address(vault), address(rebalancer));
    }

    // ------------------------------------------------------------ index

    function test_zeroSupplyIndex_readsLikeTheVault() public view {
        IIndexLens.IndexSummary memory s = _summary();
        assertEq(s.totalSupply, 0);
        assertEq(s.totalValue, 0);
        assertFalse(s.navPartial);
        assertEq(s.navPerShare, vault.navPerShare());
        assertApproxEqAbs(s.navPerShare, 3e18, 1e12, "$1 of each of three assets per share");
        _assertIndexFields(s);
        _assertBasket(s);
        for (uint256 i; i < 3; ++i) {
            assertEq(s.basket[i].totalAmount, 0);
            assertApproxEqAbs(s.basket[i].weight, uint256(1e18) / 3, 1e12);
        }
        _assertRebalance(s.rebalance);
        assertEq(s.rebalance.auction.id, 0);
        assertEq(s.rebalance.targetAssets.length, 0);
        assertFalse(s.rebalance.canStart);
    }

    function test_liveIndex_readsLikeTheVaultAndTheOracle() public {
        _mintShares(alice, 1_000e18);
        _mintShares(bob, 500e18);
        vm.warp(block.timestamp + 30 days);
        _refreshFeeds();
        _setPrice(2, 2_500e8); // ETH up 25 %
        IIndexLens.IndexSummary memory s = _summary();
        _assertIndexFields(s);
        _assertBasket(s);
        assertFalse(s.navPartial);
        assertGt(s.totalSupply, 1_500e18, "fee shares were minted on the second mint");
        (address[] memory assets, uint256[] memory totals) = vault.totalBasket();
        assertEq(s.totalValue, oracle.getValue(assets, totals), "the oracle's own valuation of the whole basket");
        assertGt(s.basket[2].weight, s.basket[0].weight, "ETH outweighs FRZ after its rise");
        assertEq(s.basket[0].symbol, "FRZ");
        assertEq(s.basket[1].decimals, 8);
    }

    function test_staleFeed_isAStatus_andNavLeavesItOut() public {
        _mintShares(alice, 1_000e18);
        uint256 staleAt = block.timestamp;
        vm.warp(block.timestamp + HEARTBEAT + 1);
        _setPrice(0, 2e8);
        _setPrice(1, 100e8); // ETH's feed is not refreshed

        IIndexLens.IndexSummary memory s = _summary();
        IIndexLens.BasketAsset memory ethRow = s.basket[2];
        assertEq(uint8(ethRow.status), uint8(IIndexLens.PriceStatus.Stale));
        assertEq(ethRow.price, 0);
        assertEq(ethRow.valuePerShare, 0);
        assertEq(ethRow.totalValue, 0);
        assertEq(ethRow.weight, 0);
        assertEq(ethRow.updatedAt, staleAt, "the age of the stale answer is visible");
        assertGt(ethRow.unitsPerShare, 0, "the basket itself is still read");
        assertTrue(s.navPartial);
        _assertBasket(s);

        uint256 expected =
            (s.basket[0].unitsPerShare * oracle.getPrice(address(frz))) / 1e6 +
                (s.basket[1].unitsPerShare * oracle.getPrice(address(btc))) / 1e8;
        assertEq(s.navPerShare, expected, "NAV over the sound assets");
        assertApproxEqAbs(s.basket[0].weight + s.basket[1].weight, 1e18, 2);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(eth), staleAt, HEARTBEAT));
        vault.navPerShare();
    }

    function test_brokenFeeds_eachHaveTheirStatus() public {
        _mintShares(alice, 1_000e18);
        OddFeed odd = new OddFeed(2_000e8);
        vm.prank(address(timelock));
        oracle.setFeed(address(eth), address(odd), HEARTBEAT, 200e18, 20_000e18);
        _setPrice(0, 0); // FRZ answers zero
        _setPrice(1, 1_001e8); // BTC above its $1,000 bound
        odd.setMode(OddFeed.Mode.Reverts);

        IIndexLens.IndexSummary memory s = _summary();
        _assertStatuses(s, IIndexLens.PriceStatus.NonPositive, IIndexLens.PriceStatus.OutOfBounds, _unknown());
        assertEq(s.basket[2].updatedAt, 0, "a reverting feed has no readable time");
        assertEq(s.navPerShare, 0);
        assertEq(s.totalValue, 0);
        assertTrue(s.navPartial);
        _assertBasket(s);

        odd.setMode(OddFeed.Mode.Short); // the oracle cannot decode it
        s = _summary();
        assertEq(uint8(s.basket[2].status), uint8(IIndexLens.PriceStatus.Unknown));
        assertEq(s.basket[2].updatedAt, 0);

        odd.setMode(OddFeed.Mode.BurnsGas);
        uint256 before = gasleft();
        s = _summary();
        assertEq(uint8(s.basket[2].status), uint8(IIndexLens.PriceStatus.Unknown));
        assertLt(before - gasleft(), 1_500_000, "a gas-burning feed costs the lens at most its two allowances");

        odd.setMode(OddFeed.Mode.Normal);
        s = _summary();
        assertEq(uint8(s.basket[2].status), uint8(IIndexLens.PriceStatus.Ok));
        assertEq(s.basket[2].price, 2_000e18);
        assertEq(s.basket[2].updatedAt, odd.updatedAt());
        _assertBasket(s);
    }

    function test_removedFeed_isNoFeed_withTheTokensOwnDecimals() public {
        _mintShares(alice, 1_000e18);
        vm.prank(address(timelock));
        oracle.removeFeed(address(btc));
        IIndexLens.IndexSummary memory s = _summary();
        assertEq(uint8(s.basket[1].status), uint8(IIndexLens.PriceStatus.NoFeed));
        assertEq(s.basket[1].decimals, 8, "read from the token when the oracle has no config");
        assertEq(s.basket[1].updatedAt, 0);
        assertEq(s.basket[1].price, 0);
        _assertBasket(s);
        assertApproxEqAbs(s.navPerShare, 2e18, 1e12, "FRZ and ETH only");
    }

    function test_sequencerDownThenInGracePeriod_areStatusesOfEveryAsset() public {
        MockV3Aggregator sequencer = new MockV3Aggregator(0, 1); // answer 1: down
        vm.prank(address(timelock));
        oracle.setSequencerFeed(address(sequencer), 1 hours);
        IIndexLens.IndexSummary memory s = _summary();
        IIndexLens.PriceStatus down = IIndexLens.PriceStatus.SequencerDown;
        _assertStatuses(s, down, down, down);
        assertEq(s.navPerShare, 0);

        sequencer.updateRoundData(2, 0, block.timestamp, block.timestamp); // up since now
        s = _summary();
        IIndexLens.PriceStatus grace = IIndexLens.PriceStatus.SequencerGracePeriod;
        _assertStatuses(s, grace, grace, grace);

        vm.warp(block.timestamp + 1 hours + 1);
        _refreshFeeds();
        s = _summary();
        IIndexLens.PriceStatus ok = IIndexLens.PriceStatus.Ok;
        _assertStatuses(s, ok, ok, ok);
        assertEq(s.navPerShare, vault.navPerShare());
    }

    // ------------------------------------------------------------ rebalance

    function test_rebalanceFromTargetToRegimeSwitch_readsLikeTheRebalancer() public {
        _mintShares(alice, 10_000e18);
        _assertRebalance(_summary().rebalance);

        address[] memory a = new address[](2);
        uint256[] memory w = new uint256[](2);
        (a[0], w[0], a[1], w[1]) = (address(frz), 0.4e18, address(usdc), 0.6e18);
        vm.prank(methodologist);
        rebalancer.postTarget(address(vault), a, w, bytes32(0));
        IIndexLens.RebalanceState memory r = _summary().rebalance;
        _assertRebalance(r);
        assertEq(r.pendingTargetAssets, a);
        assertEq(r.pendingTargetWeights, w);
        assertEq(r.pendingTargetEffectiveAt, block.timestamp + DELAY);
        assertEq(r.targetAssets.length, 0, "not effective yet");

        vm.warp(block.timestamp + DELAY);
        _refreshFeeds();
        rebalancer.startRebalance(address(vault));
        r = _summary().rebalance;
        _assertRebalance(r);
        assertTrue(r.auction.active && r.auction.bidsOpen && r.auction.onCurrentTarget);
        assertEq(r.auction.lots.length, 4, "three basket slots, then USDC from the target");
        assertEq(r.auction.lots[3].asset, address(usdc));
        assertGt(r.auction.lots[1].surplus, 0, "BTC is sold");
        assertGt(r.auction.lots[3].deficit, 0, "USDC is bought");
        assertEq(r.auction.priceFactor, 1e18 + BAND_HIGH);

        vm.warp(block.timestamp + 5 hours); // past two thirds of the auction: under the oracle price
        _refreshFeeds();
        TestBidder bidder = new TestBidder(rebalancer);
        bidder.bid(address(vault), address(btc), address(usdc), 10e8, "");
        r = _summary().rebalance;
        _assertRebalance(r);
        assertLt(r.auction.priceFactor, 1e18);

        // A stale feed during the auction: the gap is still read, its USD value is not.
        feeds[2].updateRoundData(7, 2_000e8, block.timestamp - HEARTBEAT - 1, block.timestamp - HEARTBEAT - 1);
        r = _summary().rebalance;
        _assertRebalance(r);
        assertGt(r.auction.lots[2].surplus, 0);
        assertEq(r.auction.lots[2].surplusUsd, 0);
        _refreshFeeds();

        vm.prank(methodologist);
        rebalancer.signalRegime(address(vault), IRebalancer.Regime.RiskOff);
        r = _summary().rebalance;
        _assertRebalance(r);
        assertTrue(r.hasPendingRegime);
        assertFalse(r.auction.bidsOpen, "no bids while a switch is pending");
        assertEq(r.pendingRegimeDueAt, block.timestamp + HYSTERESIS);
        assertFalse(r.regimeDue);

        vm.warp(block.timestamp + HYSTERESIS);
        _refreshFeeds();
        r = _summary().rebalance;
        _assertRebalance(r);
        assertTrue(r.regimeDue);
        assertFalse(r.auction.active, "the auction ended");
        assertEq(r.auction.lots.length, 0);

        rebalancer.applyRegime(address(vault));
        r = _summary().rebalance;
        _assertRebalance(r);
        assertEq(uint8(r.regime), uint8(IRebalancer.Regime.RiskOff));
        assertEq(r.targetAssets.length, 1);
        assertEq(r.targetAssets[0], address(usdc));
        assertTrue(r.canStart);
    }

    function test_gapThatReverts_isALotThatIsNotOk() public {
        _mintShares(alice, 10_000e18);
        _postAndStart(0, 0.4e18);
        vm.mockCallRevert(address(vault), abi.encodeCall(IIndexVault.accountedOf, (address(btc))), "");
        IIndexLens.RebalanceState memory r = _summary().rebalance;
        IIndexLens.AuctionLot memory lot = r.auction.lots[1];
        assertEq(lot.asset, address(btc));
        assertFalse(lot.ok);
        assertEq(lot.surplus + lot.deficit + lot.surplusUsd + lot.deficitUsd, 0);
        assertTrue(r.auction.lots[2].ok);
        vm.clearMockedCalls();
        _assertRebalance(_summary().rebalance);
    }

    function test_noRebalancer_leavesTheRebalanceStateEmpty() public {
        _mintShares(alice, 10_000e18);
        _postAndStart(0, 0.4e18);
        IIndexLens.IndexSummary memory s = lens.indexSummary(address(vault), address(0));
        assertEq(s.rebalance.rebalancer, address(0));
        assertFalse(s.rebalance.configured);
        assertEq(s.rebalance.auction.id, 0);
        assertEq(s.rebalance.auction.lots.length, 0);
        assertEq(s.rebalance.targetAssets.length, 0);
        _assertBasket(s);
    }

    // ------------------------------------------------------------ account

    function test_account_readsLikeTheVaultVeTMAIAndDistributor() public {
        _mintShares(alice, 1_000e18);
        _lock(alice, 50_000e18, 52);
        _lock(bob, 5_000e18, 26);
        vm.warp(block.timestamp + WEEK);
        vm.startPrank(treasury);
        tmai.approve(address(dist), 1_000e18);
        dist.deposit(address(tmai), 1_000e18);
        vm.stopPrank();
        vault.accrueFees();
        dist.checkpointToken(address(vault));
        vm.warp(block.timestamp + 2 * WEEK);
        _refreshFeeds();
        frz.setBlocked(alice, true); // FRZ cannot be paid to alice: her redeem defers it
        vm.prank(alice);
        vault.redeem(10e18, alice, new uint256[](3));

        IIndexLens.AccountSummary memory s = lens.accountSummary(address(vault), alice, address(dist));
        _assertAccount(s, alice);
        assertGt(s.assets[0].deferred, 0, "FRZ deferred");
        assertEq(uint8(s.staking.tier), uint8(IVeTMAI.Tier.Gold));
        assertEq(s.staking.revenue.length, 2);
        assertGt(s.staking.revenue[0].claimable, 0, "TMAI revenue");
        assertGt(s.staking.revenue[1].claimable, 0, "index fee shares");
        assertEq(s.staking.revenue[1].symbol, "TIDX");
        assertEq(s.staking.delegate, alice);

        vm.prank(alice);
        ve.delegate(bob);
        s = lens.accountSummary(address(vault), alice, address(dist));
        _assertAccount(s, alice);
        assertEq(s.staking.delegate, bob);
        assertEq(s.staking.votes, 0);
        assertGt(s.staking.score, 0, "her score (revenue weight) stays hers");
        IIndexLens.AccountSummary memory b = lens.accountSummary(address(vault), bob, address(dist));
        _assertAccount(b, bob);
        assertGt(b.staking.votes, b.staking.score, "bob votes with alice's lock too");
    }

    function test_accountWithNothing_isAllZero() public {
        _mintShares(alice, 1_000e18);
        address stranger = makeAddr("stranger");
        IIndexLens.AccountSummary memory s = lens.accountSummary(address(vault), stranger, address(dist));
        _assertAccount(s, stranger);
        assertEq(s.indexBalance, 0);
        assertEq(s.assets.length, 3);
        for (uint256 i; i < 3; ++i) {
            assertTrue(s.assets[i].ok);
            assertEq(s.assets[i].balance + s.assets[i].allowance + s.assets[i].deferred, 0);
        }
        assertEq(s.staking.lockAmount + s.staking.lockEnd + s.staking.score + s.staking.votes, 0);
        assertEq(uint8(s.staking.tier), uint8(IVeTMAI.Tier.None));
        assertEq(s.staking.delegate, stranger);
        for (uint256 i; i < s.staking.revenue.length; ++i) {
            assertEq(s.staking.revenue[i].claimable, 0);
        }

        s = lens.accountSummary(address(0), stranger, address(0));
        assertEq(s.account, stranger);
        assertEq(s.vault, address(0));
        assertEq(s.assets.length, 0);
        assertEq(s.staking.ve, address(0));
        assertEq(s.staking.revenue.length, 0);
    }

    function test_moreRevenueTokensThanTheDistributorAllows_areRefused() public {
        vm.mockCall(address(dist), abi.encodeCall(dist.rewardTokens, ()), abi.encode(new address[](17)));
        vm.expectRevert(abi.encodeWithSelector(IIndexLens.TooManyEntries.selector, 17, 16));
        lens.accountSummary(address(vault), alice, address(dist));
    }

    // ------------------------------------------------------------ checks

    function _unknown() internal pure returns (IIndexLens.PriceStatus) {
        return IIndexLens.PriceStatus.Unknown;
    }

    function _assertStatuses(
        IIndexLens.IndexSummary memory s,
        IIndexLens.PriceStatus a,
        IIndexLens.PriceStatus b,
        IIndexLens.PriceStatus c
    ) internal pure {
        assertEq(uint8(s.basket[0].status), uint8(a), "FRZ status");
        assertEq(uint8(s.basket[1].status), uint8(b), "BTC status");
        assertEq(uint8(s.basket[2].status), uint8(c), "ETH status");
    }

    function _assertIndexFields(IIndexLens.IndexSummary memory s) internal view {
        assertEq(s.vault, address(vault));
        assertEq(s.name, vault.name());
        assertEq(s.symbol, vault.symbol());
        assertEq(s.totalSupply, vault.totalSupply());
        IIndexVault.FeeParams memory f = vault.fees();
        assertEq(s.fees.managementFee, f.managementFee);
        assertEq(s.fees.mintFee, f.mintFee);
        assertEq(s.fees.redeemFee, f.redeemFee);
        assertEq(s.fees.managementFee, MGMT_FEE);
        assertEq(s.feeRecipient, vault.feeRecipient());
        assertEq(s.mintPaused, vault.mintPaused());
        assertEq(s.basketVersion, vault.basketVersion());
        assertEq(s.oracle, address(oracle));
    }

    /// @dev Every basket row against getBasket, totalBasket, the token and the oracle; NAV and weights from them.
    function _assertBasket(IIndexLens.IndexSummary memory s) internal view {
        (address[] memory assets, uint256[] memory units) = vault.getBasket();
        (, uint256[] memory totals) = vault.totalBasket();
        assertEq(s.basket.length, assets.length);
        uint256 nav;
        uint256 total;
        bool partial_;
        for (uint256 i; i < assets.length; ++i) {
            IIndexLens.BasketAsset memory a = s.basket[i];
            assertEq(a.asset, assets[i]);
            assertEq(a.unitsPerShare, units[i]);
            assertEq(a.totalAmount, totals[i]);
            assertEq(a.symbol, IERC20Metadata(assets[i]).symbol());
            IPriceOracle.FeedConfig memory c = oracle.feedConfig(assets[i]);
            assertEq(a.decimals, c.feed == address(0) ? IERC20Metadata(assets[i]).decimals() : c.assetDecimals);
            (bool ok, bytes memory ret) = address(oracle).staticcall(
                abi.encodeCall(IPriceOracle.getPrice, (assets[i]))
            );
            if (!ok) {
                assertTrue(a.status != IIndexLens.PriceStatus.Ok, "a failing price is not Ok");
                assertEq(a.price + a.valuePerShare + a.totalValue + a.weight, 0);
                partial_ = true;
                continue;
            }
            uint256 price = abi.decode(ret, (uint256));
            assertEq(uint8(a.status), uint8(IIndexLens.PriceStatus.Ok));
            assertEq(a.price, price);
            assertEq(a.valuePerShare, (units[i] * price) / 10 ** c.assetDecimals);
            assertEq(a.totalValue, (totals[i] * price) / 10 ** c.assetDecimals);
            (, , , uint256 updatedAt, ) = MockV3Aggregator(c.feed).latestRoundData();
            assertEq(a.updatedAt, updatedAt);
            nav += a.valuePerShare;
            total += a.totalValue;
        }
        assertEq(s.navPerShare, nav);
        assertEq(s.totalValue, total);
        assertEq(s.navPartial, partial_);
        if (!partial_) assertEq(s.navPerShare, vault.navPerShare(), "the vault's own NAV");
        uint256 weights;
        for (uint256 i; i < assets.length; ++i) {
            assertEq(s.basket[i].weight, nav == 0 ? 0 : (s.basket[i].valuePerShare * 1e18) / nav);
            weights += s.basket[i].weight;
        }
        if (nav != 0) assertApproxEqAbs(weights, 1e18, assets.length, "weights sum to one, rounded down");
    }

    function _assertRebalance(IIndexLens.RebalanceState memory r) internal view {
        address v = address(vault);
        assertEq(r.rebalancer, address(rebalancer));
        assertTrue(r.configured);
        assertEq(keccak256(abi.encode(r.config)), keccak256(abi.encode(rebalancer.config(v))));
        assertEq(r.auctionsPaused, rebalancer.auctionsPaused());
        assertEq(r.canStart, rebalancer.canStart(v));
        (IRebalancer.Regime current, IRebalancer.Regime pending, bool hasPending, uint256 since) = rebalancer.regime(v);
        assertEq(uint8(r.regime), uint8(current));
        assertEq(uint8(r.pendingRegime), uint8(pending));
        assertEq(r.hasPendingRegime, hasPending);
        assertEq(r.pendingRegimeSince, since);
        assertEq(r.pendingRegimeDueAt, hasPending ? since + HYSTERESIS : 0);
        assertEq(r.regimeDue, rebalancer.regimeDue(v));
        assertEq(r.regimeSource, address(rebalancer.regimeSource(v)));
        (address[] memory ta, uint256[] memory tw) = rebalancer.currentTarget(v);
        assertEq(r.targetAssets, ta);
        assertEq(r.targetWeights, tw);
        assertEq(r.targetKey, rebalancer.currentTargetKey(v));
        (address[] memory pa, uint256[] memory pw, uint256 effectiveAt) = rebalancer.pendingTarget(v);
        assertEq(r.pendingTargetAssets, pa);
        assertEq(r.pendingTargetWeights, pw);
        assertEq(r.pendingTargetEffectiveAt, effectiveAt);
        _assertAuction(r, ta);
    }

    function _assertAuction(IIndexLens.RebalanceState memory r, address[] memory target) internal view {
        address v = address(vault);
        IIndexLens.AuctionState memory a = r.auction;
        (uint256 id, uint256 start, uint256 end, bytes32 key) = rebalancer.auction(v);
        assertEq(a.id, id);
        assertEq(a.start, start);
        assertEq(a.end, end);
        assertEq(a.key, key);
        assertEq(a.active, id != 0 && block.timestamp <= end);
        if (!a.active) {
            assertEq(a.lots.length, 0);
            assertEq(a.priceFactor, 0);
            assertFalse(a.bidsOpen);
            return;
        }
        assertEq(a.priceFactor, rebalancer.priceFactor(v));
        assertEq(a.bidsOpen, !r.hasPendingRegime);
        assertEq(a.onCurrentTarget, key == rebalancer.currentTargetKey(v));
        (address[] memory assets, ) = vault.getBasket();
        uint256 extra;
        for (uint256 j; j < target.length && a.onCurrentTarget; ++j) {
            if (!_contains(assets, target[j])) {
                assertEq(a.lots[assets.length + extra].asset, target[j], "target-only asset after the basket");
                ++extra;
            }
        }
        assertEq(a.lots.length, assets.length + extra);
        for (uint256 j; j < a.lots.length; ++j) {
            IIndexLens.AuctionLot memory lot = a.lots[j];
            if (j < assets.length) assertEq(lot.asset, assets[j]);
            (uint256 surplus, uint256 deficit) = rebalancer.gap(v, lot.asset);
            assertTrue(lot.ok);
            assertEq(lot.surplus, surplus);
            assertEq(lot.deficit, deficit);
            assertEq(lot.maxLotUsd, rebalancer.maxLotUsd(v, lot.asset));
            (bool ok, bytes memory ret) = address(oracle).staticcall(
                abi.encodeCall(IPriceOracle.getPrice, (lot.asset))
            );
            uint256 price = ok ? abi.decode(ret, (uint256)) : 0;
            uint256 unit = 10 ** oracle.feedConfig(lot.asset).assetDecimals;
            assertEq(lot.surplusUsd, (surplus * price) / unit);
            assertEq(lot.deficitUsd, (deficit * price) / unit);
        }
    }

    function _assertAccount(IIndexLens.AccountSummary memory s, address who) internal view {
        assertEq(s.account, who);
        assertEq(s.vault, address(vault));
        assertEq(s.indexBalance, vault.balanceOf(who));
        assertEq(s.basketVersion, vault.basketVersion());
        (address[] memory assets, ) = vault.getBasket();
        assertEq(s.assets.length, assets.length);
        for (uint256 i; i < assets.length; ++i) {
            IIndexLens.AssetPosition memory p = s.assets[i];
            assertEq(p.asset, assets[i]);
            assertTrue(p.ok);
            assertEq(p.balance, IERC20Metadata(assets[i]).balanceOf(who));
            assertEq(p.allowance, IERC20Metadata(assets[i]).allowance(who, address(vault)));
            assertEq(p.deferred, vault.deferred(who, assets[i]));
        }
        IIndexLens.StakingPosition memory k = s.staking;
        assertEq(k.ve, address(ve));
        assertEq(k.tmai, address(tmai));
        assertEq(k.tmaiBalance, tmai.balanceOf(who));
        assertEq(k.tmaiAllowance, tmai.allowance(who, address(ve)));
        (uint256 amount, uint256 end) = ve.locked(who);
        assertEq(k.lockAmount, amount);
        assertEq(k.lockEnd, end);
        assertEq(k.score, ve.balanceOf(who));
        assertEq(k.totalScore, ve.totalSupply());
        assertEq(uint8(k.tier), uint8(ve.tierOf(who)));
        assertEq(k.votes, ve.getVotes(who));
        assertEq(k.delegate, ve.delegates(who));
        address[] memory tokens_ = dist.rewardTokens();
        assertEq(k.revenue.length, tokens_.length);
        for (uint256 i; i < tokens_.length; ++i) {
            IIndexLens.RevenueClaim memory c = k.revenue[i];
            assertEq(c.token, tokens_[i]);
            assertEq(c.symbol, IERC20Metadata(tokens_[i]).symbol());
            assertEq(c.decimals, IERC20Metadata(tokens_[i]).decimals());
            assertEq(c.claimable, dist.claimable(who, tokens_[i]));
        }
    }

    function _contains(address[] memory list, address x) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == x) return true;
        }
        return false;
    }
}
