// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {BlockableERC20} from "../../contracts/mocks/BlockableERC20.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../contracts/interfaces/IPriceOracle.sol";

contract IndexVaultTest is IndexFixture {
    IndexVault internal vault;
    address[] internal assets;
    uint256[] internal units;

    function setUp() public override {
        super.setUp();
        (assets, units) = _basket(3); // $1 per share of each: NAV $3 per share
        vault = _createVault(assets, units, _noFees());
    }

    // ------------------------------------------------------------- basket and previews

    function test_getBasket_returnsUnitsPerShare() public view {
        (address[] memory a, uint256[] memory u) = vault.getBasket();
        assertEq(a.length, 3);
        for (uint256 i; i < 3; ++i) {
            assertEq(a[i], assets[i]);
            assertEq(u[i], units[i]);
        }
        assertEq(vault.basketSize(), 3);
    }

    function test_previewMint_roundsUp_previewRedeem_roundsDown() public view {
        // 1 wei of shares needs a positive amount of every asset, and redeems for nothing.
        uint256[] memory inAmounts = vault.previewMint(1);
        uint256[] memory outAmounts = vault.previewRedeem(1);
        for (uint256 i; i < 3; ++i) {
            assertEq(inAmounts[i], 1);
            assertEq(outAmounts[i], 0);
        }
        uint256[] memory exact = vault.previewMint(2e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(exact[i], 2 * units[i]);
        }
    }

    // ------------------------------------------------------------- mint

    function test_mint_pullsBasketAndCreditsShares() public {
        uint256[] memory pulled = _mint(vault, alice, 5e18);
        assertEq(vault.balanceOf(alice), 5e18);
        assertEq(vault.totalSupply(), 5e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(pulled[i], 5 * units[i]);
            assertEq(MockERC20(assets[i]).balanceOf(address(vault)), 5 * units[i]);
            assertEq(MockERC20(assets[i]).balanceOf(alice), 0);
        }
    }

    function test_mint_toOtherReceiver_emits() public {
        uint256[] memory maxIn = _fundForMint(vault, alice, 1e18);
        vm.expectEmit(address(vault));
        emit IIndexVault.Minted(alice, bob, 1e18, 0, maxIn);
        vm.prank(alice);
        vault.mint(1e18, bob, maxIn);
        assertEq(vault.balanceOf(bob), 1e18);
        assertEq(vault.balanceOf(alice), 0);
    }

    function test_mint_revertsOnBadInput() public {
        uint256[] memory maxIn = _fundForMint(vault, alice, 1e18);
        vm.startPrank(alice);
        vm.expectRevert(IIndexVault.ZeroShares.selector);
        vault.mint(0, alice, maxIn);
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        vault.mint(1e18, address(0), maxIn);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.LengthMismatch.selector, 3, 2));
        vault.mint(1e18, alice, new uint256[](2));
        uint256[] memory tight = vault.previewMint(1e18);
        tight[1] -= 1;
        vm.expectRevert(
            abi.encodeWithSelector(IIndexVault.MaxAmountInExceeded.selector, assets[1], tight[1] + 1, tight[1])
        );
        vault.mint(1e18, alice, tight);
        vm.stopPrank();
        assertEq(vault.totalSupply(), 0, "nothing minted by failed calls");
    }

    function test_mint_revertsWithoutFunds() public {
        vm.prank(alice);
        vm.expectRevert(); // ERC20InsufficientAllowance from the first asset
        vault.mint(1e18, alice, _maxes(3));
    }

    function test_mint_worksWithStaleOracle() public {
        vm.warp(block.timestamp + 30 days); // every feed is stale
        _mint(vault, alice, 1e18);
        assertEq(vault.balanceOf(alice), 1e18);
    }

    // ------------------------------------------------------------- redeem

    function test_redeem_paysProRataAndBurns() public {
        _mint(vault, alice, 4e18);
        vm.prank(alice);
        uint256[] memory out = vault.redeem(1e18, bob, _zeros(3));
        assertEq(vault.balanceOf(alice), 3e18);
        assertEq(vault.totalSupply(), 3e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(out[i], units[i]);
            assertEq(MockERC20(assets[i]).balanceOf(bob), units[i]);
        }
    }

    function test_redeem_revertsOnBadInput() public {
        _mint(vault, alice, 1e18);
        vm.startPrank(alice);
        vm.expectRevert(IIndexVault.ZeroShares.selector);
        vault.redeem(0, alice, _zeros(3));
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        vault.redeem(1e18, address(0), _zeros(3));
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.LengthMismatch.selector, 3, 4));
        vault.redeem(1e18, alice, new uint256[](4));
        uint256[] memory tooMuch = vault.previewRedeem(1e18);
        tooMuch[2] += 1;
        vm.expectRevert(
            abi.encodeWithSelector(IIndexVault.MinAmountOutNotMet.selector, assets[2], tooMuch[2] - 1, tooMuch[2])
        );
        vault.redeem(1e18, alice, tooMuch);
        vm.expectRevert(); // ERC20InsufficientBalance
        vault.redeem(2e18, alice, _zeros(3));
        vm.stopPrank();
        assertEq(vault.balanceOf(alice), 1e18, "failed redeems lose nothing");
    }

    function test_redeem_worksWhilePausedAndOraclesDown() public {
        _mint(vault, alice, 2e18);
        vm.prank(guardian);
        vault.pauseMint();
        // Every oracle failure at once: stale, zero, negative.
        vm.warp(block.timestamp + 30 days);
        MockV3Aggregator(oracle.feedConfig(assets[1]).feed).updateAnswer(0);
        MockV3Aggregator(oracle.feedConfig(assets[2]).feed).updateAnswer(-5);
        vm.expectRevert(); // NAV needs the oracle...
        vault.navPerShare();
        vm.prank(alice); // ...redeem does not
        uint256[] memory out = vault.redeem(2e18, alice, _zeros(3));
        for (uint256 i; i < 3; ++i) {
            assertEq(out[i], 2 * units[i]);
            assertEq(MockERC20(assets[i]).balanceOf(alice), 2 * units[i]);
        }
    }

    function test_redeem_revertingTokenIsDeferredAndWithdrawableLater() public {
        BlockableERC20 usdc = _newBlockable("USDC", 6, 1);
        MockERC20 weth = _newAsset("WETH", 18, 3000);
        address[] memory a = new address[](2);
        uint256[] memory u = new uint256[](2);
        (a[0], u[0]) = (address(usdc), 100e6);
        (a[1], u[1]) = (address(weth), 0.1e18);
        IndexVault v = _createVault(a, u, _noFees());
        _mint(v, alice, 3e18);

        usdc.setPaused(true);
        vm.expectEmit(address(v));
        emit IIndexVault.TransferDeferred(alice, address(usdc), 300e6);
        vm.prank(alice);
        uint256[] memory out = v.redeem(3e18, alice, _zeros(2));
        assertEq(out[0], 300e6, "owed amount reported");
        assertEq(weth.balanceOf(alice), 0.3e18, "the other asset is paid");
        assertEq(usdc.balanceOf(alice), 0);
        assertEq(v.deferred(alice, address(usdc)), 300e6);
        assertEq(v.deferredTotal(address(usdc)), 300e6);
        assertEq(v.totalSupply(), 0);

        // Still failing: withdrawing reverts and keeps the claim.
        vm.prank(alice);
        vm.expectRevert(BlockableERC20.TokenPaused.selector);
        v.withdrawDeferred(address(usdc), alice);
        assertEq(v.deferred(alice, address(usdc)), 300e6);

        usdc.setPaused(false);
        vm.expectEmit(address(v));
        emit IIndexVault.DeferredWithdrawn(alice, address(usdc), alice, 300e6);
        vm.prank(alice);
        v.withdrawDeferred(address(usdc), alice);
        assertEq(usdc.balanceOf(alice), 300e6);
        assertEq(v.deferred(alice, address(usdc)), 0);
        assertEq(v.deferredTotal(address(usdc)), 0);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.NothingToWithdraw.selector, alice, address(usdc)));
        v.withdrawDeferred(address(usdc), alice);
    }

    function test_redeem_blocklistedReceiverCanRedirectItsClaim() public {
        BlockableERC20 usdc = _newBlockable("USDC", 6, 1);
        address[] memory a = new address[](1);
        uint256[] memory u = new uint256[](1);
        (a[0], u[0]) = (address(usdc), 1e6);
        IndexVault v = _createVault(a, u, _noFees());
        _mint(v, alice, 10e18);
        usdc.setBlocked(alice, true);
        vm.prank(alice);
        v.redeem(10e18, alice, _zeros(1));
        assertEq(v.deferred(alice, address(usdc)), 10e6);

        // Anyone may push it to alice, but she is still blocked, so it stays owed.
        vm.expectRevert(abi.encodeWithSelector(BlockableERC20.Blocked.selector, alice));
        v.pushDeferred(alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(IIndexVault.ZeroAddress.selector);
        v.withdrawDeferred(address(usdc), address(0));
        vm.prank(alice);
        v.withdrawDeferred(address(usdc), bob);
        assertEq(usdc.balanceOf(bob), 10e6);
    }

    function test_pushDeferred_paysTheOwnerOnly() public {
        BlockableERC20 usdc = _newBlockable("USDC", 6, 1);
        address[] memory a = new address[](1);
        uint256[] memory u = new uint256[](1);
        (a[0], u[0]) = (address(usdc), 1e6);
        IndexVault v = _createVault(a, u, _noFees());
        _mint(v, alice, 1e18);
        usdc.setPaused(true);
        vm.prank(alice);
        v.redeem(1e18, alice, _zeros(1));
        usdc.setPaused(false);
        vm.prank(bob);
        v.pushDeferred(alice, address(usdc));
        assertEq(usdc.balanceOf(alice), 1e6);
        assertEq(usdc.balanceOf(bob), 0);
    }

    // ------------------------------------------------------------- donations

    function test_donationDoesNotChangeWhatAShareRedeemsFor() public {
        _mint(vault, alice, 1e18);
        uint256[] memory before = vault.previewRedeem(1e18);
        for (uint256 i; i < 3; ++i) {
            MockERC20(assets[i]).mint(address(vault), 1_000_000 * units[i]);
        }
        uint256[] memory afterDonation = vault.previewRedeem(1e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(afterDonation[i], before[i]);
        }
        // A new minter pays the same as before the donation (no first-depositor inflation).
        uint256[] memory cost = vault.previewMint(1e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(cost[i], units[i]);
        }
    }

    // ------------------------------------------------------------- NAV

    function test_navPerShare() public {
        assertApproxEqAbs(vault.navPerShare(), 3e18, 1e12); // three assets worth ~$1 each per share
        MockV3Aggregator(oracle.feedConfig(assets[0]).feed).updateAnswer(2e8); // asset 0 doubles
        assertApproxEqAbs(vault.navPerShare(), 4e18, 1e12);
    }

    function test_navPerShare_revertsWithOracleErrors() public {
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPriceOracle.StalePrice.selector,
                assets[0],
                block.timestamp - HEARTBEAT - 1,
                HEARTBEAT
            )
        );
        vault.navPerShare();
    }

    function test_navPerShareDoesNotMoveThroughMintAndRedeem() public {
        uint256 nav = vault.navPerShare();
        _mint(vault, alice, 7e18 + 3);
        assertEq(vault.navPerShare(), nav);
        vm.prank(alice);
        vault.redeem(3e18 + 1, alice, _zeros(3));
        assertEq(vault.navPerShare(), nav);
    }

    // ------------------------------------------------------------- pause

    function test_pause_guardianPausesMintOnly_adminUnpauses() public {
        vm.expectEmit(address(vault));
        emit IIndexVault.MintPausedSet(guardian, true);
        vm.prank(guardian);
        vault.pauseMint();
        assertTrue(vault.mintPaused());

        uint256[] memory maxIn = _fundForMint(vault, alice, 1e18);
        vm.prank(alice);
        vm.expectRevert(IIndexVault.MintPaused.selector);
        vault.mint(1e18, alice, maxIn);

        vm.prank(guardian);
        vm.expectRevert(IIndexVault.AlreadyPaused.selector);
        vault.pauseMint();

        bytes32 adminRole = vault.DEFAULT_ADMIN_ROLE();
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, adminRole)
        );
        vault.unpauseMint();

        vm.prank(admin);
        vault.unpauseMint();
        vm.prank(alice);
        vault.mint(1e18, alice, maxIn);
        assertEq(vault.balanceOf(alice), 1e18);

        vm.prank(admin);
        vm.expectRevert(IIndexVault.NotPaused.selector);
        vault.unpauseMint();
    }

    function test_pause_rejectsStrangers() public {
        bytes32 role = vault.GUARDIAN_ROLE();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role));
        vault.pauseMint();
    }

    function test_adminFunctionsRejectNonAdmin() public {
        bytes32 role = vault.DEFAULT_ADMIN_ROLE();
        address[3] memory strangers = [bob, guardian, feeRecipient];
        for (uint256 k; k < strangers.length; ++k) {
            bytes memory err = abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                strangers[k],
                role
            );
            vm.startPrank(strangers[k]);
            vm.expectRevert(err);
            vault.setManagementFee(0.01e18);
            vm.expectRevert(err);
            vault.setMintFee(0.01e18);
            vm.expectRevert(err);
            vault.setRedeemFee(0.01e18);
            vm.expectRevert(err);
            vault.setFeeRecipient(bob);
            vm.expectRevert(err);
            vault.unpauseMint();
            vm.expectRevert(err);
            vault.grantRole(role, strangers[k]);
            vm.stopPrank();
        }
    }
}
