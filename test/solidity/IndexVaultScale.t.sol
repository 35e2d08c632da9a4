// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../contracts/interfaces/IIndexVault.sol";

/// @notice Baskets of 1, 10, 50 and 100 assets (6, 8 and 18 decimals mixed): every user action works and fits in
///         one transaction under EIP-7825's 16,777,216 gas (the test config caps every transaction at that).
contract IndexVaultScaleTest is IndexFixture {
    uint256 internal constant TX_GAS_CAP = 16_777_216;

    event GasUsed(string action, uint256 assets, uint256 gas);

    function _scenario(uint256 n) internal {
        // Building a 100-asset world costs far more than one transaction: do it unmetered.
        vm.pauseGasMetering();
        (address[] memory assets, uint256[] memory units) = _basket(n);
        IndexVault vault = _createVault(assets, units, IIndexVault.FeeParams(0.02e18, 0.001e18, 0.001e18));
        uint256[] memory aliceMax = _fundForMint(vault, alice, 20e18);
        uint256[] memory bobMax = _fundForMint(vault, bob, 10e18);
        vm.resumeGasMetering();

        uint256 g = gasleft();
        vm.prank(alice);
        vault.mint(10e18, alice, aliceMax);
        _record("mint (first, empty vault)", n, g - gasleft());

        vm.warp(block.timestamp + 1 days);
        g = gasleft();
        vm.prank(bob);
        vault.mint(10e18, bob, bobMax);
        _record("mint (fresh receiver)", n, g - gasleft());

        vm.warp(block.timestamp + 1 days);
        g = gasleft();
        vm.prank(alice);
        vault.mint(5e18, alice, aliceMax);
        _record("mint (existing holder)", n, g - gasleft());

        vm.warp(block.timestamp + 1 days);
        uint256[] memory zeros = _zeros(n);
        g = gasleft();
        vm.prank(alice);
        vault.redeem(5e18, alice, zeros);
        _record("redeem (partial, holder stays)", n, g - gasleft());

        uint256 bobShares = vault.balanceOf(bob);
        (address[] memory a, ) = vault.getBasket();
        uint256[] memory bobBefore = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            bobBefore[i] = MockERC20(a[i]).balanceOf(bob);
        }
        g = gasleft();
        vm.prank(bob);
        uint256[] memory out = vault.redeem(bobShares, bob, zeros);
        _record("redeem (full exit)", n, g - gasleft());

        // The full exit paid every asset, rounding down, and the vault still backs what remains.
        (, uint256[] memory held) = vault.totalBasket();
        for (uint256 i; i < n; ++i) {
            assertEq(MockERC20(a[i]).balanceOf(bob) - bobBefore[i], out[i]);
            assertGt(out[i], 0);
            assertGe(MockERC20(a[i]).balanceOf(address(vault)), held[i]);
        }
        assertEq(vault.balanceOf(bob), 0);
    }

    function _record(string memory action, uint256 n, uint256 gas) internal {
        emit GasUsed(action, n, gas);
        assertLt(gas, TX_GAS_CAP, action);
    }

    function test_scale_1Asset() public {
        _scenario(1);
    }

    function test_scale_10Assets() public {
        _scenario(10);
    }

    function test_scale_50Assets() public {
        _scenario(50);
    }

    function test_scale_100Assets() public {
        _scenario(100);
    }

    function test_navPerShare_100Assets() public {
        vm.pauseGasMetering();
        (address[] memory assets, uint256[] memory units) = _basket(100);
        IndexVault vault = _createVault(assets, units, _noFees());
        vm.resumeGasMetering();
        uint256 g = gasleft();
        uint256 nav = vault.navPerShare();
        _record("navPerShare", 100, g - gasleft());
        // Each asset is worth ~$1 per share (units were rounded down): NAV is just under $100.
        assertApproxEqRel(nav, 100e18, 1e15);
        assertLe(nav, 100e18);
    }

    function test_createVault_100Assets() public {
        vm.pauseGasMetering();
        (address[] memory assets, uint256[] memory units) = _basket(100);
        vm.resumeGasMetering();
        uint256 g = gasleft();
        _createVault(assets, units, _noFees());
        uint256 used = g - gasleft();
        _record("createVault", 100, used);
        // A clone of the implementation plus one storage slot per asset and at most 16 slot-table words.
        assertLe(used, 5_000_000, "createVault of 100 assets");
    }
}
