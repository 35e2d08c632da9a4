// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IndexFixture} from "./utils/IndexFixture.sol";
import {MockERC20} from "../../contracts/mocks/MockERC20.sol";
import {IPriceOracle} from "../../contracts/interfaces/IPriceOracle.sol";

contract PriceOracleTest is IndexFixture {
    MockERC20 internal weth;
    MockV3Aggregator internal wethFeed;

    function setUp() public override {
        super.setUp();
        weth = new MockERC20("WETH", "WETH", 18);
        wethFeed = _addFeed(address(weth), 8, 3000e8);
    }

    // ------------------------------------------------------------- normalisation

    function test_getPrice_normalisesFeedDecimals() public {
        assertEq(oracle.getPrice(address(weth)), 3000e18);

        MockERC20 usdc = new MockERC20("USDC", "USDC", 6);
        _addFeed(address(usdc), 18, 1e18); // 18-decimal feed
        assertEq(oracle.getPrice(address(usdc)), 1e18);

        MockERC20 wbtc = new MockERC20("WBTC", "WBTC", 8);
        _addFeed(address(wbtc), 6, 60_000e6); // 6-decimal feed
        assertEq(oracle.getPrice(address(wbtc)), 60_000e18);

        MockERC20 odd = new MockERC20("ODD", "ODD", 18);
        _addFeed(address(odd), 20, 5e20); // more decimals than 18 are divided down
        assertEq(oracle.getPrice(address(odd)), 5e18);
    }

    function test_getPriceAndDecimals_matchesGetPriceAndFailsLikeIt() public {
        MockERC20 wbtc = new MockERC20("WBTC", "WBTC", 8);
        _addFeed(address(wbtc), 8, 60_000e8);
        (uint256 price, uint8 decimals) = oracle.getPriceAndDecimals(address(wbtc));
        assertEq(price, oracle.getPrice(address(wbtc)));
        assertEq(price, 60_000e18);
        assertEq(decimals, 8);

        uint256 updatedAt = block.timestamp;
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(wbtc), updatedAt, HEARTBEAT));
        oracle.getPriceAndDecimals(address(wbtc));
        address unknown = makeAddr("unknown");
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, unknown));
        oracle.getPriceAndDecimals(unknown);
    }

    function test_getValue_normalisesTokenDecimals() public {
        MockERC20 usdc = new MockERC20("USDC", "USDC", 6);
        _addFeed(address(usdc), 8, 1e8);
        MockERC20 wbtc = new MockERC20("WBTC", "WBTC", 8);
        _addFeed(address(wbtc), 8, 60_000e8);

        address[] memory assets = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        (assets[0], amounts[0]) = (address(usdc), 250e6); // $250
        (assets[1], amounts[1]) = (address(wbtc), 0.5e8); // $30,000
        (assets[2], amounts[2]) = (address(weth), 2e18); // $6,000
        assertEq(oracle.getValue(assets, amounts), 36_250e18);
    }

    function test_getValue_lengthMismatch() public {
        vm.expectRevert(IPriceOracle.LengthMismatch.selector);
        oracle.getValue(new address[](1), new uint256[](2));
    }

    // ------------------------------------------------------------- failures, each its own error

    function test_noFeed() public {
        address unknown = makeAddr("unknown");
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, unknown));
        oracle.getPrice(unknown);
    }

    function test_stale() public {
        uint256 updatedAt = block.timestamp;
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(weth), updatedAt, HEARTBEAT));
        oracle.getPrice(address(weth));
    }

    function test_staleAtExactHeartbeatIsStillFresh() public {
        vm.warp(block.timestamp + HEARTBEAT);
        assertEq(oracle.getPrice(address(weth)), 3000e18);
    }

    function test_futureTimestampIsStale() public {
        wethFeed.updateRoundData(2, 3000e8, block.timestamp + 1, block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.StalePrice.selector, address(weth), block.timestamp + 1, HEARTBEAT)
        );
        oracle.getPrice(address(weth));
    }

    function test_zeroAnswer() public {
        wethFeed.updateAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, address(weth), int256(0)));
        oracle.getPrice(address(weth));
    }

    function test_negativeAnswer() public {
        wethFeed.updateAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, address(weth), int256(-1)));
        oracle.getPrice(address(weth));
    }

    function test_outOfBounds() public {
        vm.prank(admin);
        oracle.setFeed(address(weth), address(wethFeed), HEARTBEAT, 100e18, 10_000e18);
        wethFeed.updateAnswer(99e8);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.PriceOutOfBounds.selector, address(weth), 99e18, 100e18, 10_000e18)
        );
        oracle.getPrice(address(weth));
        wethFeed.updateAnswer(10_001e8);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.PriceOutOfBounds.selector, address(weth), 10_001e18, 100e18, 10_000e18)
        );
        oracle.getPrice(address(weth));
        wethFeed.updateAnswer(10_000e8); // bounds are inclusive
        assertEq(oracle.getPrice(address(weth)), 10_000e18);
    }

    function test_sequencerDownAndGracePeriod() public {
        MockV3Aggregator seq = new MockV3Aggregator(0, 0); // 0 = up, startedAt = now
        vm.prank(admin);
        oracle.setSequencerFeed(address(seq), 1 hours);

        // Just came back up: still within the grace period.
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.SequencerGracePeriod.selector, block.timestamp, uint256(1 hours))
        );
        oracle.getPrice(address(weth));

        vm.warp(block.timestamp + 1 hours + 1);
        wethFeed.updateAnswer(3000e8);
        assertEq(oracle.getPrice(address(weth)), 3000e18);

        seq.updateAnswer(1); // down
        vm.expectRevert(IPriceOracle.SequencerDown.selector);
        oracle.getPrice(address(weth));
        vm.expectRevert(IPriceOracle.SequencerDown.selector);
        oracle.getValue(new address[](0), new uint256[](0));

        vm.prank(admin);
        oracle.setSequencerFeed(address(0), 0); // L1: no sequencer check
        assertEq(oracle.getPrice(address(weth)), 3000e18);
    }

    function test_sequencerFeedWithoutRoundIsDown() public {
        MockV3Aggregator seq = new MockV3Aggregator(0, 0);
        seq.updateRoundData(1, 0, block.timestamp, 0); // startedAt 0: no valid round
        vm.prank(admin);
        oracle.setSequencerFeed(address(seq), 1 hours);
        vm.expectRevert(IPriceOracle.SequencerDown.selector);
        oracle.getPrice(address(weth));
    }

    // ------------------------------------------------------------- admin

    function test_setFeed_validation() public {
        vm.startPrank(admin);
        vm.expectRevert(IPriceOracle.ZeroAddress.selector);
        oracle.setFeed(address(0), address(wethFeed), HEARTBEAT, 0, 1);
        vm.expectRevert(IPriceOracle.ZeroAddress.selector);
        oracle.setFeed(address(weth), address(0), HEARTBEAT, 0, 1);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        oracle.setFeed(address(weth), address(wethFeed), 0, 0, 1);
        vm.expectRevert(IPriceOracle.InvalidFeedConfig.selector);
        oracle.setFeed(address(weth), address(wethFeed), HEARTBEAT, 5, 5);
        vm.stopPrank();
    }

    function test_setFeed_emitsAndStores() public {
        MockERC20 usdc = new MockERC20("USDC", "USDC", 6);
        MockV3Aggregator feed = new MockV3Aggregator(8, 1e8);
        vm.expectEmit(address(oracle));
        emit IPriceOracle.FeedSet(address(usdc), address(feed), 3600, 8, 6, 0.9e18, 1.1e18);
        vm.prank(admin);
        oracle.setFeed(address(usdc), address(feed), 3600, 0.9e18, 1.1e18);
        IPriceOracle.FeedConfig memory c = oracle.feedConfig(address(usdc));
        assertEq(c.feed, address(feed));
        assertEq(c.heartbeat, 3600);
        assertEq(c.feedDecimals, 8);
        assertEq(c.assetDecimals, 6);
        assertTrue(oracle.hasFeed(address(usdc)));
    }

    function test_removeFeed() public {
        vm.expectEmit(address(oracle));
        emit IPriceOracle.FeedRemoved(address(weth));
        vm.prank(admin);
        oracle.removeFeed(address(weth));
        assertFalse(oracle.hasFeed(address(weth)));
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, address(weth)));
        oracle.getPrice(address(weth));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NoFeed.selector, address(weth)));
        oracle.removeFeed(address(weth));
    }

    function test_adminFunctionsRejectNonAdmin() public {
        bytes32 role = oracle.DEFAULT_ADMIN_ROLE();
        bytes memory err = abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role);
        vm.startPrank(bob);
        vm.expectRevert(err);
        oracle.setFeed(address(weth), address(wethFeed), HEARTBEAT, 0, 1);
        vm.expectRevert(err);
        oracle.removeFeed(address(weth));
        vm.expectRevert(err);
        oracle.setSequencerFeed(address(wethFeed), 1);
        vm.stopPrank();
    }

    function testFuzz_priceScalesWithFeedDecimals(uint8 feedDecimals, uint64 whole) public {
        feedDecimals = uint8(bound(feedDecimals, 0, 36));
        whole = uint64(bound(whole, 1, 1e12));
        MockERC20 t = new MockERC20("T", "T", 18);
        _addFeed(address(t), feedDecimals, int256(uint256(whole) * 10 ** feedDecimals));
        assertEq(oracle.getPrice(address(t)), uint256(whole) * 1e18);
    }
}
