// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RebalanceFixture} from "../utils/RebalanceFixture.sol";
import {IIndexLens} from "../../../contracts/interfaces/IIndexLens.sol";
import {IndexLens} from "../../../contracts/lens/IndexLens.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";

/// @notice IndexLens on a 100-asset vault in the middle of a rebalance (99 assets kept at 1 %, the 100th sold for
///         USDC): one call reads the whole basket and 101 lots, well under a transaction's gas cap.
contract IndexLensScaleTest is RebalanceFixture {
    uint256 internal constant TX_GAS_CAP = 16_777_216;
    uint256 internal constant N = 100;

    /// @dev Deployed from its artifact (the test contract does not embed its code); typed as the contract so that
    ///      coverage maps it.
    IndexLens internal lens;
    IndexVault internal vault;
    address[] internal assets;

    event GasUsed(string call, uint256 gas);

    function setUp() public override {
        vm.pauseGasMetering();
        super.setUp();
        lens = IndexLens(_deployArtifact("IndexLens.sol:IndexLens", ""));
        uint256[] memory units;
        (assets, units) = _basket(N);
        vault = _createVault(assets, units);
        _setUpRebalancer(vault, 0.02e18, 1e30);
        _mint(vault, alice, 1000e18);
        address[] memory target = new address[](N);
        uint256[] memory w = new uint256[](N);
        for (uint256 i; i < N - 1; ++i) {
            (target[i], w[i]) = (assets[i], 0.01e18);
        }
        (target[N - 1], w[N - 1]) = (address(usdc), 0.01e18);
        _post(vault, target, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        rebalancer.startRebalance(address(vault));
        vm.resumeGasMetering();
    }

    function test_indexSummaryOf100Assets_duringAnAuction_fitsOneCall() public {
        uint256 g = gasleft();
        IIndexLens.IndexSummary memory s = lens.indexSummary(address(vault), address(rebalancer));
        uint256 used = g - gasleft();
        vm.pauseGasMetering();
        emit GasUsed("indexSummary, 100 assets, 101 lots", used);
        assertLt(used, TX_GAS_CAP);
        assertEq(s.basket.length, N);
        assertEq(s.navPerShare, vault.navPerShare());
        IIndexLens.AuctionLot[] memory lots = s.rebalance.auction.lots;
        assertEq(lots.length, N + 1, "every slot, then USDC");
        assertEq(lots[N].asset, address(usdc));
        assertGt(lots[N].deficit, 0);
        assertGt(lots[N - 1].surplus, 0, "the asset left out of the target is sold");
        for (uint256 j; j < lots.length; ++j) {
            (uint256 surplus, uint256 deficit) = rebalancer.gap(address(vault), lots[j].asset);
            assertEq(lots[j].surplus, surplus);
            assertEq(lots[j].deficit, deficit);
        }
        vm.resumeGasMetering();
    }

    function test_accountSummaryOf100Assets_fitsOneCall() public {
        uint256 g = gasleft();
        IIndexLens.AccountSummary memory s = lens.accountSummary(address(vault), alice, address(0));
        uint256 used = g - gasleft();
        vm.pauseGasMetering();
        emit GasUsed("accountSummary, 100 assets", used);
        assertLt(used, TX_GAS_CAP);
        assertEq(s.assets.length, N);
        assertEq(s.indexBalance, 1000e18);
        for (uint256 i; i < N; ++i) {
            assertEq(s.assets[i].asset, assets[i]);
            assertTrue(s.assets[i].ok);
        }
        vm.resumeGasMetering();
    }
}
