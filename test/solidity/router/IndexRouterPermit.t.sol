// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IndexRouter} from "../../../contracts/index/IndexRouter.sol";
import {MockERC20Permit} from "../../../contracts/mocks/MockERC20Permit.sol";
import {RouterPermitFixture} from "./utils/RouterPermitFixture.sol";

/// @notice IndexRouter's `selfPermit` + `multicall`: a one-asset redeem (the index token's EIP-2612 permit) or mint (a
///         permit-capable payment token) in one transaction with no approve transaction before it; a front-run permit
///         does not fail the batch; a failed permit without allowance reverts with `PermitFailed`; a trade's own error
///         comes out of the batch unchanged.
contract IndexRouterPermitTest is RouterPermitFixture {
    MockERC20Permit internal pusd; // a USDC with permit, as on real networks

    function setUp() public override {
        super.setUp();
        _mint(vault, holder, 3e18); // holds shares, has approved nothing to the router
    }

    /// @dev The permit-capable payment token and its pools, made by the test that pays with it (not in `setUp`, which
    ///      would exceed the transaction gas cap).
    function _setUpPusd() internal {
        pusd = _newPermitToken("PUSD", 6);
        _addFeed(address(pusd), 8, 1e8);
        uni.createPool(address(pusd), address(usdc), 3000);
        uni.createPool(address(pusd), address(wbtc), 3000);
        uni.createPool(address(pusd), address(weth), 3000);
    }

    function _selfPermitCall(
        address token,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal pure returns (bytes memory) {
        return abi.encodeCall(IndexRouter.selfPermit, (token, value, deadline, v, r, s));
    }

    /// @dev `multicall([selfPermit(vault, shares), redeemToToken(vault, shares, usdc, minOut, holder, deadline)])`,
    ///      signed by the holder.
    function _redeemBatch(
        uint256 shares,
        uint256 minOut,
        uint256 deadline
    ) internal view returns (bytes[] memory calls) {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(vault), holder, shares, deadline);
        calls = new bytes[](2);
        calls[0] = _selfPermitCall(address(vault), shares, deadline, v, r, s);
        calls[1] = abi.encodeCall(IndexRouter.redeemToToken, (vault, shares, address(usdc), minOut, holder, deadline));
    }

    // ------------------------------------------------------------ redeem with the index token's permit

    function test_multicall_selfPermitThenRedeem_needsNoApprove_andLeavesNoAllowance() public {
        uint256 deadline = block.timestamp + 20 minutes;
        IndexRouter.TokenQuote memory q = router.quoteRedeemToToken(vault, 1e18, address(usdc));
        assertEq(vault.allowance(holder, address(router)), 0, "no approve before");
        uint256 nonce = vault.nonces(holder);

        bytes[] memory calls = _redeemBatch(1e18, q.amount, deadline);
        vm.expectEmit(address(vault));
        emit IERC20.Approval(holder, address(router), 1e18);
        vm.prank(holder);
        bytes[] memory results = router.multicall(calls);

        assertEq(results.length, 2);
        assertEq(results[0].length, 0, "selfPermit returns nothing");
        assertEq(abi.decode(results[1], (uint256)), q.amount, "redeemToToken's return value, as quoted");
        assertEq(usdc.balanceOf(holder), q.amount);
        assertEq(vault.balanceOf(holder), 2e18);
        assertEq(vault.allowance(holder, address(router)), 0, "the permit was exactly what the redeem used");
        assertEq(vault.nonces(holder), nonce + 1, "the signature is spent");
        assertEq(vault.balanceOf(address(router)), 0, "the router holds nothing after");
        assertEq(usdc.balanceOf(address(router)), 0);
    }

    /// @dev The same signature submitted first by someone else (it is public in the mempool) approves the router
    ///      already; the batch's `selfPermit` then fails its permit call, sees the allowance, and the redeem goes on.
    function test_multicall_frontRunPermit_stillSucceeds() public {
        uint256 deadline = block.timestamp + 20 minutes;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(vault), holder, 1e18, deadline);
        vm.prank(bob);
        vault.permit(holder, address(router), 1e18, deadline, v, r, s);
        assertEq(vault.allowance(holder, address(router)), 1e18);

        bytes[] memory calls = new bytes[](2);
        calls[0] = _selfPermitCall(address(vault), 1e18, deadline, v, r, s);
        calls[1] = abi.encodeCall(IndexRouter.redeemToToken, (vault, 1e18, address(usdc), 0, holder, deadline));
        vm.prank(holder);
        bytes[] memory results = router.multicall(calls);
        assertGt(abi.decode(results[1], (uint256)), 0);
        assertEq(vault.balanceOf(holder), 2e18);
        assertEq(vault.allowance(holder, address(router)), 0);
    }

    function test_selfPermit_badSignatureWithoutAllowance_revertsPermitFailed() public {
        uint256 deadline = block.timestamp + 20 minutes;
        (, uint256 otherKey) = makeAddrAndKey("not the holder");
        (uint8 v, bytes32 r, bytes32 s) = _sign(otherKey, address(vault), holder, 1e18, deadline);
        bytes[] memory calls = new bytes[](2);
        calls[0] = _selfPermitCall(address(vault), 1e18, deadline, v, r, s);
        calls[1] = abi.encodeCall(IndexRouter.redeemToToken, (vault, 1e18, address(usdc), 0, holder, deadline));

        vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, address(vault)));
        vm.prank(holder);
        router.multicall(calls);

        // Alone too; and an allowance below the value does not make up for it.
        vm.prank(holder);
        vault.approve(address(router), 1e18 - 1);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, address(vault)));
        vm.prank(holder);
        router.selfPermit(address(vault), 1e18, deadline, v, r, s);

        // The holder's own signature, but for another value than the one asked, fails the same way.
        (v, r, s) = _sign(holderKey, address(vault), holder, 2e18, deadline);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, address(vault)));
        vm.prank(holder);
        router.selfPermit(address(vault), 1e18, deadline, v, r, s);
        assertEq(vault.allowance(holder, address(router)), 1e18 - 1, "nothing changed");
    }

    function test_selfPermit_tokenWithoutPermit_revertsPermitFailed_unlessAlreadyApproved() public {
        // `usdc` here is a plain MockERC20: no `permit` function at all.
        usdc.mint(holder, 100e6);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, address(usdc)));
        vm.prank(holder);
        router.selfPermit(address(usdc), 100e6, block.timestamp, 27, bytes32(0), bytes32(0));

        vm.prank(holder);
        usdc.approve(address(router), 100e6);
        vm.prank(holder);
        router.selfPermit(address(usdc), 100e6, block.timestamp, 27, bytes32(0), bytes32(0)); // already approved
        assertEq(usdc.allowance(holder, address(router)), 100e6, "unchanged");
    }

    /// @dev A token whose fallback accepts any call (as WETH9's does) "succeeds" at `permit` without approving:
    ///      the allowance check catches it in `selfPermit`, not later at the transfer.
    function test_selfPermit_aTokenWhosePermitSucceedsWithoutApproving_revertsPermitFailed() public {
        address token = address(new FallbackToken());
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, token));
        vm.prank(holder);
        router.selfPermit(token, 1, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_multicall_aTradesCustomErrorComesOutUnchanged_andThePermitIsUndone() public {
        uint256 permitDeadline = block.timestamp + 20 minutes;
        uint256 tradeDeadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(vault), holder, 1e18, permitDeadline);
        bytes[] memory calls = new bytes[](2);
        calls[0] = _selfPermitCall(address(vault), 1e18, permitDeadline, v, r, s);
        calls[1] = abi.encodeCall(IndexRouter.redeemToToken, (vault, 1e18, address(usdc), 0, holder, tradeDeadline));

        vm.expectRevert(abi.encodeWithSelector(IndexRouter.DeadlinePassed.selector, tradeDeadline, block.timestamp));
        vm.prank(holder);
        router.multicall(calls);

        // And a limit the pools cannot meet: the redeem's own AmountOutBelowMin.
        IndexRouter.TokenQuote memory q = router.quoteRedeemToToken(vault, 1e18, address(usdc));
        calls = _redeemBatch(1e18, q.amount + 1, permitDeadline);
        vm.expectRevert(abi.encodeWithSelector(IndexRouter.AmountOutBelowMin.selector, q.amount, q.amount + 1));
        vm.prank(holder);
        router.multicall(calls);

        assertEq(vault.nonces(holder), 0, "the permit reverted with the batch");
        assertEq(vault.allowance(holder, address(router)), 0);
    }

    /// @dev Each call of the batch enters and leaves the trade functions' reentrancy guard before the next starts.
    function test_multicall_twoGuardedTradesInOneBatch() public {
        uint256 deadline = block.timestamp + 20 minutes;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(vault), holder, 2e18, deadline);
        bytes[] memory calls = new bytes[](3);
        calls[0] = _selfPermitCall(address(vault), 2e18, deadline, v, r, s);
        calls[1] = abi.encodeCall(IndexRouter.redeemToToken, (vault, 1e18, address(usdc), 0, holder, deadline));
        calls[2] = abi.encodeCall(IndexRouter.redeemToToken, (vault, 1e18, address(weth), 0, bob, deadline));
        vm.prank(holder);
        bytes[] memory results = router.multicall(calls);
        assertEq(usdc.balanceOf(holder), abi.decode(results[1], (uint256)));
        assertEq(weth.balanceOf(bob), abi.decode(results[2], (uint256)));
        assertEq(vault.balanceOf(holder), 1e18);
        assertEq(vault.allowance(holder, address(router)), 0);
    }

    // ------------------------------------------------------------ mint paying with a permit-capable token

    function test_multicall_selfPermitThenMintWithToken_needsNoApprove_refundsAndLeavesNoAllowance() public {
        _setUpPusd();
        uint256 deadline = block.timestamp + 20 minutes;
        IndexRouter.TokenQuote memory q = router.quoteMintWithToken(vault, address(pusd), 1e18);
        uint256 maxIn = (q.amount * 101) / 100; // 1 % slippage allowed
        pusd.mint(holder, maxIn);
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(pusd), holder, maxIn, deadline);

        bytes[] memory calls = new bytes[](2);
        calls[0] = _selfPermitCall(address(pusd), maxIn, deadline, v, r, s);
        calls[1] = abi.encodeCall(IndexRouter.mintWithToken, (vault, address(pusd), 1e18, maxIn, holder, deadline));
        vm.prank(holder);
        bytes[] memory results = router.multicall(calls);

        assertEq(abi.decode(results[1], (uint256)), q.amount, "spent as quoted");
        assertEq(vault.balanceOf(holder), 4e18);
        assertEq(pusd.balanceOf(holder), maxIn - q.amount, "the unspent part refunded");
        assertEq(pusd.allowance(holder, address(router)), 0, "the mint pulled exactly the permit's value");
        assertEq(pusd.nonces(holder), 1);
        assertEq(pusd.balanceOf(address(router)), 0);
    }

    // ------------------------------------------------------------ fuzz

    /// @dev For any value and deadline: `selfPermit` succeeds exactly when the deadline has not passed, approves
    ///      exactly `value`, and a replay of the same signature (a front-run seen from the other side) still succeeds
    ///      without a second nonce. A redeem of that many shares in a batch then leaves no allowance.
    function testFuzz_selfPermit_valueAndDeadline(uint256 value, uint256 deadline, uint256 shares) public {
        value = bound(value, 1, type(uint256).max); // a zero value needs no permit: `selfPermit` always passes
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(vault), holder, value, deadline);
        if (deadline < block.timestamp) {
            vm.expectRevert(abi.encodeWithSelector(IndexRouter.PermitFailed.selector, address(vault)));
            vm.prank(holder);
            router.selfPermit(address(vault), value, deadline, v, r, s);
            assertEq(vault.nonces(holder), 0);
        } else {
            vm.prank(holder);
            router.selfPermit(address(vault), value, deadline, v, r, s);
            assertEq(vault.allowance(holder, address(router)), value);
            assertEq(vault.nonces(holder), 1);
            vm.prank(holder);
            router.selfPermit(address(vault), value, deadline, v, r, s); // replayed: allowance covers it
            assertEq(vault.nonces(holder), 1);
            vm.prank(holder);
            vault.approve(address(router), 0);
        }

        shares = bound(shares, 0.001e18, 3e18);
        uint256 tradeDeadline = block.timestamp + bound(deadline, 0, 365 days);
        bytes[] memory calls = _redeemBatch(shares, 0, tradeDeadline);
        vm.prank(holder);
        router.multicall(calls);
        assertEq(vault.balanceOf(holder), 3e18 - shares);
        assertEq(vault.allowance(holder, address(router)), 0);
    }
}

/// @dev Answers every unknown call without reverting (a fallback, like WETH9's) and approves nothing.
contract FallbackToken {
    function allowance(address, address) external pure returns (uint256) {
        return 0;
    }

    fallback() external {}
}
