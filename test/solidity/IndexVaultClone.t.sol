// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IndexVaultDeployer} from "../../contracts/index/IndexVaultDeployer.sol";
import {IIndexVault} from "../../contracts/interfaces/IIndexVault.sol";

/// @notice Vaults are ERC-1167 clones of one locked implementation, initialized once; permit works on each clone's
///         own EIP-712 domain; the slot table finds every basket token through appends and compactions.
contract IndexVaultCloneTest is IndexFixture {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    function _params(
        address[] memory assets,
        uint256[] memory units
    ) internal view returns (IIndexVault.InitParams memory) {
        return
            IIndexVault.InitParams("X", "X", assets, units, address(oracle), admin, guardian, feeRecipient, _noFees());
    }

    // ------------------------------------------------------------ clones and initialization

    function test_initialize_cannotRunTwice() public {
        (address[] memory assets, uint256[] memory units) = _basket(2);
        IndexVault vault = _createVault(assets, units, _noFees());
        vm.expectRevert(IIndexVault.AlreadyInitialized.selector);
        vault.initialize(_params(assets, units));
        vm.expectRevert(IIndexVault.AlreadyInitialized.selector);
        vm.prank(admin);
        vault.initialize(_params(assets, units));
        assertEq(vault.name(), "Test Index", "the first initialization stays");
    }

    function test_implementation_isLocked() public {
        (address[] memory assets, uint256[] memory units) = _basket(2);
        IndexVault impl = factory.deployer().implementation();
        vm.expectRevert(IIndexVault.AlreadyInitialized.selector);
        impl.initialize(_params(assets, units));
        assertTrue(impl.mintPaused(), "minting on the implementation is paused");
        vm.expectRevert(IIndexVault.MintPaused.selector);
        impl.mint(1e18, alice, new uint256[](0));
        assertFalse(impl.hasRole(impl.DEFAULT_ADMIN_ROLE(), admin), "nobody administers the implementation");
        assertEq(impl.basketSize(), 0);
        assertEq(impl.name(), "");
    }

    function test_vaultsAreMinimalClonesOfTheImplementation() public {
        (address[] memory assets, uint256[] memory units) = _basket(2);
        IndexVault a = _createVault(assets, units, _noFees());
        vm.prank(admin);
        IndexVault b = IndexVault(factory.createVault("Other Index", "OIDX", assets, units, _noFees()));
        address impl = address(factory.deployer().implementation());
        bytes memory clone = abi.encodePacked(hex"363d3d373d3d3d363d73", impl, hex"5af43d82803e903d91602b57fd5bf3");
        assertEq(address(a).code, clone);
        assertEq(address(b).code, clone);
        assertEq(a.name(), "Test Index");
        assertEq(b.name(), "Other Index");
        assertEq(b.symbol(), "OIDX");
        assertTrue(factory.isVault(address(a)) && factory.isVault(address(b)));
        assertFalse(factory.isVault(impl), "the implementation is not a registered vault");
        assertEq(factory.vaultCount(), 2);
    }

    function test_deployer_deploysUnregisteredVaultsAndBubblesVaultErrors() public {
        (address[] memory assets, uint256[] memory units) = _basket(2);
        IndexVaultDeployer d = factory.deployer();
        IndexVault v = IndexVault(d.deploy(_params(assets, units)));
        assertEq(v.basketSize(), 2);
        assertFalse(factory.isVault(address(v)));
        IIndexVault.InitParams memory p = _params(assets, units);
        p.assets = new address[](0);
        p.units = new uint256[](0);
        vm.expectRevert(IIndexVault.EmptyBasket.selector);
        d.deploy(p);
    }

    // ------------------------------------------------------------ permit

    function _sign(
        IndexVault vault,
        uint256 key,
        address owner,
        address spender,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, spender, value, vault.nonces(owner), deadline)
        );
        (v, r, s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", vault.DOMAIN_SEPARATOR(), structHash)));
    }

    function test_permit_setsAllowanceOnTheClonesOwnDomain() public {
        (address[] memory assets, uint256[] memory units) = _basket(2);
        IndexVault vault = _createVault(assets, units, _noFees());
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Test Index"),
                keccak256("1"),
                block.chainid,
                address(vault)
            )
        );
        assertEq(vault.DOMAIN_SEPARATOR(), expected);
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address verifying, , ) = vault
            .eip712Domain();
        assertEq(fields, hex"0f");
        assertEq(name, "Test Index");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifying, address(vault));

        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _sign(vault, key, owner, bob, 7e18, deadline);
        vault.permit(owner, bob, 7e18, deadline, v, r, s);
        assertEq(vault.allowance(owner, bob), 7e18);
        assertEq(vault.nonces(owner), 1);

        // A replay is signed over the spent nonce: it recovers another signer.
        vm.expectPartialRevert(IndexVault.ERC2612InvalidSigner.selector);
        vault.permit(owner, bob, 7e18, deadline, v, r, s);

        (v, r, s) = _sign(vault, key, owner, bob, 1, deadline);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IndexVault.ERC2612ExpiredSignature.selector, deadline));
        vault.permit(owner, bob, 1, deadline, v, r, s);
    }

    // ------------------------------------------------------------ slot table

    /// @dev Every basket token is found at its position, and a token outside the basket is not.
    function _assertLookups(IndexVault vault, address stranger) internal view {
        (address[] memory tokens, uint256[] memory amounts) = vault.totalBasket();
        for (uint256 i; i < tokens.length; ++i) {
            (uint256 amount, ) = vault.accountedOf(tokens[i]);
            assertEq(amount, amounts[i], "accountedOf finds each token's own slot");
        }
        (uint256 none, ) = vault.accountedOf(stranger);
        assertEq(none, 0);
    }

    function test_slotTable_findsEveryTokenThroughAppendsAndCompaction() public {
        vm.pauseGasMetering();
        (address[] memory assets, uint256[] memory units) = _basket(100);
        IndexVault vault = _createVault(assets, units, _noFees());
        _mint(vault, alice, 10e18);
        address trader = makeAddr("trader");
        bytes32 role = vault.REBALANCER_ROLE();
        vm.prank(admin);
        vault.grantRole(role, trader);
        address stranger = address(new MockERC20("S", "S", 18));
        _assertLookups(vault, stranger);

        // Sell out the first 30 assets, each for a new one (30 appends: 130 slots).
        address[] memory bought = new address[](30);
        for (uint256 i; i < 30; ++i) {
            MockERC20 t = _newAsset(string.concat("N", vm.toString(i)), 18, 1);
            bought[i] = address(t);
            t.mint(trader, 1e18);
            vm.prank(trader);
            t.approve(address(vault), type(uint256).max);
            (uint256 held, ) = vault.accountedOf(assets[i]);
            vm.prank(trader);
            vault.rebalanceTrade(assets[i], held, address(t), 1e18, trader, "");
            (uint256 got, ) = vault.accountedOf(address(t));
            assertEq(got, 1e18, "the appended token is found");
        }
        assertEq(vault.basketSize(), 130);
        _assertLookups(vault, stranger);

        vm.prank(trader);
        vault.compactBasket();
        assertEq(vault.basketSize(), 100);
        _assertLookups(vault, stranger);
        for (uint256 i; i < 30; ++i) {
            (uint256 gone, ) = vault.accountedOf(assets[i]);
            assertEq(gone, 0, "a compacted token is no longer found");
        }
        // Trades after the rebuild still hit the right slots: buy back a removed asset (appended again).
        MockERC20(assets[0]).mint(trader, 5);
        vm.prank(trader);
        MockERC20(assets[0]).approve(address(vault), type(uint256).max);
        vm.prank(trader);
        vault.rebalanceTrade(bought[0], 1, assets[0], 5, trader, "");
        (uint256 back, ) = vault.accountedOf(assets[0]);
        assertEq(back, 5);
        (uint256 left, ) = vault.accountedOf(bought[0]);
        assertEq(left, 1e18 - 1);
        assertEq(vault.basketSize(), 101);
        _assertLookups(vault, stranger);
        vm.resumeGasMetering();
    }

    function test_initialize_rejectsADuplicateAnywhereInALargeBasket() public {
        vm.pauseGasMetering();
        (address[] memory assets, uint256[] memory units) = _basket(100);
        assets[99] = assets[42];
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.DuplicateAsset.selector, assets[42]));
        factory.createVault("X", "X", assets, units, _noFees());
        vm.resumeGasMetering();
    }
}
