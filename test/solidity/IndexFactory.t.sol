// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IndexFactory} from "../../contracts/index/IndexFactory.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../contracts/interfaces/IIndexVault.sol";

contract IndexFactoryTest is IndexFixture {
    function test_createVault_registersAndConfigures() public {
        (address[] memory assets, uint256[] memory units) = _basket(4);
        IIndexVault.FeeParams memory fees = IIndexVault.FeeParams(0.02e18, 0.001e18, 0.002e18);
        vm.expectEmit(false, true, false, true, address(factory));
        emit IndexFactory.VaultCreated(address(0), admin, "Test Index", "TIDX", assets, units);
        IndexVault vault = _createVault(assets, units, fees);

        assertTrue(factory.isVault(address(vault)));
        assertEq(factory.vaultCount(), 1);
        assertEq(factory.getVaults(0, 10)[0], address(vault));
        assertEq(vault.name(), "Test Index");
        assertEq(vault.symbol(), "TIDX");
        assertEq(vault.decimals(), 18);
        assertEq(address(vault.oracle()), address(oracle));
        assertEq(vault.feeRecipient(), feeRecipient);
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(vault.hasRole(vault.GUARDIAN_ROLE(), guardian));
        assertFalse(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), address(factory)), "factory keeps no role");
        IIndexVault.FeeParams memory f = vault.fees();
        assertEq(f.managementFee, fees.managementFee);
        assertEq(f.mintFee, fees.mintFee);
        assertEq(f.redeemFee, fees.redeemFee);
    }

    function test_createVault_rejectsBadBaskets() public {
        (address[] memory assets, uint256[] memory units) = _basket(3);
        vm.startPrank(admin);

        vm.expectRevert(IIndexVault.EmptyBasket.selector);
        factory.createVault("X", "X", new address[](0), new uint256[](0), _noFees());

        vm.expectRevert(abi.encodeWithSelector(IIndexVault.LengthMismatch.selector, 3, 2));
        factory.createVault("X", "X", assets, new uint256[](2), _noFees());

        address[] memory dup = new address[](3);
        (dup[0], dup[1], dup[2]) = (assets[0], assets[1], assets[0]);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.DuplicateAsset.selector, assets[0]));
        factory.createVault("X", "X", dup, units, _noFees());

        uint256[] memory zeroUnits = new uint256[](3);
        (zeroUnits[0], zeroUnits[1]) = (1, 1);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.ZeroUnits.selector, assets[2]));
        factory.createVault("X", "X", assets, zeroUnits, _noFees());

        uint256[] memory huge = new uint256[](3);
        (huge[0], huge[1], huge[2]) = (1, 1, uint256(type(uint96).max) + 1);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.UnitsTooLarge.selector, assets[2], huge[2]));
        factory.createVault("X", "X", assets, huge, _noFees());

        address noFeed = address(new MockERC20("NF", "NF", 18));
        address[] memory withUnpriced = new address[](3);
        (withUnpriced[0], withUnpriced[1], withUnpriced[2]) = (assets[0], noFeed, assets[2]);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.MissingFeed.selector, noFeed));
        factory.createVault("X", "X", withUnpriced, units, _noFees());

        address[] memory withZero = new address[](3);
        (withZero[0], withZero[1]) = (assets[0], assets[1]);
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        factory.createVault("X", "X", withZero, units, _noFees());

        vm.stopPrank();
        assertEq(factory.vaultCount(), 0);
    }

    function test_createVault_rejectsMoreThan100Assets() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.TooManyAssets.selector, 101, 100));
        factory.createVault("X", "X", new address[](101), new uint256[](101), _noFees());
    }

    function test_createVault_enforcesDaoBounds() public {
        (address[] memory assets, uint256[] memory units) = _basket(3);
        vm.startPrank(admin);
        factory.setMaxAssets(2);
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.TooManyAssets.selector, 3, 2));
        factory.createVault("X", "X", assets, units, _noFees());
        factory.setMaxAssets(3);

        factory.setMaxFees(IIndexVault.FeeParams(0.02e18, 0.01e18, 0.01e18));
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.FeeAboveBound.selector, 0.03e18, 0.02e18));
        factory.createVault("X", "X", assets, units, IIndexVault.FeeParams(0.03e18, 0.01e18, 0));
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.FeeAboveBound.selector, 0.02e18, 0.01e18));
        factory.createVault("X", "X", assets, units, IIndexVault.FeeParams(0, 0.02e18, 0));
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.FeeAboveBound.selector, 0.02e18, 0.01e18));
        factory.createVault("X", "X", assets, units, IIndexVault.FeeParams(0, 0, 0.02e18));
        // A streaming fee still needs the vault's own rule: mint fee >= one day of it.
        vm.expectRevert();
        factory.createVault("X", "X", assets, units, IIndexVault.FeeParams(0.02e18, 0, 0));
        factory.createVault("X", "X", assets, units, IIndexVault.FeeParams(0.02e18, 0.001e18, 0.01e18));
        vm.stopPrank();
    }

    function test_boundsCannotExceedHardCaps() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.BoundAboveHardCap.selector, 101, 100));
        factory.setMaxAssets(101);
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.BoundAboveHardCap.selector, 0, 100));
        factory.setMaxAssets(0);
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.BoundAboveHardCap.selector, 0.11e18, 0.1e18));
        factory.setMaxFees(IIndexVault.FeeParams(0.11e18, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.BoundAboveHardCap.selector, 0.06e18, 0.05e18));
        factory.setMaxFees(IIndexVault.FeeParams(0, 0.06e18, 0));
        vm.expectRevert(abi.encodeWithSelector(IndexFactory.BoundAboveHardCap.selector, 0.06e18, 0.05e18));
        factory.setMaxFees(IIndexVault.FeeParams(0, 0, 0.06e18));
        vm.stopPrank();
    }

    function test_newVaultsGetTheCurrentAdminGuardianAndRecipient() public {
        address timelock = makeAddr("timelock");
        address distributor = makeAddr("distributor");
        vm.startPrank(admin);
        vm.expectEmit(address(factory));
        emit IndexFactory.VaultAdminSet(timelock);
        factory.setVaultAdmin(timelock);
        factory.setVaultGuardian(address(0));
        factory.setFeeRecipient(distributor);
        vm.expectRevert(IndexFactory.ZeroAddress.selector);
        factory.setVaultAdmin(address(0));
        vm.expectRevert(IndexFactory.ZeroAddress.selector);
        factory.setFeeRecipient(address(0));
        vm.stopPrank();
        (address[] memory assets, uint256[] memory units) = _basket(2);
        IndexVault vault = _createVault(assets, units, _noFees());
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), timelock));
        assertFalse(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), admin));
        assertFalse(vault.hasRole(vault.GUARDIAN_ROLE(), guardian));
        assertEq(vault.feeRecipient(), distributor);
    }

    function test_getVaultsPages() public {
        (address[] memory assets, uint256[] memory units) = _basket(1);
        address[] memory made = new address[](5);
        vm.pauseGasMetering(); // five deployments exceed one transaction's gas cap
        for (uint256 i; i < 5; ++i) {
            made[i] = address(_createVault(assets, units, _noFees()));
        }
        vm.resumeGasMetering();
        address[] memory page = factory.getVaults(1, 3);
        assertEq(page.length, 3);
        assertEq(page[0], made[1]);
        assertEq(page[2], made[3]);
        assertEq(factory.getVaults(4, 10).length, 1);
        assertEq(factory.getVaults(5, 10).length, 0);
    }

    function test_onlyRolesMayActOnTheFactory() public {
        (address[] memory assets, uint256[] memory units) = _basket(1);
        bytes32 creator = factory.VAULT_CREATOR_ROLE();
        bytes32 adminRole = factory.DEFAULT_ADMIN_ROLE();
        vm.startPrank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, creator));
        factory.createVault("X", "X", assets, units, _noFees());
        bytes memory err = abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector,
            bob,
            adminRole
        );
        vm.expectRevert(err);
        factory.setVaultAdmin(bob);
        vm.expectRevert(err);
        factory.setVaultGuardian(bob);
        vm.expectRevert(err);
        factory.setFeeRecipient(bob);
        vm.expectRevert(err);
        factory.setMaxAssets(5);
        vm.expectRevert(err);
        factory.setMaxFees(IIndexVault.FeeParams(0, 0, 0));
        vm.expectRevert(err);
        factory.grantRole(creator, bob);
        vm.stopPrank();
    }
}
