// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {MockERC20} from "../../../../contracts/mocks/MockERC20.sol";
import {PriceOracle} from "../../../../contracts/oracle/PriceOracle.sol";
import {IndexVault} from "../../../../contracts/index/IndexVault.sol";
import {IndexVaultDeployer} from "../../../../contracts/index/IndexVaultDeployer.sol";
import {IIndexVault} from "../../../../contracts/interfaces/IIndexVault.sol";

/// @notice An oracle and vaults deployed through an IndexVaultDeployer (no factory): test contracts stay small enough to deploy under
///         the 16,777,216 gas transaction cap the Solidity tests enforce.
abstract contract SmallVaultFixture is Test {
    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal feeRecipient = makeAddr("feeRecipient");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    PriceOracle internal oracle;
    IndexVaultDeployer internal vaultDeployer;
    uint32 internal constant HEARTBEAT = 1 days;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        oracle = new PriceOracle(admin);
        vaultDeployer = new IndexVaultDeployer();
    }

    /// @dev A test token with a USD feed (8-decimal answers) at `priceUsd` dollars.
    function _newAsset(string memory sym, uint8 decimals, uint256 priceUsd) internal returns (MockERC20 token) {
        token = new MockERC20(sym, sym, decimals);
        _addFeed(address(token), 8, int256(priceUsd * 1e8));
    }

    function _addFeed(address token, uint8 feedDecimals, int256 answer) internal {
        MockV3Aggregator feed = new MockV3Aggregator(feedDecimals, answer);
        vm.prank(admin);
        oracle.setFeed(token, address(feed), HEARTBEAT, 1, type(uint128).max);
    }

    function _params(
        address[] memory assets,
        uint256[] memory units,
        IIndexVault.FeeParams memory fees
    ) internal view returns (IIndexVault.InitParams memory) {
        return IIndexVault.InitParams("X", "X", assets, units, address(oracle), admin, guardian, feeRecipient, fees);
    }

    function _vault(
        address[] memory assets,
        uint256[] memory units,
        IIndexVault.FeeParams memory fees
    ) internal returns (IndexVault) {
        return IndexVault(vaultDeployer.deploy(_params(assets, units, fees)));
    }

    /// @dev Mints `shares` to `who`, funding it with exactly what the mint pulls.
    function _mint(IndexVault vault, address who, uint256 shares) internal {
        uint256[] memory amounts = vault.previewMint(shares);
        (address[] memory assets, ) = vault.getBasket();
        vm.startPrank(who);
        for (uint256 i; i < assets.length; ++i) {
            MockERC20(assets[i]).mint(who, amounts[i]);
            MockERC20(assets[i]).approve(address(vault), type(uint256).max);
        }
        vault.mint(shares, who, amounts);
        vm.stopPrank();
    }
}
