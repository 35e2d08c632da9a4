// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ThreeAssetRebalanceFixture} from "../utils/RebalanceFixture.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";

/// @notice Findings 5 and 6: a rebalance ends with the basket its target describes (no dust of sold-out assets),
///         and a pending regime switch stops the running auction.
contract RegimeAndDustTest is ThreeAssetRebalanceFixture {
    /// @dev Finding 5: a bid that would leave less than $1 of an asset's surplus is refused, so a sold-out asset
    ///      is either sold in full or keeps a position a swap can still buy.
    function test_bidLeavingDust_isRefused() public {
        _startTarget2();
        address v = address(vault);
        (uint256 surplus, ) = rebalancer.gap(v, assets[1]); // asset1 at $2: $1,000 of it, all surplus
        uint256 almostAll = surplus - 1e5; // leaves 0.001 token = $0.002
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.LeavesDust.selector, assets[1], 1e5, 0.002e18));
        bidder.bid(v, assets[1], address(usdc), almostAll, "");
        // leaving $1 or more is fine; taking everything is fine
        bidder.bid(v, assets[1], address(usdc), surplus - 1e8, "");
        (surplus, ) = rebalancer.gap(v, assets[1]);
        bidder.bid(v, assets[1], address(usdc), surplus, "");
        (uint256 held, ) = vault.accountedOf(assets[1]);
        assertEq(held, 0, "sold in full");
    }

    /// @dev `WHOLE_SURPLUS` takes the surplus as it is when the bid runs (it moves by a few wei as fees accrue, so
    ///      an exact amount read off-chain may no longer fit): quoted and sold exactly, nothing left.
    function test_wholeSurplusSentinel_sellsExactlyTheSurplus() public {
        _startTarget2();
        address v = address(vault);
        uint256 whole = rebalancer.WHOLE_SURPLUS();
        (uint256 surplus, ) = rebalancer.gap(v, assets[1]);
        assertEq(
            rebalancer.quote(v, assets[1], address(usdc), whole),
            rebalancer.quote(v, assets[1], address(usdc), surplus)
        );
        bidder.bid(v, assets[1], address(usdc), whole, "");
        assertEq(MockERC20(assets[1]).balanceOf(address(bidder)), surplus, "the bidder got the whole surplus");
        (uint256 held, ) = vault.accountedOf(assets[1]);
        assertEq(held, 0, "nothing left");
    }

    /// @dev Finding 5: after an auction whose bids sold every out-of-target asset in full, compaction leaves exactly
    ///      the target's assets.
    function test_fullSale_endsWithTheTargetBasket() public {
        _startTarget2();
        address v = address(vault);
        (uint256 surplus, ) = rebalancer.gap(v, assets[1]);
        bidder.bid(v, assets[1], address(usdc), surplus, ""); // $1,000 for a $1,500 USDC deficit
        (, uint256 end, , ) = _auctionTimes();
        vm.warp(end + 1);
        rebalancer.compact(v);
        (address[] memory basket, uint256[] memory units) = vault.getBasket();
        for (uint256 i; i < basket.length; ++i) {
            assertGt(units[i], 0, "no zero slots");
            if (basket[i] == assets[1]) revert("asset1 was sold in full and must be gone");
        }
    }

    /// @dev Finding 6: while a regime switch is pending, the running auction takes no bids (no risk-on buying in
    ///      the minutes before a risk-off switch); clearing the pending switch resumes it.
    function test_pendingSwitch_pausesBids() public {
        _startTarget2();
        address v = address(vault);
        vm.prank(methodologist);
        rebalancer.signalRegime(v, IRebalancer.Regime.RiskOff);
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.RegimeSwitchPending.selector, v));
        bidder.bid(v, assets[1], address(usdc), 1e8, "");
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.RegimeSwitchPending.selector, v));
        rebalancer.quote(v, assets[1], address(usdc), 1e8);

        // a change of mind: the regime in force is signalled again, the pending switch is cleared
        vm.prank(methodologist);
        rebalancer.signalRegime(v, IRebalancer.Regime.RiskOn);
        bidder.bid(v, assets[1], address(usdc), 1e8, "");
    }

    function _auctionTimes() internal view returns (uint256 id, uint256 end, uint256 start, bytes32 key) {
        (id, start, end, key) = rebalancer.auction(address(vault));
    }
}
