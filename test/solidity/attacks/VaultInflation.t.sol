// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolFixture} from "../protocol/utils/ProtocolFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";

/// @notice A1: first-depositor / donation inflation against an empty index vault. Shares are defined by units, not
///         balances, so a donation changes neither what a mint costs nor what a share redeems for.
contract VaultInflationAttackTest is ProtocolFixture {
    address internal attacker = makeAddr("attacker");
    address internal victim = makeAddr("victim");

    function setUp() public {
        vm.pauseGasMetering();
        _deployProtocol();
        vm.resumeGasMetering();
    }

    function _balances(address who) internal view returns (uint256[3] memory b) {
        for (uint256 i; i < 3; ++i) {
            b[i] = MockERC20(tokens[i]).balanceOf(who);
        }
    }

    function test_firstDepositorDonation_doesNotInflateTheSharePrice() public {
        assertEq(vault.totalSupply(), 0);
        uint256[] memory costBefore = vault.previewMint(1_000e18);

        // The attacker mints the smallest share amount, then donates a large amount of every asset.
        _mintShares(attacker, 1);
        for (uint256 i; i < 3; ++i) {
            uint256 donation = 1_000_000 * 10 ** MockERC20(tokens[i]).decimals();
            MockERC20(tokens[i]).mint(attacker, donation);
            vm.prank(attacker);
            MockERC20(tokens[i]).transfer(address(vault), donation);
        }

        // The victim pays exactly what it would have paid without the donation and gets every share asked for.
        uint256[] memory costAfter = vault.previewMint(1_000e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(costAfter[i], costBefore[i], "mint cost moved by the donation");
        }
        _mintShares(victim, 1_000e18);
        assertEq(vault.balanceOf(victim), 1_000e18);

        // The attacker's share redeems for its units (dust), not for a part of the donation.
        uint256[] memory out = vault.previewRedeem(1);
        for (uint256 i; i < 3; ++i) {
            assertLe(out[i], 1, "a share redeems for its units only");
        }
        // The victim redeems everything for what it paid, minus the redeem fee (rounded in the vault's favour).
        uint256[3] memory before = _balances(victim);
        vm.prank(victim);
        uint256[] memory got = vault.redeem(1_000e18, victim, new uint256[](3));
        uint256[3] memory afterRedeem = _balances(victim);
        for (uint256 i; i < 3; ++i) {
            assertEq(afterRedeem[i] - before[i], got[i]);
            assertLe(got[i], costBefore[i]);
            assertGe(got[i], (costBefore[i] * (1e18 - REDEEM_FEE - MINT_FEE)) / 1e18 - 1, "victim lost to the attack");
        }
    }

    /// A donation does not move the accounted basket, so it cannot skew an auction's targets or drift either.
    function test_donationDoesNotMoveTheAccountedBasket() public {
        _mintShares(victim, 1_000e18);
        (, uint256[] memory accountedBefore) = vault.totalBasket();
        MockERC20(tokens[2]).mint(address(vault), 500e18);
        (, uint256[] memory accountedAfter) = vault.totalBasket();
        for (uint256 i; i < 3; ++i) {
            assertEq(accountedAfter[i], accountedBefore[i]);
        }
        assertEq(vault.navPerShare(), 3e18, "NAV per share unchanged: $1 of each asset");
    }

    /// However small the first mint, the next minter pays exactly the per-share units (no rounding the attacker can
    /// exploit): for any first mint and donation, cost per share is the same.
    function testFuzz_firstMintAndDonationDoNotChangeTheNextMint(uint256 first, uint256 donation) public {
        first = bound(first, 1, 1e24);
        donation = bound(donation, 1, 1e30);
        uint256[] memory cost = vault.previewMint(1e18);
        _mintShares(attacker, first);
        MockERC20(tokens[2]).mint(address(vault), donation);
        uint256[] memory costAfter = vault.previewMint(1e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(costAfter[i], cost[i]);
        }
    }
}
