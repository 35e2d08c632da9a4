// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IPriceOracle} from "../../contracts/interfaces/IPriceOracle.sol";
import {IndexVault} from "../../contracts/index/IndexVault.sol";
import {IndexLens} from "../../contracts/lens/IndexLens.sol";
import {IIndexLens} from "../../contracts/interfaces/IIndexLens.sol";

/// @dev A wrapped asset priced through two feeds: BTC/USD x WBTC/BTC, each leg with its own heartbeat and checks.
contract PriceOracleCompositeTest is IndexFixture {
    uint32 internal constant RATIO_HEARTBEAT = 2 days;
    MockERC20 internal wbtc;
    MockV3Aggregator internal btcUsd;
    MockV3Aggregator internal wbtcBtc;

    function setUp() public override {
        super.setUp();
        wbtc = new MockERC20("Wrapped BTC", "WBTC", 8);
        btcUsd = _addFeed(address(wbtc), 8, 60_000e8); // the asset's feed becomes the base leg
        wbtcBtc = new MockV3Aggregator(8, 0.998e8);
        vm.prank(admin);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), RATIO_HEARTBEAT, 0.5e18, 1.5e18);
    }

    function test_price_isBaseTimesRatio() public view {
        assertEq(oracle.getPrice(address(wbtc)), 59_880e18);
        IPriceOracle.FeedConfig memory c = oracle.feedConfig(address(wbtc));
        assertTrue(c.hasRatio);
        IPriceOracle.RatioFeed memory r = oracle.ratioFeed(address(wbtc));
        assertEq(r.feed, address(wbtcBtc));
        assertEq(r.heartbeat, RATIO_HEARTBEAT);
        assertEq(r.feedDecimals, 8);
        assertEq(r.minRatio, 0.5e18);
        assertEq(r.maxRatio, 1.5e18);
    }

    function test_depeg_movesThePriceAndTheNav() public {
        address[] memory assets = new address[](1);
        assets[0] = address(wbtc);
        uint256[] memory units = new uint256[](1);
        units[0] = 1e8; // one WBTC per share
        IndexVault vault = _createVault(assets, units, _noFees());
        uint256 navBefore = vault.navPerShare();
        assertEq(navBefore, 59_880e18);
        // The wrapper loses 10 % of its peg while BTC itself does not move: only the ratio leg sees it.
        wbtcBtc.updateAnswer(0.898e8);
        assertEq(oracle.getPrice(address(wbtc)), 53_880e18);
        assertEq(vault.navPerShare(), 53_880e18);
    }

    function test_eachLegIsCheckedOnItsOwn() public {
        // The ratio leg has its own heartbeat: fresh base, stale ratio.
        uint256 ratioAt = block.timestamp;
        vm.warp(block.timestamp + RATIO_HEARTBEAT + 1);
        btcUsd.updateAnswer(61_000e8);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(wbtc), ratioAt, RATIO_HEARTBEAT)
        );
        oracle.getPrice(address(wbtc));
        // Fresh ratio, stale base (the base leg's heartbeat is the asset feed's).
        wbtcBtc.updateAnswer(1e8);
        uint256 baseAt = block.timestamp;
        vm.warp(block.timestamp + HEARTBEAT + 1);
        wbtcBtc.updateAnswer(1e8);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(wbtc), baseAt, HEARTBEAT));
        oracle.getPrice(address(wbtc));
        btcUsd.updateAnswer(60_000e8);
        assertEq(oracle.getPrice(address(wbtc)), 60_000e18);
        // A broken ratio: non-positive, or outside its bounds.
        wbtcBtc.updateAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, address(wbtc), int256(0)));
        oracle.getPrice(address(wbtc));
        wbtcBtc.updateAnswer(0.4e8);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.RatioOutOfBounds.selector, address(wbtc), 0.4e18, 0.5e18, 1.5e18)
        );
        oracle.getPrice(address(wbtc));
        // The composite price still answers to the asset's own bounds.
        wbtcBtc.updateAnswer(1e8);
        btcUsd.updateAnswer(type(int192).max);
        uint256 huge = uint256(int256(type(int192).max)) * 1e10;
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.PriceOutOfBounds.selector, address(wbtc), huge, 1, type(uint128).max)
        );
        oracle.getPrice(address(wbtc));
    }

    function test_brokenLeg_isAStaleStatusInTheLens_andInKindRedeemStillWorks() public {
        address[] memory assets = new address[](1);
        assets[0] = address(wbtc);
        uint256[] memory units = new uint256[](1);
        units[0] = 1e8;
        IndexVault vault = _createVault(assets, units, _noFees());
        uint256[] memory maxIn = _fundForMint(vault, alice, 2e18);
        vm.prank(alice);
        vault.mint(2e18, alice, maxIn);

        vm.warp(block.timestamp + RATIO_HEARTBEAT + 1);
        btcUsd.updateAnswer(60_000e8); // base fresh, ratio stale
        // The lens from its artifact (embedding its code would make this test contract too big to deploy).
        IndexLens lens = IndexLens(_deployArtifact("contracts/lens/IndexLens.sol:IndexLens"));
        IIndexLens.IndexSummary memory s = lens.indexSummary(address(vault), address(0));
        assertEq(uint256(s.basket[0].status), uint256(IIndexLens.PriceStatus.Stale));
        assertEq(s.basket[0].updatedAt, block.timestamp - RATIO_HEARTBEAT - 1, "as old as its older leg");

        vm.prank(alice);
        vault.redeem(1e18, alice, new uint256[](1));
        assertEq(wbtc.balanceOf(alice), 1e8);
    }

    function test_setFeedKeepsTheRatio_removeFeedRemovesBoth_removeRatioFeedMakesItDirect() public {
        MockV3Aggregator otherBtcUsd = new MockV3Aggregator(8, 50_000e8);
        vm.prank(admin);
        oracle.setFeed(address(wbtc), address(otherBtcUsd), HEARTBEAT, 1e18, 1e24);
        assertEq(oracle.getPrice(address(wbtc)), 49_900e18);

        vm.expectEmit(address(oracle));
        emit IPriceOracle.RatioFeedRemoved(address(wbtc));
        vm.prank(admin);
        oracle.removeRatioFeed(address(wbtc));
        assertFalse(oracle.feedConfig(address(wbtc)).hasRatio);
        assertEq(oracle.ratioFeed(address(wbtc)).feed, address(0));
        assertEq(oracle.getPrice(address(wbtc)), 50_000e18);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, address(wbtc)));
        oracle.removeRatioFeed(address(wbtc));

        vm.startPrank(admin);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), RATIO_HEARTBEAT, 0.5e18, 1.5e18);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.FeedRemoved(address(wbtc));
        vm.expectEmit(address(oracle));
        emit IPriceOracle.RatioFeedRemoved(address(wbtc));
        oracle.removeFeed(address(wbtc));
        vm.stopPrank();
        assertEq(oracle.ratioFeed(address(wbtc)).feed, address(0));
    }

    function test_setRatioFeed_validatesAndEmits() public {
        MockERC20 bare = new MockERC20("B", "B", 18);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, address(bare)));
        oracle.setRatioFeed(address(bare), address(wbtcBtc), 1, 1, 2);
        vm.expectRevert(IPriceOracle.ZeroAddress.selector);
        oracle.setRatioFeed(address(wbtc), address(0), 1, 1, 2);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), 0, 1, 2);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), 1, 0, 2);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), 1, 2, 2);
        MockV3Aggregator tooPrecise = new MockV3Aggregator(37, 1);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        oracle.setRatioFeed(address(wbtc), address(tooPrecise), 1, 1, 2);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.RatioFeedSet(address(wbtc), address(wbtcBtc), 3600, 8, 0.9e18, 1.1e18);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), 3600, 0.9e18, 1.1e18);
        vm.stopPrank();

        bytes32 role = oracle.DEFAULT_ADMIN_ROLE();
        bytes memory err = abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role);
        vm.startPrank(bob);
        vm.expectRevert(err);
        oracle.setRatioFeed(address(wbtc), address(wbtcBtc), 3600, 0.9e18, 1.1e18);
        vm.expectRevert(err);
        oracle.removeRatioFeed(address(wbtc));
        vm.stopPrank();
    }

    /// @dev Any answers and decimals: the composite price is base x ratio, each scaled to 18 decimals, rounded down.
    function testFuzz_compositeMath(uint64 base, uint64 ratioBps, uint8 baseDecimals, uint8 ratioDecimals) public {
        baseDecimals = uint8(bound(baseDecimals, 0, 18));
        ratioDecimals = uint8(bound(ratioDecimals, 4, 18));
        base = uint64(bound(base, 1, 1e9)); // whole USD
        ratioBps = uint64(bound(ratioBps, 5_001, 14_999)); // inside the bounds
        MockERC20 t = new MockERC20("T", "T", 8);
        _addFeed(address(t), baseDecimals, int256(uint256(base) * 10 ** baseDecimals));
        MockV3Aggregator ratio = new MockV3Aggregator(
            ratioDecimals,
            int256(uint256(ratioBps) * 10 ** (ratioDecimals - 4))
        );
        vm.prank(admin);
        oracle.setRatioFeed(address(t), address(ratio), RATIO_HEARTBEAT, 0.5e18, 1.5e18);
        assertEq(oracle.getPrice(address(t)), (uint256(base) * 1e18 * (uint256(ratioBps) * 1e14)) / 1e18);
    }

    function _deployArtifact(string memory artifact) internal returns (address addr) {
        bytes memory code = vm.getCode(artifact);
        assembly ("memory-safe") {
            addr := create(0, add(code, 0x20), mload(code))
        }
        require(addr != address(0), string.concat("deploy failed: ", artifact));
    }
}
