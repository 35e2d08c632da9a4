// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {NoReturnToken} from "../../contracts/mocks/zoo/NoReturnToken.sol";
import {RevertOnZeroToken, FeeOnTransferToken, HookToken, RebasingToken} from "../../contracts/mocks/zoo/ZooTokens.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../contracts/interfaces/IIndexVault.sol";

/// @notice Hostile and unusual tokens in a basket: each is handled correctly, or shown to be unsupported
///         (see the token support table in docs/SECURITY.md).
contract TokenZooTest is IndexFixture {
    MockERC20 internal weth;

    function setUp() public override {
        super.setUp();
        weth = _newAsset("WETH", 18, 3000);
    }

    /// @dev Prices `token` at $1 (8-decimal feed) and creates a vault of `units` of it plus 0.001 WETH per share.
    function _pair(address token, uint256 units) internal returns (IndexVault vault) {
        _addFeed(token, 8, 1e8);
        address[] memory a = new address[](2);
        uint256[] memory u = new uint256[](2);
        (a[0], u[0]) = (token, units);
        (a[1], u[1]) = (address(weth), 0.001e18);
        vault = _createVault(a, u, _noFees());
    }

    function _fund(IndexVault vault, address who, uint256 shares, address token) internal returns (uint256[] memory) {
        uint256[] memory need = vault.previewMint(shares);
        NoReturnToken(token).mint(who, need[0]); // every zoo token has mint(address,uint256)
        weth.mint(who, need[1]);
        vm.startPrank(who);
        NoReturnToken(token).approve(address(vault), type(uint256).max);
        weth.approve(address(vault), type(uint256).max);
        vm.stopPrank();
        return need;
    }

    // ------------------------------------------------------------- supported

    function test_noReturnValueToken_USDTlike_isSupported() public {
        NoReturnToken usdt = new NoReturnToken("Tether", "USDT", 6);
        IndexVault vault = _pair(address(usdt), 5e6);
        uint256[] memory need = _fund(vault, alice, 3e18, address(usdt));
        vm.prank(alice);
        vault.mint(3e18, alice, need);
        assertEq(usdt.balanceOf(address(vault)), 15e6);
        vm.prank(alice);
        vault.redeem(3e18, alice, new uint256[](2));
        assertEq(usdt.balanceOf(alice), 15e6);
        assertEq(vault.totalSupply(), 0);
    }

    function test_revertOnZeroTransferToken_isSupported() public {
        RevertOnZeroToken zero = new RevertOnZeroToken(6);
        IndexVault vault = _pair(address(zero), 1e6);
        uint256[] memory need = _fund(vault, alice, 1e18, address(zero));
        vm.prank(alice);
        vault.mint(1e18, alice, need);
        // Redeeming 1 wei of shares pays 0 of each asset: no zero-amount transfer is attempted.
        vm.prank(alice);
        uint256[] memory out = vault.redeem(1, alice, new uint256[](2));
        assertEq(out[0], 0);
        assertEq(vault.deferred(alice, address(zero)), 0);
        // And a 1-wei mint still pulls at least 1 unit of each asset (rounding up), never zero.
        uint256[] memory tiny = _fund(vault, bob, 1, address(zero));
        assertEq(tiny[0], 1);
        vm.prank(bob);
        vault.mint(1, bob, tiny);
    }

    function test_unusualDecimals_0_2_27_areSupported() public {
        MockERC20 d0 = _newAsset("D0", 0, 1); // $1, 0 decimals
        MockERC20 d2 = _newAsset("D2", 2, 1); // $1, 2 decimals
        MockERC20 d27 = _newAsset("D27", 27, 1); // $1, 27 decimals
        address[] memory a = new address[](3);
        uint256[] memory u = new uint256[](3);
        (a[0], u[0]) = (address(d0), 1); // $1 per share
        (a[1], u[1]) = (address(d2), 100); // $1 per share
        (a[2], u[2]) = (address(d27), 1e27); // $1 per share
        IndexVault vault = _createVault(a, u, _noFees());
        assertEq(vault.navPerShare(), 3e18);
        uint256[] memory pulled = _mint(vault, alice, 7e18);
        assertEq(pulled[0], 7);
        assertEq(pulled[1], 700);
        assertEq(pulled[2], 7e27);
        vm.prank(alice);
        uint256[] memory out = vault.redeem(0.5e18, alice, new uint256[](3));
        assertEq(out[0], 0, "half a whole 0-decimal token rounds down to nothing");
        assertEq(out[1], 50);
        assertEq(out[2], 0.5e27);
    }

    // ------------------------------------------------------------- reentrancy through token hooks

    function test_hookTokenCannotReenterMint() public {
        HookToken hook = new HookToken(18);
        IndexVault vault = _pair(address(hook), 1e18);
        uint256[] memory need = _fund(vault, alice, 1e18, address(hook));
        // During the vault's transferFrom, the token calls back into the vault.
        hook.setHook(address(vault), abi.encodeCall(IndexVault.redeem, (1, alice, new uint256[](2))));
        vm.prank(alice);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vault.mint(1e18, alice, need);
        assertEq(vault.totalSupply(), 0);
    }

    function test_hookTokenReenteringDuringRedeem_isDeferredNotLost() public {
        HookToken hook = new HookToken(18);
        IndexVault vault = _pair(address(hook), 1e18);
        uint256[] memory need = _fund(vault, alice, 2e18, address(hook));
        vm.prank(alice);
        vault.mint(2e18, alice, need);

        hook.setHook(address(vault), abi.encodeCall(IndexVault.mint, (1, alice, need)));
        vm.prank(alice);
        uint256[] memory out = vault.redeem(2e18, alice, new uint256[](2));
        // The re-entering token's transfer failed, so its amount is held for alice; WETH was paid.
        assertEq(vault.deferred(alice, address(hook)), out[0]);
        assertEq(weth.balanceOf(alice), out[1]);
        hook.setHook(address(0), "");
        vm.prank(alice);
        vault.withdrawDeferred(address(hook), alice);
        assertEq(hook.balanceOf(alice), out[0]);
    }

    // ------------------------------------------------------------- unsupported: shown, documented, not listed

    function test_feeOnTransferToken_isRefusedAtLaunch_withItsOwnError() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(18);
        IndexVault vault = _pair(address(fot), 1e18);
        uint256[] memory need = _fund(vault, alice, 10e18, address(fot));
        // 1 % is burnt in transit: the launch mint sees it and refuses the basket, so nobody holds a short share.
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIndexVault.UnsupportedToken.selector,
                address(fot),
                need[0],
                need[0] - need[0] / 100
            )
        );
        vault.mint(10e18, alice, need);
        assertEq(vault.totalSupply(), 0);
        assertEq(fot.balanceOf(address(vault)), 0, "nothing taken");
    }

    function test_feeOnTransferToken_switchedOnLater_isUnsupported_vaultReceivesLessThanItAccounts() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(18);
        IndexVault vault = _pair(address(fot), 1e18);
        fot.setFeeBps(0); // no fee at launch (USDT-style fee switch off)
        uint256[] memory need = _fund(vault, alice, 10e18, address(fot));
        vm.prank(alice);
        vault.mint(10e18, alice, need);
        fot.setFeeBps(100); // switched on later: only the launch mint checks deliveries (gas)
        need = _fund(vault, bob, 10e18, address(fot));
        vm.prank(bob);
        vault.mint(10e18, bob, need);
        (, uint256[] memory accounted) = vault.totalBasket();
        assertLt(fot.balanceOf(address(vault)), accounted[0], "the vault holds less than it owes: never list one");
    }

    function test_rebasingToken_isUnsupported_negativeRebaseLeavesVaultShort() public {
        RebasingToken reb = new RebasingToken(18);
        IndexVault vault = _pair(address(reb), 1e18);
        uint256[] memory need = _fund(vault, alice, 10e18, address(reb));
        vm.prank(alice);
        vault.mint(10e18, alice, need);
        reb.rebase(0.9e18);
        (, uint256[] memory accounted) = vault.totalBasket();
        assertLt(reb.balanceOf(address(vault)), accounted[0]);
        // Exits still do not block: the shortfall becomes a deferred claim instead of a revert.
        vm.prank(alice);
        vault.redeem(10e18, alice, new uint256[](2));
        assertGt(vault.deferred(alice, address(reb)), 0);
        assertEq(weth.balanceOf(alice), 0.01e18);
    }
}
