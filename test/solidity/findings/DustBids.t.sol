// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RebalanceFixture} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";

/// @notice Finding 1 (high): a bid of 1 wei of the sold asset used to remove a whole grid step (about 1 wei per
///         whole share outstanding) from what the shares are backed by. Shaped like the real-network vaults:
///         about $100 per share, 40 % WBTC at $60,000, 100,000 shares ($10M).
contract DustBidsTest is RebalanceFixture {
    IndexVault internal vault;
    MockERC20 internal wbtc;
    uint256 internal constant SHARES = 100_000e18;

    function setUp() public override {
        super.setUp();
        wbtc = _newAsset("WBTC", 8, 60_000);
        usdc = _newAsset("USDC", 6, 1);
        address[] memory assets = new address[](2);
        uint256[] memory units = new uint256[](2);
        (assets[0], units[0]) = (address(wbtc), 66_667); // $40.0002 of WBTC per share
        (assets[1], units[1]) = (address(usdc), 60e6); // $60 of USDC per share
        vault = _createVault(assets, units);
        _setUpRebalancer(vault, 1e18, 10_000_000e18);
        _setUpBidder();
        _mint(vault, alice, SHARES);

        // Target: all USDC. WBTC is all surplus, USDC in deficit.
        address[] memory t = new address[](1);
        uint256[] memory w = new uint256[](1);
        (t[0], w[0]) = (address(usdc), 1e18);
        _post(vault, t, w);
        vm.warp(block.timestamp + DELAY);
        _refreshOne(address(wbtc));
        _refreshOne(address(usdc));
        rebalancer.startRebalance(address(vault));
    }

    function _held(address asset) internal view returns (uint256 amount) {
        (amount, ) = vault.accountedOf(asset);
    }

    /// @dev Oracle value (USD 18 decimals) of everything the shares are backed by, to the wei of each asset
    ///      (`navPerShare` rounds each asset per whole share, too coarse to see a satoshi).
    function _backingUsd() internal view returns (uint256) {
        (address[] memory a, uint256[] memory amounts) = vault.totalBasket();
        return oracle.getValue(a, amounts);
    }

    /// @dev 40 one-satoshi bids: before the fix each one destroyed 99,999 satoshi (~$60) of backing.
    function test_oneSatoshiBids_destroyNothing() public {
        uint256 backingBefore = _backingUsd();
        for (uint256 k; k < 40; ++k) {
            uint256 wbtcBefore = _held(address(wbtc));
            uint256 usdcBefore = _held(address(usdc));
            uint256 paid = bidder.bid(address(vault), address(wbtc), address(usdc), 1, "");
            assertEq(wbtcBefore - _held(address(wbtc)), 1, "WBTC accounted falls by what was paid out");
            assertGe(_held(address(usdc)) + 1, usdcBefore + paid, "USDC accounted rises by what was received");
        }
        // The bidder paid the auction price (within the band) for 40 satoshi ($0.024): the backing may fall by at
        // most that x bandLow (before the fix: by $2,400).
        assertGe(_backingUsd() + (0.024e18 * uint256(BAND_LOW)) / 1e18, backingBefore, "no backing destroyed");
    }

    /// @dev Any bid size: the accounting of a trade equals the tokens moved (within one wei), and NAV per share
    ///      falls by no more than the band allows on the value sold.
    function testFuzz_bidAccountingEqualsTransfers(uint256 sellAmount) public {
        (uint256 surplus, ) = rebalancer.gap(address(vault), address(wbtc));
        // up to 90 % of the surplus: its price (up to 102 % of the oracle) stays within the USDC deficit
        sellAmount = bound(sellAmount, 1, (surplus * 9) / 10);
        uint256 wbtcBefore = _held(address(wbtc));
        uint256 usdcBefore = _held(address(usdc));
        uint256 vaultWbtc = wbtc.balanceOf(address(vault));
        uint256 vaultUsdc = usdc.balanceOf(address(vault));
        uint256 backingBefore = _backingUsd();
        uint256 paid = bidder.bid(address(vault), address(wbtc), address(usdc), sellAmount, "");

        assertEq(vaultWbtc - wbtc.balanceOf(address(vault)), sellAmount, "paid out what was bid");
        assertEq(usdc.balanceOf(address(vault)) - vaultUsdc, paid, "received what was quoted");
        assertApproxEqAbs(wbtcBefore - _held(address(wbtc)), sellAmount, 1, "sold side: debit == transfer");
        assertApproxEqAbs(_held(address(usdc)) - usdcBefore, paid, 1, "bought side: credit == transfer");
        // the supply did not change, so NAV per share falls at most by the value sold x bandLow (+ 1 wei of USDC)
        uint256 maxFall = (sellAmount * 60_000e18 * BAND_LOW) / 1e8 / 1e18 + 1e12;
        assertGe(_backingUsd() + maxFall, backingBefore, "NAV per share falls at most by the band");
    }
}
