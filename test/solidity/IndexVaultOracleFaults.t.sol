// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IPriceOracle} from "../../contracts/interfaces/IPriceOracle.sol";

/// @notice Each oracle failure makes NAV revert with its own error, and in-kind redeem still pays in full.
contract IndexVaultOracleFaultsTest is IndexFixture {
    IndexVault internal vault;
    address[] internal assets;
    uint256[] internal units;
    MockV3Aggregator internal feed1;

    function setUp() public override {
        super.setUp();
        (assets, units) = _basket(3);
        vault = _createVault(assets, units, _noFees());
        _mint(vault, alice, 10e18);
        feed1 = MockV3Aggregator(oracle.feedConfig(assets[1]).feed);
    }

    /// @dev NAV reverts with exactly `expected`; then alice redeems everything and gets every asset.
    function _assertNavFailsRedeemWorks(bytes memory expected) internal {
        vm.expectRevert(expected);
        vault.navPerShare();
        uint256[] memory minOut = vault.previewRedeem(10e18);
        vm.prank(alice);
        uint256[] memory out = vault.redeem(10e18, alice, minOut);
        for (uint256 i; i < assets.length; ++i) {
            assertEq(out[i], 10 * units[i]);
            assertEq(MockERC20(assets[i]).balanceOf(alice), 10 * units[i]);
        }
    }

    function test_stale() public {
        feed1.updateRoundData(2, 2e8, block.timestamp - HEARTBEAT - 1, block.timestamp - HEARTBEAT - 1);
        _assertNavFailsRedeemWorks(
            abi.encodeWithSelector(
                IPriceOracle.StalePrice.selector,
                assets[1],
                block.timestamp - HEARTBEAT - 1,
                HEARTBEAT
            )
        );
    }

    function test_zero() public {
        feed1.updateAnswer(0);
        _assertNavFailsRedeemWorks(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, assets[1], 0));
    }

    function test_negative() public {
        feed1.updateAnswer(-2e8);
        _assertNavFailsRedeemWorks(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, assets[1], -2e8));
    }

    function test_outOfBounds() public {
        vm.prank(admin);
        oracle.setFeed(assets[1], address(feed1), HEARTBEAT, 1e18, 3e18);
        feed1.updateAnswer(4e8);
        _assertNavFailsRedeemWorks(
            abi.encodeWithSelector(IPriceOracle.PriceOutOfBounds.selector, assets[1], 4e18, 1e18, 3e18)
        );
    }

    function test_sequencerDown() public {
        MockV3Aggregator seq = new MockV3Aggregator(0, 1); // 1 = down
        vm.prank(admin);
        oracle.setSequencerFeed(address(seq), 1 hours);
        _assertNavFailsRedeemWorks(abi.encodeWithSelector(IPriceOracle.SequencerDown.selector));
    }

    function test_sequencerGracePeriod() public {
        MockV3Aggregator seq = new MockV3Aggregator(0, 0); // just came back up
        vm.prank(admin);
        oracle.setSequencerFeed(address(seq), 1 hours);
        _assertNavFailsRedeemWorks(
            abi.encodeWithSelector(IPriceOracle.SequencerGracePeriod.selector, block.timestamp, 1 hours)
        );
    }

    function test_feedRemoved() public {
        vm.prank(admin);
        oracle.removeFeed(assets[1]);
        _assertNavFailsRedeemWorks(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, assets[1]));
    }
}
