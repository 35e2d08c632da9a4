// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../../contracts/mocks/BlockableERC20.sol";
import {PriceOracle} from "../../../contracts/oracle/PriceOracle.sol";
import {IndexFactory} from "../../../contracts/index/IndexFactory.sol";
import {IndexVaultDeployer} from "../../../contracts/index/IndexVaultDeployer.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";

/// @notice Shared setup: an oracle, a factory, and baskets of real ERC-20s priced by Chainlink MockV3Aggregators.
abstract contract IndexFixture is Test {
    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal feeRecipient = makeAddr("feeRecipient");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    PriceOracle internal oracle;
    IndexFactory internal factory;

    uint32 internal constant HEARTBEAT = 1 days;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        // From its artifact: embedding the oracle's code would push the bigger test contracts over the gas cap.
        bytes memory code = abi.encodePacked(
            vm.getCode("contracts/oracle/PriceOracle.sol:PriceOracle"),
            abi.encode(admin)
        );
        address deployed;
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), "PriceOracle deploy failed");
        oracle = PriceOracle(deployed);
        factory = new IndexFactory(oracle, new IndexVaultDeployer(), admin, guardian, feeRecipient);
    }

    /// @dev Cycles 6, 8 and 18 decimals so every basket mixes them.
    function _decimalsFor(uint256 i) internal pure returns (uint8) {
        uint8[3] memory d = [uint8(6), 8, 18];
        return d[i % 3];
    }

    /// @dev Deploys a token with a USD feed (8-decimal answers, like Chainlink's USD feeds) at `priceUsd` dollars.
    function _newAsset(string memory sym, uint8 decimals, uint256 priceUsd) internal returns (MockERC20 token) {
        token = new MockERC20(sym, sym, decimals);
        _addFeed(address(token), 8, int256(priceUsd * 1e8));
    }

    function _newBlockable(string memory sym, uint8 decimals, uint256 priceUsd) internal returns (BlockableERC20 t) {
        t = new BlockableERC20(sym, sym, decimals);
        _addFeed(address(t), 8, int256(priceUsd * 1e8));
    }

    function _addFeed(address token, uint8 feedDecimals, int256 answer) internal returns (MockV3Aggregator feed) {
        feed = new MockV3Aggregator(feedDecimals, answer);
        vm.prank(admin);
        oracle.setFeed(token, address(feed), HEARTBEAT, 1, type(uint128).max);
    }

    /// @dev A basket of `n` assets with mixed decimals; each asset is worth $1 per share at price $(i+1).
    function _basket(uint256 n) internal returns (address[] memory assets, uint256[] memory units) {
        assets = new address[](n);
        units = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint8 dec = _decimalsFor(i);
            uint256 price = i + 1;
            assets[i] = address(_newAsset(string.concat("T", vm.toString(i)), dec, price));
            // 1 USD worth of the asset per 1e18 shares: 10**dec / price.
            units[i] = (10 ** dec) / price;
        }
    }

    function _noFees() internal pure returns (IIndexVault.FeeParams memory) {
        return IIndexVault.FeeParams(0, 0, 0);
    }

    function _createVault(
        address[] memory assets,
        uint256[] memory units,
        IIndexVault.FeeParams memory fees
    ) internal returns (IndexVault vault) {
        vm.prank(admin);
        vault = IndexVault(factory.createVault("Test Index", "TIDX", assets, units, fees));
    }

    /// @dev Funds `who` with what minting `shares` needs and approves the vault.
    function _fundForMint(IndexVault vault, address who, uint256 shares) internal returns (uint256[] memory amounts) {
        amounts = vault.previewMint(shares);
        (address[] memory assets, ) = vault.getBasket();
        for (uint256 i; i < assets.length; ++i) {
            MockERC20(assets[i]).mint(who, amounts[i]);
            vm.prank(who);
            MockERC20(assets[i]).approve(address(vault), type(uint256).max);
        }
    }

    function _mint(IndexVault vault, address who, uint256 shares) internal returns (uint256[] memory amountsIn) {
        uint256[] memory maxIn = _fundForMint(vault, who, shares);
        vm.prank(who);
        amountsIn = vault.mint(shares, who, maxIn);
    }

    function _zeros(uint256 n) internal pure returns (uint256[] memory z) {
        z = new uint256[](n);
    }

    function _maxes(uint256 n) internal pure returns (uint256[] memory m) {
        m = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            m[i] = type(uint256).max;
        }
    }
}
