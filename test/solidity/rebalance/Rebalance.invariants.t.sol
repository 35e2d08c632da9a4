// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {RebalanceFixture} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {Rebalancer} from "../../../contracts/rebalance/Rebalancer.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";

/// @notice Random mints, redeems and bids (and time) on a vault in the middle of a rebalance.
contract RebalanceHandler is Test {
    IndexVault public immutable vault;
    Rebalancer public immutable rebalancer;
    IPriceOracle public immutable oracle;
    address[] public actors;
    address[] public candidates; // every asset that may be sold or bought
    uint256 public immutable bandLow;

    bool public bandViolated;
    bool public unitsMovedByMintOrRedeem;
    bool public exitFailed;
    uint256 public bids;

    constructor(IndexVault v, Rebalancer r, address[] memory actors_, address[] memory candidates_, uint256 low) {
        vault = v;
        rebalancer = r;
        oracle = r.oracle();
        actors = actors_;
        candidates = candidates_;
        bandLow = low;
        for (uint256 a; a < actors_.length; ++a) {
            for (uint256 i; i < candidates_.length; ++i) {
                vm.prank(actors_[a]);
                MockERC20(candidates_[i]).approve(address(v), type(uint256).max);
            }
        }
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _units() internal view returns (uint256[] memory u) {
        (, u) = vault.getBasket();
    }

    function _same(uint256[] memory a, uint256[] memory b) internal pure returns (bool) {
        if (a.length != b.length) return false;
        for (uint256 i; i < a.length; ++i) {
            if (a[i] != b[i]) return false;
        }
        return true;
    }

    function mint(uint256 actorSeed, uint256 shares) external {
        address actor = _actor(actorSeed);
        shares = bound(shares, 1, 100_000e18);
        uint256[] memory need = vault.previewMint(shares);
        (address[] memory assets, ) = vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            MockERC20(assets[i]).mint(actor, need[i]);
        }
        uint256[] memory before = _units();
        vm.prank(actor);
        vault.mint(shares, actor, need);
        if (!_same(before, _units())) unitsMovedByMintOrRedeem = true;
    }

    function redeem(uint256 actorSeed, uint256 shares) external {
        address actor = _actor(actorSeed);
        uint256 balance = vault.balanceOf(actor);
        if (balance == 0) return;
        shares = bound(shares, 1, balance);
        uint256[] memory before = _units();
        uint256 n = vault.basketSize();
        vm.prank(actor);
        try vault.redeem(shares, actor, new uint256[](n)) {
            if (!_same(before, _units())) unitsMovedByMintOrRedeem = true;
        } catch {
            exitFailed = true;
        }
    }

    function bid(uint256 sellSeed, uint256 buySeed, uint256 amount, uint256 actorSeed) external {
        address sell = candidates[sellSeed % candidates.length];
        address buy = candidates[buySeed % candidates.length];
        if (sell == buy) return;
        (uint256 surplus, ) = rebalancer.gap(address(vault), sell);
        if (surplus == 0) return;
        amount = bound(amount, 1, surplus);
        uint256 pay;
        try rebalancer.quote(address(vault), sell, buy, amount) returns (uint256 q) {
            pay = q;
        } catch {
            return; // over the deficit or the lot: not a valid bid
        }
        address bidder = _actor(actorSeed);
        MockERC20(buy).mint(bidder, pay);
        uint256 sellValue = (amount * oracle.getPrice(sell)) / 10 ** oracle.feedConfig(sell).assetDecimals;
        uint256 buyValue = (pay * oracle.getPrice(buy)) / 10 ** oracle.feedConfig(buy).assetDecimals;
        vm.prank(bidder);
        rebalancer.bid(address(vault), sell, buy, amount, pay, "");
        ++bids;
        // the vault never receives less oracle value than the band's low end allows (1 wei of USD for rounding)
        if ((buyValue + 1) * 1e18 < sellValue * (1e18 - bandLow)) bandViolated = true;
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 30 minutes));
    }
}

contract RebalanceInvariantTest is RebalanceFixture {
    RebalanceHandler internal handler;
    IndexVault internal vault;
    address[] internal holders;
    address[] internal candidates;

    function setUp() public override {
        vm.pauseGasMetering();
        super.setUp();
        (address[] memory assets, uint256[] memory units) = _basket(3);
        vault = _createVault(assets, units);
        _setUpRebalancer(vault, 0.7e18, 1e30);
        holders = [alice, bob, makeAddr("carol")];
        _mint(vault, alice, 1000e18);
        // target: 60 % asset0, 40 % USDC; asset1, asset2 sold out
        address[] memory a = new address[](2);
        uint256[] memory w = new uint256[](2);
        (a[0], w[0], a[1], w[1]) = (assets[0], 0.6e18, address(usdc), 0.4e18);
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        // feeds stay fresh for the whole run (auction 6 h, heartbeat 1 day)
        rebalancer.startRebalance(address(vault));
        candidates = [assets[0], assets[1], assets[2], address(usdc)];
        handler = new RebalanceHandler(vault, rebalancer, holders, candidates, BAND_LOW);
        targetContract(address(handler));
        vm.resumeGasMetering();
    }

    /// R1: what the vault accounts for never exceeds what it holds, bids and all.
    function invariant_accountedWithinBalances() public view {
        (address[] memory assets, uint256[] memory accounted) = vault.totalBasket();
        for (uint256 i; i < assets.length; ++i) {
            assertGe(MockERC20(assets[i]).balanceOf(address(vault)), accounted[i] + vault.deferredTotal(assets[i]));
        }
    }

    /// R2: supply is the sum of balances.
    function invariant_supplyEqualsSumOfBalances() public view {
        uint256 sum;
        for (uint256 i; i < holders.length; ++i) {
            sum += vault.balanceOf(holders[i]);
        }
        assertEq(vault.totalSupply(), sum);
    }

    /// R3: no bid gives the vault less oracle value than the band allows.
    function invariant_bidsWithinBand() public view {
        assertFalse(handler.bandViolated());
    }

    /// R4: mint and redeem never move units per share, even between bids; redeem never fails.
    function invariant_mintRedeemKeepUnits() public view {
        assertFalse(handler.unitsMovedByMintOrRedeem());
        assertFalse(handler.exitFailed());
    }

    /// R5: the basket never holds an asset twice and never shrinks mid-auction (no reordering).
    function invariant_basketAppendOnlyDuringAuction() public view {
        (address[] memory assets, ) = vault.getBasket();
        assertGe(assets.length, 3);
        for (uint256 i; i < assets.length; ++i) {
            for (uint256 j; j < i; ++j) {
                assertTrue(assets[i] != assets[j]);
            }
        }
        for (uint256 i; i < 3; ++i) {
            assertEq(assets[i], candidates[i], "original slots keep their position");
        }
    }
}
