// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../../contracts/mocks/BlockableERC20.sol";
import {IndexRouter} from "../../../contracts/index/IndexRouter.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IUniswapV3SwapRouter} from "../../../contracts/interfaces/external/IUniswapV3SwapRouter.sol";
import {SmallVaultFixture} from "../coverage/utils/SmallVaultFixture.sol";
import {OracleSwapRouter} from "../coverage/IndexRouter.t.sol";

/// @notice Finding 3: the router only cares about what its own redeem deferred, and nothing stays stuck in it.
contract RouterDeferredTest is SmallVaultFixture {
    IndexRouter internal router;
    IndexVault internal vault;
    MockERC20 internal usdc;
    BlockableERC20 internal weth;

    function setUp() public override {
        super.setUp();
        usdc = _newAsset("USDC", 6, 1);
        weth = new BlockableERC20("WETH", "WETH", 18);
        _addFeed(address(weth), 8, 2_000e8);
        address[] memory assets = new address[](2);
        uint256[] memory units = new uint256[](2);
        (assets[0], assets[1]) = (address(usdc), address(weth));
        (units[0], units[1]) = (100e6, 0.05e18); // $100 of each per share
        vault = _vault(assets, units, IIndexVault.FeeParams(0, 0, 0));
        OracleSwapRouter uni = new OracleSwapRouter(oracle);
        router = new IndexRouter(IUniswapV3SwapRouter(address(uni)), oracle, admin, 0.02e18);
    }

    function _holdShares(address who, uint256 shares) internal {
        _mint(vault, who, shares);
        vm.prank(who);
        vault.approve(address(router), type(uint256).max);
    }

    /// @dev Finding 3 (low): a stranger's dust in-kind redeem to the router, made while WETH refused the router,
    ///      used to block every later one-asset redeem; its tokens, pushed to the router, were stranded there.
    function test_redeemToToken_aStrangersDeferredBalanceDoesNotBlock_andCanBeSwept() public {
        _holdShares(alice, 1e18);
        _mint(vault, bob, 1e18);
        weth.setBlocked(address(router), true);
        vm.prank(bob);
        vault.redeem(1e6, address(router), new uint256[](2)); // dust, to the router
        uint256 strangers = vault.deferred(address(router), address(weth));
        assertGt(strangers, 0, "the stranger's WETH is deferred to the router");
        weth.setBlocked(address(router), false);

        vm.prank(alice);
        uint256 got = router.redeemToToken(vault, 1e18, address(usdc), 0, alice, block.timestamp);
        assertGt(got, 0, "the one-asset redeem works again");
        assertEq(vault.deferred(address(router), address(weth)), strangers, "the stranger's claim is untouched");

        // Anyone may push the stranger's claim to the router; governance returns it.
        vault.pushDeferred(address(router), address(weth));
        assertEq(weth.balanceOf(address(router)), strangers);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, bytes32(0))
        );
        vm.prank(bob);
        router.sweep(address(weth), bob);
        vm.prank(admin);
        router.sweep(address(weth), bob);
        assertEq(weth.balanceOf(bob), strangers, "returned to its owner");
        assertEq(weth.balanceOf(address(router)), 0, "nothing stuck in the router");
    }
}
