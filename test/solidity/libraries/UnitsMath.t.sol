// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {UnitsMath} from "../../../contracts/libraries/UnitsMath.sol";
import {IndexVaultDeployer} from "../../../contracts/index/IndexVaultDeployer.sol";

/// @notice UnitsMath's promises on their own: a stored position reads back as exactly the amount it was made from
///         (below 2^87 wei, and never more than it above), launch units are exact below 2^88, and overflow is
///         reported instead of wrapping.
contract UnitsMathTest is Test {
    function _readBack(uint256 x, uint256 basis) internal pure returns (uint256 got, uint256 units) {
        uint96 packed;
        (packed, units) = UnitsMath.fromAmount(x, basis);
        got = UnitsMath.amount(basis, packed, 1, false);
    }

    /// Any amount and basis (supply x scale from 1 wei x 1 to 1e30 shares x 1e18): exact below 2^87, never above.
    function testFuzz_fromAmount_readsBackExactly(uint256 x, uint256 basis) public pure {
        basis = bound(basis, 1, 1e48);
        x = bound(x, 0, type(uint128).max);
        (uint256 got, uint256 units) = _readBack(x, basis);
        if (units > type(uint96).max) return; // reported to the vault, which reverts UnitsTooLarge
        assertLe(got, x, "never more than the amount");
        if (x < 2 ** 87) assertEq(got, x, "exact below 2^87");
        else assertGe(got, x - (x >> 86), "within 2^-86 above");
    }

    function test_fromAmount_largePositions_shiftTheMantissa() public pure {
        // 2^100 wei on a basis of 1e36 (1 share at scale 1e18): units 2^100 >= 2^96, too large
        (, uint256 units) = UnitsMath.fromAmount(2 ** 100, 1e36);
        assertGt(units, type(uint96).max, "reported as too large");
        // 2^93 wei: units 2^93, stored with a 5-bit exponent, read back within 2^-87
        (uint256 got, uint256 u) = _readBack(2 ** 93 + 12345, 1e36);
        assertLe(u, type(uint96).max);
        assertLe(got, 2 ** 93 + 12345);
        assertGe(got, 2 ** 93 + 12345 - 2 ** 6);
        (got, ) = _readBack(0, 1e36);
        assertEq(got, 0, "zero is zero");
    }

    function testFuzz_fromUnits_exactBelow2pow88(uint256 units) public pure {
        units = bound(units, 0, type(uint96).max);
        uint96 packed = UnitsMath.fromUnits(units);
        assertEq(packed == 0, units == 0, "only zero packs to zero");
        uint256 back = UnitsMath.amount(1e18, packed, 1e18, false); // units per 1e18 shares at scale 1e18
        if (units < 2 ** 88) assertEq(back, units, "exact");
        else {
            assertLe(back, units);
            assertGe(back, units - (units >> 87));
        }
    }

    /// Rounding up on mint is never below rounding down on redeem, and differs by at most one wei.
    function testFuzz_amount_upAndDown(uint256 shares, uint256 units, uint256 scale) public pure {
        shares = bound(shares, 0, 1e30);
        units = bound(units, 1, type(uint96).max);
        scale = bound(scale, 1, 1e18);
        uint96 packed = UnitsMath.fromUnits(units);
        uint256 down = UnitsMath.amount(shares, packed, scale, false);
        uint256 up = UnitsMath.amount(shares, packed, scale, true);
        assertLe(down, up);
        assertLe(up - down, 1);
    }
}

/// @notice The deployer's implementation is IndexVault as compiled, and its vaults are ERC-1167 clones of it: anyone
///         can check the code every vault runs.
contract IndexVaultDeployerTest is Test {
    function test_implementation_isIndexVaultAsCompiled() public {
        IndexVaultDeployer d = IndexVaultDeployer(_deploy(vm.getCode("IndexVaultDeployer.sol:IndexVaultDeployer")));
        assertEq(address(d.implementation()).code, vm.getDeployedCode("IndexVault.sol:IndexVault"));
    }

    function _deploy(bytes memory code) internal returns (address addr) {
        assembly ("memory-safe") {
            addr := create(0, add(code, 0x20), mload(code))
        }
        require(addr != address(0), "deploy failed");
    }
}
