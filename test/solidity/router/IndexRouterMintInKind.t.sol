// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IndexRouter} from "../../../contracts/index/IndexRouter.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {MockERC20Permit} from "../../../contracts/mocks/MockERC20Permit.sol";
import {RouterPermitFixture} from "./utils/RouterPermitFixture.sol";

/// @notice IndexRouter's `mintInKind`, alone and after `selfPermit`s in a `multicall`: an in-kind mint with one
///         EIP-2612 signature per basket token and no approve transaction; the caller pays exactly the vault's
///         preview; the router keeps no balance and no allowance; limits, the pinned basket version, the deadline.
contract IndexRouterMintInKindTest is RouterPermitFixture {
    IndexVault internal pvault; // a basket of three permit tokens
    address[] internal assets;

    /// @dev The permit basket, made by each test (not in `setUp`, which would exceed the transaction gas cap).
    modifier launched() {
        _launch();
        _;
    }

    function _launch() internal {
        assets = new address[](3);
        assets[0] = address(_newPricedPermitToken("Permit USD", 6, 1e8));
        assets[1] = address(_newPricedPermitToken("Permit BTC", 8, 50_000e8));
        assets[2] = address(_newPricedPermitToken("Permit ETH", 18, 2_000e8));
        uint256[] memory units = new uint256[](3);
        (units[0], units[1], units[2]) = (100e6, 0.002e8, 0.05e18);
        pvault = _vault(assets, units, IIndexVault.FeeParams(0, 0.01e18, 0));
        _mint(pvault, alice, 5e18); // launched: later mints skip the delivery check
    }

    function _newPricedPermitToken(string memory name, uint8 decimals, int256 price) internal returns (address t) {
        t = address(_newPermitToken(name, decimals));
        _addFeed(t, 8, price);
    }

    function _fund(address who, uint256[] memory amounts) internal {
        for (uint256 i; i < assets.length; ++i) MockERC20Permit(assets[i]).mint(who, amounts[i]);
    }

    /// @dev `multicall([selfPermit(asset i, amounts[i]) for each i with a permit, mintInKind(...)])`, signed by `key`.
    function _batch(
        uint256 key,
        bool[] memory permit,
        uint256[] memory amounts,
        uint256 shares,
        uint256[] memory maxAmountsIn,
        uint256 deadline
    ) internal view returns (bytes[] memory calls) {
        uint256 k;
        for (uint256 i; i < permit.length; ++i) if (permit[i]) ++k;
        calls = new bytes[](k + 1);
        k = 0;
        for (uint256 i; i < permit.length; ++i) {
            if (!permit[i]) continue;
            (uint8 v, bytes32 r, bytes32 s) = _sign(key, assets[i], holder, amounts[i], deadline);
            calls[k++] = abi.encodeCall(IndexRouter.selfPermit, (assets[i], amounts[i], deadline, v, r, s));
        }
        calls[k] = abi.encodeCall(IndexRouter.mintInKind, (pvault, shares, maxAmountsIn, holder, deadline));
    }

    function _all(uint256 n) internal pure returns (bool[] memory p) {
        p = new bool[](n);
        for (uint256 i; i < n; ++i) p[i] = true;
    }

    function _assertRouterClean() internal view {
        for (uint256 i; i < assets.length; ++i) {
            assertEq(IERC20(assets[i]).balanceOf(address(router)), 0, "the router holds nothing");
            assertEq(IERC20(assets[i]).allowance(address(router), address(pvault)), 0, "no allowance to the vault");
            assertEq(IERC20(assets[i]).allowance(holder, address(router)), 0, "the permits are spent");
        }
        assertEq(pvault.balanceOf(address(router)), 0);
    }

    /// @dev Permits for every basket token, no approval before: the receiver gets exactly `shares`, the holder pays
    ///      exactly the preview, and the router keeps nothing.
    function _mintWithPermits(uint256 shares) internal {
        uint256 deadline = block.timestamp + 20 minutes;
        uint256[] memory need = pvault.previewMint(shares);
        _fund(holder, need);
        uint256 supply = pvault.totalSupply();
        bytes[] memory calls = _batch(holderKey, _all(3), need, shares, need, deadline);

        vm.expectEmit(address(router));
        emit IndexRouter.MintedInKind(holder, holder, address(pvault), shares);
        vm.prank(holder);
        bytes[] memory results = router.multicall(calls);

        uint256[] memory paid = abi.decode(results[3], (uint256[]));
        assertEq(pvault.balanceOf(holder), shares, "exactly the shares");
        for (uint256 i; i < 3; ++i) {
            assertEq(paid[i], need[i], "returns the preview");
            assertEq(IERC20(assets[i]).balanceOf(holder), 0, "paid exactly the preview");
            assertEq(IERC20Permit(assets[i]).nonces(holder), 1, "one signature each");
        }
        assertGe(pvault.totalSupply(), supply + shares, "plus the mint fee's shares");
        _assertRouterClean();
    }

    function test_mintInKind_permitsForEveryToken_noApprove() public launched {
        _mintWithPermits(1.5e18);
    }

    function test_mintInKind_oneWeiShares() public launched {
        _mintWithPermits(1);
    }

    function testFuzz_mintInKind_shares(uint256 shares) public launched {
        _mintWithPermits(bound(shares, 1, 1_000_000e18));
    }

    function test_mintInKind_onePreApprovedTokenAndPermitsForTheRest() public launched {
        uint256 deadline = block.timestamp + 20 minutes;
        uint256[] memory need = pvault.previewMint(1e18);
        _fund(holder, need);
        vm.prank(holder);
        IERC20(assets[1]).approve(address(router), need[1]); // approved before: no signature for it
        bool[] memory permit = _all(3);
        permit[1] = false;
        bytes[] memory calls = _batch(holderKey, permit, need, 1e18, need, deadline);
        assertEq(calls.length, 3);

        vm.prank(holder);
        router.multicall(calls);
        assertEq(pvault.balanceOf(holder), 1e18);
        assertEq(IERC20Permit(assets[1]).nonces(holder), 0, "no signature for the approved token");
        for (uint256 i; i < 3; ++i) assertEq(IERC20(assets[i]).balanceOf(holder), 0);
        _assertRouterClean();
    }

    function test_mintInKind_alone_withApprovalsToTheRouter_andLooseLimits() public launched {
        uint256[] memory need = pvault.previewMint(2e18);
        uint256[] memory maxIn = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            maxIn[i] = need[i] * 2;
            MockERC20Permit(assets[i]).mint(holder, maxIn[i]);
            vm.prank(holder);
            IERC20(assets[i]).approve(address(router), type(uint256).max);
        }
        vm.prank(holder);
        uint256[] memory paid = router.mintInKind(pvault, 2e18, maxIn, bob, block.timestamp);
        assertEq(pvault.balanceOf(bob), 2e18, "to the receiver");
        assertEq(pvault.balanceOf(holder), 0);
        for (uint256 i; i < 3; ++i) {
            assertEq(paid[i], need[i]);
            assertEq(IERC20(assets[i]).balanceOf(holder), maxIn[i] - need[i], "only the preview taken");
            assertEq(IERC20(assets[i]).balanceOf(address(router)), 0);
            assertEq(IERC20(assets[i]).allowance(address(router), address(pvault)), 0);
        }
    }

    function test_mintInKind_limitExceeded_reverts() public launched {
        uint256 deadline = block.timestamp + 20 minutes;
        uint256[] memory need = pvault.previewMint(1e18);
        _fund(holder, need);
        uint256[] memory maxIn = new uint256[](3);
        (maxIn[0], maxIn[1], maxIn[2]) = (need[0], need[1] - 1, need[2]);
        bytes[] memory calls = _batch(holderKey, _all(3), need, 1e18, maxIn, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IndexRouter.MaxAmountInExceeded.selector, assets[1], need[1], need[1] - 1)
        );
        vm.prank(holder);
        router.multicall(calls);
        assertEq(IERC20Permit(assets[0]).nonces(holder), 0, "the permits reverted with the batch");
        // The router's error is the vault's (same selector): the dApp reads both the same way.
        assertEq(IndexRouter.MaxAmountInExceeded.selector, IIndexVault.MaxAmountInExceeded.selector);
    }

    function test_mintInKind_pinnedBasketVersion_andStaleVersionReverts() public launched {
        uint256 deadline = block.timestamp + 20 minutes;
        uint256[] memory need = pvault.previewMint(1e18);
        _fund(holder, need);
        uint256[] memory pinned = new uint256[](4);
        for (uint256 i; i < 3; ++i) pinned[i] = need[i];
        pinned[3] = pvault.basketVersion() + 1; // stale (or future): no longer the basket the caller saw
        bytes[] memory calls = _batch(holderKey, _all(3), need, 1e18, pinned, deadline);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.LengthMismatch.selector, 3, 4));
        vm.prank(holder);
        router.multicall(calls);

        pinned[3] = pvault.basketVersion();
        calls = _batch(holderKey, _all(3), need, 1e18, pinned, deadline);
        vm.prank(holder);
        router.multicall(calls);
        assertEq(pvault.balanceOf(holder), 1e18);
        _assertRouterClean();

        // A length that fits neither form.
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.LengthMismatch.selector, 3, 2));
        vm.prank(holder);
        router.mintInKind(pvault, 1e18, new uint256[](2), holder, deadline);
    }

    function test_mintInKind_deadlineAndCommonChecks() public launched {
        uint256[] memory need = pvault.previewMint(1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IndexRouter.DeadlinePassed.selector, block.timestamp - 1, block.timestamp)
        );
        router.mintInKind(pvault, 1e18, need, holder, block.timestamp - 1);
        vm.expectRevert(IndexRouter.ZeroShares.selector);
        router.mintInKind(pvault, 0, need, holder, block.timestamp);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.mintInKind(pvault, 1e18, need, address(0), block.timestamp);
        vm.expectRevert(IndexRouter.ZeroAddress.selector);
        router.mintInKind(IIndexVault(address(0)), 1e18, need, holder, block.timestamp);
    }

    function test_mintInKind_badPermitSignature_revertsPermitFailed() public launched {
        uint256 deadline = block.timestamp + 20 minutes;
        uint256[] memory need = pvault.previewMint(1e18);
        _fund(holder, need);
        (, uint256 otherKey) = makeAddrAndKey("not the holder");
        bytes[] memory calls = _batch(holderKey, _all(3), need, 1e18, need, deadline);
        (uint8 v, bytes32 r, bytes32 s) = _sign(otherKey, assets[2], holder, need[2], deadline);
        calls[2] = abi.encodeCall(IndexRouter.selfPermit, (assets[2], need[2], deadline, v, r, s));
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, assets[2]));
        vm.prank(holder);
        router.multicall(calls);
        assertEq(pvault.balanceOf(holder), 0);
        assertEq(IERC20(assets[0]).allowance(holder, address(router)), 0, "undone with the batch");
    }

    /// @dev An allowance to the vault (the approval path) does not count for the router.
    function test_mintInKind_approvalsToTheVaultDoNotCount() public launched {
        uint256[] memory need = pvault.previewMint(1e18);
        _fund(holder, need);
        for (uint256 i; i < 3; ++i) {
            vm.prank(holder);
            IERC20(assets[i]).approve(address(pvault), type(uint256).max);
        }
        vm.expectRevert(); // ERC20InsufficientAllowance of the router
        vm.prank(holder);
        router.mintInKind(pvault, 1e18, need, holder, block.timestamp);
    }
}
