// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {RebalanceFixture} from "../utils/RebalanceFixture.sol";
import {IIndexLens} from "../../../contracts/interfaces/IIndexLens.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IndexLens} from "../../../contracts/lens/IndexLens.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {OddFeed, OddToken} from "./utils/LensMocks.sol";

/// @notice IndexLens against hostile tokens and feeds: a symbol in any shape, views that revert, a feed that reverts,
///         answers garbage or burns its gas. The lens never reverts for them, reports each as a status or a flag, and
///         pays a bounded amount of gas; it reverts only when it was given too little gas to tell.
contract IndexLensTokensTest is RebalanceFixture {
    /// @dev Deployed from its artifact (the test contract does not embed its code); typed as the contract so that
    ///      coverage maps it.
    IndexLens internal lens;
    OddToken internal odd; // 6 decimals, $1, $1 per share
    MockERC20 internal plain; // 18 decimals, $2 (priced by `oddFeed`), $1 per share
    OddFeed internal oddFeed;
    IndexVault internal vault;

    function setUp() public override {
        super.setUp();
        lens = IndexLens(_deployArtifact("IndexLens.sol:IndexLens", ""));
        odd = new OddToken("ODD", 6);
        plain = new MockERC20("Plain", "PLN", 18);
        oddFeed = new OddFeed(2e8);
        MockV3Aggregator oddTokenFeed = new MockV3Aggregator(8, 1e8);
        vm.startPrank(admin);
        oracle.setFeed(address(odd), address(oddTokenFeed), HEARTBEAT, 1, type(uint128).max);
        oracle.setFeed(address(plain), address(oddFeed), HEARTBEAT, 1, type(uint128).max);
        vm.stopPrank();
        address[] memory assets = new address[](2);
        uint256[] memory units = new uint256[](2);
        (assets[0], units[0], assets[1], units[1]) = (address(odd), 1e6, address(plain), 0.5e18);
        vault = _createVault(assets, units);
        _mint(vault, alice, 100e18);
    }

    function _summary() internal view returns (IIndexLens.IndexSummary memory) {
        return lens.indexSummary(address(vault), address(0));
    }

    /// @dev Gas of one summary call.
    function _summaryGas() internal view returns (uint256 used) {
        uint256 g = gasleft();
        _summary();
        used = g - gasleft();
    }

    function test_symbolInEveryShape_isReadOrEmpty_neverFatal() public {
        assertEq(_summary().basket[0].symbol, "ODD");
        uint256 normalGas = _summaryGas();
        _assertSymbol(OddToken.SymbolMode.Reverts, "");
        _assertSymbol(OddToken.SymbolMode.Bytes32, "MKR");
        _assertSymbol(
            OddToken.SymbolMode.Long,
            "0123456789012345678901234567890123456789012345678901234567890123" // cut to 64 bytes
        );
        _assertSymbol(OddToken.SymbolMode.BadOffset, "");
        _assertSymbol(OddToken.SymbolMode.Short, "");
        _assertSymbol(OddToken.SymbolMode.Huge, "");
        _assertSymbol(OddToken.SymbolMode.BurnsGas, "");
        assertLt(_summaryGas(), normalGas + 110_000, "a gas-burning symbol costs at most its allowance");
        odd.setSymbolMode(OddToken.SymbolMode.Huge);
        assertLt(_summaryGas(), normalGas + 60_000, "40 kB of return data is not copied");
    }

    function _assertSymbol(OddToken.SymbolMode mode, string memory expected) internal {
        odd.setSymbolMode(mode);
        IIndexLens.IndexSummary memory s = _summary();
        assertEq(s.basket[0].symbol, expected);
        assertEq(uint8(s.basket[0].status), uint8(IIndexLens.PriceStatus.Ok), "the price does not depend on it");
        assertEq(s.navPerShare, vault.navPerShare());
    }

    function test_tokenWhoseViewsRevert_isFlaggedInTheAccount_andPricedWithTheOraclesDecimals() public {
        odd.setBroken(true);
        IIndexLens.IndexSummary memory s = _summary();
        assertEq(s.basket[0].decimals, 6, "the oracle's cached decimals");
        assertEq(uint8(s.basket[0].status), uint8(IIndexLens.PriceStatus.Ok));
        assertEq(s.navPerShare, vault.navPerShare());

        IIndexLens.AccountSummary memory a = lens.accountSummary(address(vault), alice, address(0));
        assertEq(a.indexBalance, 100e18);
        assertFalse(a.assets[0].ok);
        assertEq(a.assets[0].balance + a.assets[0].allowance, 0);
        assertTrue(a.assets[1].ok);
        assertEq(a.assets[1].balance, plain.balanceOf(alice));
        assertEq(a.assets[1].allowance, plain.allowance(alice, address(vault)));

        vm.prank(admin);
        oracle.removeFeed(address(odd));
        s = _summary();
        assertEq(uint8(s.basket[0].status), uint8(IIndexLens.PriceStatus.NoFeed));
        assertEq(s.basket[0].decimals, 0, "neither the oracle nor the token can tell");
        assertTrue(s.navPartial);
        assertEq(s.navPerShare, s.basket[1].valuePerShare);
    }

    function test_feedThatRevertsOrAnswersGarbage_isUnknown() public {
        IIndexLens.IndexSummary memory s = _summary();
        assertEq(uint8(s.basket[1].status), uint8(IIndexLens.PriceStatus.Ok));
        assertEq(s.basket[1].updatedAt, oddFeed.updatedAt());
        uint256[3] memory modes = [uint256(OddFeed.Mode.Reverts), uint256(OddFeed.Mode.Short), 3];
        for (uint256 i; i < modes.length; ++i) {
            oddFeed.setMode(OddFeed.Mode(modes[i]));
            s = _summary();
            assertEq(uint8(s.basket[1].status), uint8(IIndexLens.PriceStatus.Unknown));
            assertEq(s.basket[1].updatedAt, 0);
            assertEq(s.basket[1].price, 0);
            assertTrue(s.navPartial);
            assertEq(s.navPerShare, s.basket[0].valuePerShare);
            assertEq(s.basket[0].weight, 1e18);
        }
    }

    /// With too little gas to give a failing feed its whole allowance, the lens reverts rather than report the feed
    /// as broken; with the same gas and a sound feed it answers.
    function test_tooLittleGas_revertsWithInsufficientGas_insteadOfAWrongStatus() public {
        bytes memory call = abi.encodeCall(IIndexLens.indexSummary, (address(vault), address(0)));
        (bool ok, bytes memory ret) = address(lens).staticcall{gas: 300_000}(call);
        assertTrue(ok, "a sound read fits in 300k");
        IIndexLens.IndexSummary memory s = abi.decode(ret, (IIndexLens.IndexSummary));
        assertEq(uint8(s.basket[1].status), uint8(IIndexLens.PriceStatus.Ok));

        oddFeed.setMode(OddFeed.Mode.Reverts);
        (ok, ret) = address(lens).staticcall{gas: 300_000}(call);
        assertFalse(ok);
        assertEq(bytes4(ret), IIndexLens.InsufficientGas.selector);
        (ok, ret) = address(lens).staticcall{gas: 2_000_000}(call);
        assertTrue(ok, "with enough gas the failure is the feed's");
        s = abi.decode(ret, (IIndexLens.IndexSummary));
        assertEq(uint8(s.basket[1].status), uint8(IIndexLens.PriceStatus.Unknown));
    }

    function test_oracleAnsweringTooShort_isUnknown() public {
        vm.mockCall(address(oracle), abi.encodeCall(IPriceOracle.getPrice, (address(plain))), hex"0102");
        IIndexLens.IndexSummary memory s = _summary();
        assertEq(uint8(s.basket[1].status), uint8(IIndexLens.PriceStatus.Unknown));
        assertEq(s.basket[1].price, 0);
        assertEq(uint8(s.basket[0].status), uint8(IIndexLens.PriceStatus.Ok));
    }

    /// The lens never loops over more than the protocol's own bounds: a longer list (impossible with the real
    /// contracts, mocked here) is refused.
    function test_listsLongerThanTheProtocolsBounds_areRefused() public {
        vm.mockCall(
            address(vault),
            abi.encodeCall(vault.getBasket, ()),
            abi.encode(new address[](201), new uint256[](201))
        );
        vm.expectRevert(abi.encodeWithSelector(IIndexLens.TooManyEntries.selector, 201, 200));
        lens.indexSummary(address(vault), address(0));
        vm.expectRevert(abi.encodeWithSelector(IIndexLens.TooManyEntries.selector, 201, 200));
        lens.accountSummary(address(vault), alice, address(0));
        vm.clearMockedCalls();

        _setUpRebalancer(vault, 1e18, 1e30);
        address v = address(vault);
        bytes memory tooLong = abi.encode(new address[](101), new uint256[](101));
        vm.mockCall(address(rebalancer), abi.encodeCall(rebalancer.currentTarget, (v)), tooLong);
        vm.expectRevert(abi.encodeWithSelector(IIndexLens.TooManyEntries.selector, 101, 100));
        lens.indexSummary(v, address(rebalancer));
        vm.clearMockedCalls();
        tooLong = abi.encode(new address[](101), new uint256[](101), block.timestamp);
        vm.mockCall(address(rebalancer), abi.encodeCall(rebalancer.pendingTarget, (v)), tooLong);
        vm.expectRevert(abi.encodeWithSelector(IIndexLens.TooManyEntries.selector, 101, 100));
        lens.indexSummary(v, address(rebalancer));
    }
}
