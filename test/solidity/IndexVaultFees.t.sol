// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../contracts/interfaces/IIndexVault.sol";

contract IndexVaultFeesTest is IndexFixture {
    IndexVault internal vault;
    address[] internal assets;
    uint256[] internal units;

    function setUp() public override {
        super.setUp();
        (assets, units) = _basket(3);
        vault = _createVault(assets, units, _noFees());
    }

    /// @dev Fee recipient's balance when the streaming-fee measurement started (mint-fee shares excluded).
    uint256 internal feeBalanceAtStart;

    /// @dev Share of the supply taken by the streaming fee since `_startMeasuring`, 18 decimals.
    function _feeShareOfSupply() internal view returns (uint256) {
        return ((vault.balanceOf(feeRecipient) - feeBalanceAtStart) * 1e18) / vault.totalSupply();
    }

    function _startMeasuring() internal {
        feeBalanceAtStart = vault.balanceOf(feeRecipient);
    }

    function _refreshFeeds() internal {
        for (uint256 i; i < assets.length; ++i) {
            MockV3Aggregator feed = MockV3Aggregator(oracle.feedConfig(assets[i]).feed);
            feed.updateAnswer(feed.latestAnswer());
        }
    }

    function _setManagementFee(uint256 annual) internal {
        vm.startPrank(admin);
        vault.setMintFee(0.001e18); // above one day of any capped streaming fee
        vault.setManagementFee(annual);
        vm.stopPrank();
    }

    // ------------------------------------------------------------- mint and redeem fees

    function test_mintFee_isExactlyTheFeeShareOfGross() public {
        vm.prank(admin);
        vault.setMintFee(0.01e18);
        uint256[] memory pulled = _mint(vault, alice, 99e18);
        assertEq(vault.balanceOf(alice), 99e18, "receiver gets exactly the shares asked for");
        assertEq(vault.balanceOf(feeRecipient), 1e18, "1 % of the 100 gross shares");
        for (uint256 i; i < 3; ++i) {
            assertEq(pulled[i], 100 * units[i], "caller pays for the gross shares");
        }
    }

    function test_mintFee_roundsUpForTheProtocol() public {
        vm.prank(admin);
        vault.setMintFee(0.003e18);
        _mint(vault, alice, 1);
        assertEq(vault.balanceOf(feeRecipient), 1, "even 1 wei of shares pays a fee");
    }

    function test_redeemFee_goesToRecipientAndNetIsPaid() public {
        _mint(vault, alice, 100e18);
        vm.prank(admin);
        vault.setRedeemFee(0.02e18);
        uint256[] memory preview = vault.previewRedeem(100e18);
        vm.expectEmit(address(vault));
        emit IIndexVault.Redeemed(alice, alice, 100e18, 2e18, preview);
        vm.prank(alice);
        uint256[] memory out = vault.redeem(100e18, alice, preview);
        assertEq(vault.balanceOf(feeRecipient), 2e18);
        assertEq(vault.totalSupply(), 2e18);
        for (uint256 i; i < 3; ++i) {
            assertEq(out[i], 98 * units[i]);
        }
    }

    function test_feeCaps() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.FeeTooHigh.selector, 0.1e18 + 1, 0.1e18));
        vault.setManagementFee(0.1e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.FeeTooHigh.selector, 0.05e18 + 1, 0.05e18));
        vault.setMintFee(0.05e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.FeeTooHigh.selector, 0.05e18 + 1, 0.05e18));
        vault.setRedeemFee(0.05e18 + 1);
        vault.setMintFee(0.05e18);
        vault.setRedeemFee(0.05e18);
        vault.setManagementFee(0.1e18);
        vm.stopPrank();
        IIndexVault.FeeParams memory f = vault.fees();
        assertEq(f.managementFee, 0.1e18);
        assertEq(f.mintFee, 0.05e18);
        assertEq(f.redeemFee, 0.05e18);
    }

    function test_mintFeeMustCoverOneDayOfStreamingFee() public {
        // With no mint fee, a streaming fee cannot be switched on: mint-then-redeem would dodge it.
        vm.prank(admin);
        vm.expectRevert(); // MintFeeBelowDailyStreamingFee
        vault.setManagementFee(0.02e18);

        _setManagementFee(0.1e18);
        uint256 minFee = vault.minMintFee();
        // One day of a 10 %/year continuous fee: 1 - 0.9^(1/365) = 0.028861729 %.
        assertApproxEqRel(minFee, 0.00028861729e18, 1e12);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IIndexVault.MintFeeBelowDailyStreamingFee.selector, minFee - 1, minFee));
        vault.setMintFee(minFee - 1);
        vault.setMintFee(minFee);
        vm.stopPrank();
        assertEq(vault.fees().mintFee, minFee);
    }

    function test_feeSetters_emit() public {
        vm.startPrank(admin);
        vm.expectEmit(address(vault));
        emit IIndexVault.MintFeeSet(0.002e18);
        vault.setMintFee(0.002e18);
        vm.expectEmit(address(vault));
        emit IIndexVault.RedeemFeeSet(0.003e18);
        vault.setRedeemFee(0.003e18);
        vm.expectEmit(true, false, false, false, address(vault));
        emit IIndexVault.ManagementFeeSet(0.02e18, 0);
        vault.setManagementFee(0.02e18);
        vm.expectEmit(address(vault));
        emit IIndexVault.FeeRecipientSet(bob);
        vault.setFeeRecipient(bob);
        vm.stopPrank();
        assertEq(vault.feeRecipient(), bob);
        assertEq(vault.managementFee(), 0.02e18);
    }

    // ------------------------------------------------------------- streaming fee

    function test_streamingFee_takesExactlyTheAnnualFeeOverOneYear() public {
        _setManagementFee(0.02e18);
        _mint(vault, alice, 100e18);
        _startMeasuring();
        vm.warp(block.timestamp + 365 days);
        vault.accrueFees();
        // Holders keep exactly 98 % of the supply after one year.
        assertApproxEqRel(_feeShareOfSupply(), 0.02e18, 1e9);
        assertEq(vault.lastFeeAccrual(), block.timestamp);
    }

    function test_streamingFee_compoundsContinuously() public {
        _setManagementFee(0.1e18);
        _mint(vault, alice, 100e18);
        _startMeasuring();
        vm.warp(block.timestamp + 365 days / 2);
        vault.accrueFees();
        // Half a year keeps sqrt(0.9) = 0.948683298...: the fee taken is 5.1316702 %.
        assertApproxEqRel(_feeShareOfSupply(), 0.051316701949486e18, 1e9);
    }

    function test_streamingFee_pathIndependent() public {
        _setManagementFee(0.05e18);
        _mint(vault, alice, 100e18);
        uint256 snap = vm.snapshotState();
        vm.warp(block.timestamp + 360 days);
        vault.accrueFees();
        uint256 once = vault.balanceOf(feeRecipient);
        vm.revertToState(snap);
        for (uint256 m; m < 12; ++m) {
            vm.warp(block.timestamp + 30 days);
            vault.accrueFees();
        }
        assertApproxEqRel(vault.balanceOf(feeRecipient), once, 1e9, "monthly accrual == one accrual");
    }

    function test_streamingFee_dilutesUnitsNotBalances() public {
        _setManagementFee(0.02e18);
        _mint(vault, alice, 100e18);
        vm.warp(block.timestamp + 365 days);
        vault.accrueFees();
        // Alice's 100 shares now redeem for ~98 % of what she put in; the recipient's for ~2 %; nothing extra exists.
        uint256[] memory aliceOut = vault.previewRedeem(100e18);
        uint256[] memory feeOut = vault.previewRedeem(vault.balanceOf(feeRecipient));
        for (uint256 i; i < 3; ++i) {
            assertApproxEqRel(aliceOut[i], (100 * units[i] * 98) / 100, 1e9);
            assertLe(aliceOut[i] + feeOut[i], MockERC20(assets[i]).balanceOf(address(vault)));
        }
        (, uint256[] memory u) = vault.getBasket();
        assertApproxEqRel(u[0], (units[0] * 98) / 100, 1e9);
        assertApproxEqRel(vault.scale(), 0.98e18, 1e9);
    }

    function test_streamingFee_previewsIncludePendingFee() public {
        _setManagementFee(0.02e18);
        _mint(vault, alice, 100e18);
        vm.warp(block.timestamp + 100 days);
        uint256[] memory previewIn = vault.previewMint(1e18);
        uint256[] memory previewOut = vault.previewRedeem(1e18);
        _refreshFeeds();
        uint256 nav = vault.navPerShare();
        // Same block: previews must equal the real thing.
        uint256[] memory maxIn = _fundForMint(vault, bob, 1e18);
        vm.prank(bob);
        uint256[] memory pulled = vault.mint(1e18, bob, maxIn);
        assertEq(vault.navPerShare(), nav);
        vm.prank(bob);
        uint256[] memory paid = vault.redeem(1e18, bob, _zeros(3));
        for (uint256 i; i < 3; ++i) {
            assertEq(pulled[i], previewIn[i]);
            assertEq(paid[i], previewOut[i]);
        }
    }

    function test_feeChangeAccruesOldFeeFirst() public {
        _setManagementFee(0.1e18);
        _mint(vault, alice, 100e18);
        _startMeasuring();
        vm.warp(block.timestamp + 365 days);
        vm.prank(admin);
        vault.setManagementFee(0); // a full year at 10 % is taken first
        assertApproxEqRel(_feeShareOfSupply(), 0.1e18, 1e9);
        uint256 feeBalance = vault.balanceOf(feeRecipient);
        vm.warp(block.timestamp + 365 days);
        vault.accrueFees();
        assertEq(vault.balanceOf(feeRecipient), feeBalance, "no fee after it is set to zero");
    }

    function test_feeRecipientChangeAccruesToOldRecipient() public {
        _setManagementFee(0.1e18);
        _mint(vault, alice, 100e18);
        _startMeasuring();
        vm.warp(block.timestamp + 30 days);
        vm.prank(admin);
        vault.setFeeRecipient(bob);
        assertGt(vault.balanceOf(feeRecipient), feeBalanceAtStart);
        assertEq(vault.balanceOf(bob), 0);
        vm.warp(block.timestamp + 30 days);
        vault.accrueFees();
        assertGt(vault.balanceOf(bob), 0);
    }

    function test_noStreamingFeeOnEmptyVault() public {
        _setManagementFee(0.1e18);
        vm.warp(block.timestamp + 365 days);
        _mint(vault, alice, 1000e18); // nothing accrued for the year with no supply
        assertEq(
            vault.balanceOf(feeRecipient),
            1001001001001001002,
            "only the 0.1 % mint fee (1000e18 * 0.1 % / 99.9 %, rounded up)"
        );
        (, uint256[] memory u) = vault.getBasket();
        assertEq(u[0], units[0]);
    }

    function test_mintAndRedeemCannotDodgeTheStreamingFee() public {
        _setManagementFee(0.1e18);
        uint256 minFee = vault.minMintFee();
        vm.prank(admin);
        vault.setMintFee(minFee);
        _mint(vault, alice, 100e18); // long-term holder
        // Bob mints and redeems 12 hours later: he pays at least what holding a day would have cost.
        uint256[] memory pulled = _mint(vault, bob, 100e18);
        vm.warp(block.timestamp + 12 hours);
        vm.prank(bob);
        uint256[] memory out = vault.redeem(100e18, bob, _zeros(3));
        for (uint256 i; i < 3; ++i) {
            uint256 dayFee = (pulled[i] * minFee) / 1e18;
            assertLe(out[i], pulled[i] - dayFee);
        }
    }

    function testFuzz_streamingFeeMatchesFormula(uint256 annual, uint256 elapsed) public {
        annual = bound(annual, 0.001e18, 0.1e18);
        elapsed = bound(elapsed, 1 hours, 3 * 365 days);
        _setManagementFee(annual);
        _mint(vault, alice, 1000e18);
        _startMeasuring();
        vm.warp(block.timestamp + elapsed);
        vault.accrueFees();
        // Holders must keep (1 - annual)^(elapsed / year). Checked without the vault's exp/ln: the whole years are
        // an exact power, and the remaining part of a year keeps between 1 and (1 - annual).
        uint256 keepYear = 1e18 - annual;
        uint256 years_ = elapsed / 365 days;
        uint256 keepWhole = 1e18;
        for (uint256 y; y < years_; ++y) {
            keepWhole = (keepWhole * keepYear) / 1e18;
        }
        uint256 keep = 1e18 - _feeShareOfSupply();
        assertLe(keep, keepWhole + 1e9, "at least the whole years' fee was taken");
        assertGe(keep + 1e9, (keepWhole * keepYear) / 1e18, "at most the next whole year's fee was taken");
        if (elapsed % 365 days == 0) assertApproxEqRel(keep, keepWhole, 1e9);
    }
}
