// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {RebalanceFixture} from "../utils/RebalanceFixture.sol";
import {Rebalancer} from "../../../contracts/rebalance/Rebalancer.sol";
import {RebalanceUpkeep} from "../../../contracts/rebalance/RebalanceUpkeep.sol";
import {TrendSignal} from "../../../contracts/rebalance/TrendSignal.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";
import {IRegimeSignal} from "../../../contracts/interfaces/IRegimeSignal.sol";

/// @notice Regime switching, by the methodologist and by an on-chain TrendSignal source. The regime logic never
///         touches the vault, so a configured address stands in for one (keeps this test contract small).
contract RebalancerRegimeTest is RebalanceFixture {
    address internal vault = makeAddr("vault");
    MockV3Aggregator internal btcFeed;
    TrendSignal internal trend;

    IRebalancer.Regime internal constant ON = IRebalancer.Regime.RiskOn;
    IRebalancer.Regime internal constant OFF = IRebalancer.Regime.RiskOff;
    /// @dev L1: no sequencer-uptime feed.
    AggregatorV3Interface internal constant NO_SEQUENCER = AggregatorV3Interface(address(0));

    function setUp() public override {
        super.setUp();
        usdc = _newAsset("USDC", 6, 1);
        rebalancer = new Rebalancer(oracle, admin);
        vm.startPrank(admin);
        rebalancer.grantRole(rebalancer.METHODOLOGIST_ROLE(), methodologist);
        rebalancer.setConfig(vault, _config(0.6e18, 1_000_000e18));
        vm.stopPrank();
        btcFeed = new MockV3Aggregator(8, 50_000e8);
        trend = new TrendSignal(AggregatorV3Interface(address(btcFeed)), HEARTBEAT, 4, 0.02e18, NO_SEQUENCER, 0); // 4 weeks, 2 %
        for (uint256 i; i < 4; ++i) {
            vm.warp(((block.timestamp / 1 weeks) + 1) * 1 weeks + 1 hours);
            btcFeed.updateAnswer(50_000e8);
            trend.sample();
        }
    }

    function _useTrend() internal {
        vm.prank(admin);
        rebalancer.setRegimeSource(vault, trend);
    }

    /// @dev Moves time and refreshes both feeds at `btcPrice`.
    function _at(uint256 dt, int256 btcPrice) internal {
        vm.warp(block.timestamp + dt);
        btcFeed.updateAnswer(btcPrice);
        _refreshOne(address(usdc));
    }

    function _assertRegime(IRebalancer.Regime current, bool hasPending) internal view {
        (IRebalancer.Regime c, , bool p, ) = rebalancer.regime(vault);
        assertEq(uint8(c), uint8(current), "current");
        assertEq(p, hasPending, "pending");
    }

    // ------------------------------------------------------------- methodologist (no source)

    function test_regime_hysteresisHolds_andFlipFlopCannotSwitch() public {
        address v = vault;
        vm.prank(methodologist);
        rebalancer.signalRegime(v, IRebalancer.Regime.RiskOff);
        vm.warp(block.timestamp + HYSTERESIS - 1);
        assertFalse(rebalancer.regimeDue(v));
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.RegimeNotDue.selector, v));
        rebalancer.applyRegime(v);

        // flip back then forth: the clock restarts, so the full duration is needed again
        vm.startPrank(methodologist);
        rebalancer.signalRegime(v, IRebalancer.Regime.RiskOn);
        rebalancer.signalRegime(v, IRebalancer.Regime.RiskOff);
        vm.stopPrank();
        vm.warp(block.timestamp + 1);
        assertFalse(rebalancer.regimeDue(v));
        vm.warp(block.timestamp + HYSTERESIS - 1);
        assertTrue(rebalancer.regimeDue(v));
        rebalancer.applyRegime(v);
        (IRebalancer.Regime current, , bool pending, ) = rebalancer.regime(v);
        assertEq(uint8(current), uint8(IRebalancer.Regime.RiskOff));
        assertFalse(pending);
        (address[] memory t, uint256[] memory w) = rebalancer.currentTarget(v);
        assertEq(t.length, 1);
        assertEq(t[0], address(usdc));
        assertEq(w[0], 1e18);
    }

    // ------------------------------------------------------------- source administration

    function test_setRegimeSource_adminOnly() public {
        bytes32 adminRole = rebalancer.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, adminRole)
        );
        vm.prank(bob);
        rebalancer.setRegimeSource(vault, trend);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, methodologist, adminRole)
        );
        vm.prank(methodologist);
        rebalancer.setRegimeSource(vault, trend);

        address unconfigured = makeAddr("unconfigured");
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.VaultNotConfigured.selector, unconfigured));
        vm.prank(admin);
        rebalancer.setRegimeSource(unconfigured, trend);

        vm.expectEmit(address(rebalancer));
        emit IRebalancer.RegimeSourceSet(vault, address(trend));
        _useTrend();
        assertEq(address(rebalancer.regimeSource(vault)), address(trend));

        vm.expectEmit(address(rebalancer));
        emit IRebalancer.RegimeSourceSet(vault, address(0));
        vm.prank(admin);
        rebalancer.setRegimeSource(vault, IRegimeSignal(address(0)));
        assertEq(address(rebalancer.regimeSource(vault)), address(0));
    }

    function test_signalRegime_rejectedWhileSourceSet_pokeNeedsSource() public {
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.NoRegimeSource.selector, vault));
        rebalancer.pokeRegime(vault);

        _useTrend();
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.RegimeSourceActive.selector, vault, address(trend)));
        vm.prank(methodologist);
        rebalancer.signalRegime(vault, OFF);

        // back to the methodologist
        vm.prank(admin);
        rebalancer.setRegimeSource(vault, IRegimeSignal(address(0)));
        vm.prank(methodologist);
        rebalancer.signalRegime(vault, OFF);
        _assertRegime(ON, true);
    }

    // ------------------------------------------------------------- trend rule through the Rebalancer

    function test_trendDown_pending_thenRiskOffAfterHysteresis() public {
        _useTrend();
        rebalancer.pokeRegime(vault); // at the average: nothing to do
        _assertRegime(ON, false);

        _at(1 hours, 48_000e8); // 4 % under the 50k average, beyond the 2 % band
        vm.expectEmit(address(rebalancer));
        emit IRebalancer.RegimeSignalled(vault, OFF, block.timestamp + HYSTERESIS);
        vm.prank(bob);
        rebalancer.pokeRegime(vault);
        _assertRegime(ON, true);

        _at(HYSTERESIS - 1, 47_000e8);
        rebalancer.pokeRegime(vault); // still down: the clock keeps running, not restarted
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.RegimeNotDue.selector, vault));
        rebalancer.applyRegime(vault);

        _at(1, 47_000e8);
        vm.expectEmit(address(rebalancer));
        emit IRebalancer.RegimeSwitched(vault, OFF);
        rebalancer.applyRegime(vault);
        _assertRegime(OFF, false);
        (address[] memory t, uint256[] memory w) = rebalancer.currentTarget(vault);
        assertEq(t.length, 1);
        assertEq(t[0], address(usdc));
        assertEq(w[0], 1e18);

        // back up, but only inside the band above the average: stays risk-off
        _at(1 days, 50_900e8);
        rebalancer.pokeRegime(vault);
        _assertRegime(OFF, false);
        _at(1 hours, 51_500e8); // 3 % above: risk-on becomes pending
        rebalancer.pokeRegime(vault);
        _assertRegime(OFF, true);
    }

    function test_quickRecovery_cancelsPending_noFlipFlop() public {
        _useTrend();
        _at(1 hours, 48_000e8);
        rebalancer.pokeRegime(vault);
        _assertRegime(ON, true);

        _at(1 days, 49_500e8); // back inside the band (1 % under): the rule gives risk-on again
        vm.expectEmit(address(rebalancer));
        emit IRebalancer.RegimeSignalCleared(vault);
        rebalancer.pokeRegime(vault);
        _assertRegime(ON, false);

        _at(HYSTERESIS, 49_500e8);
        assertFalse(rebalancer.regimeDue(vault));
        vm.expectRevert(abi.encodeWithSelector(IRebalancer.RegimeNotDue.selector, vault));
        rebalancer.applyRegime(vault);

        // down again: a fresh full hysteresis is needed
        _at(1 hours, 48_000e8);
        rebalancer.pokeRegime(vault);
        _at(HYSTERESIS - 1, 48_000e8);
        assertFalse(rebalancer.regimeDue(vault));
    }

    function test_applyRegime_rechecksSource_clearsWhenRecoveredWithoutPoke() public {
        _useTrend();
        _at(1 hours, 48_000e8);
        rebalancer.pokeRegime(vault);
        _at(HYSTERESIS, 50_000e8); // recovered; nobody poked
        assertTrue(rebalancer.regimeDue(vault));
        vm.expectEmit(address(rebalancer));
        emit IRebalancer.RegimeSignalCleared(vault);
        rebalancer.applyRegime(vault);
        _assertRegime(ON, false);
    }

    function test_smallMoves_neverPend_andUnsoundSourceReverts() public {
        _useTrend();
        int256[4] memory prices = [int256(49_100e8), 50_900e8, 49_500e8, 50_000e8];
        for (uint256 i; i < prices.length; ++i) {
            _at(1 hours, prices[i]);
            rebalancer.pokeRegime(vault);
            _assertRegime(ON, false);
        }
        vm.warp(block.timestamp + HEARTBEAT + 1);
        vm.expectPartialRevert(TrendSignal.StaleAnswer.selector);
        rebalancer.pokeRegime(vault);

        TrendSignal fresh = new TrendSignal(AggregatorV3Interface(address(btcFeed)), HEARTBEAT, 4, 0, NO_SEQUENCER, 0);
        vm.prank(admin);
        rebalancer.setRegimeSource(vault, fresh);
        vm.expectRevert(abi.encodeWithSelector(TrendSignal.NotReady.selector, 0, 4));
        rebalancer.pokeRegime(vault);
    }

    // ------------------------------------------------------------- upkeep

    function _check(RebalanceUpkeep upkeep) internal view returns (bool needed, uint8 action, bytes memory data) {
        (needed, data) = upkeep.checkUpkeep("");
        if (needed) (, action) = abi.decode(data, (address, uint8));
    }

    function test_upkeep_pokesSource_thenApplies() public {
        _useTrend();
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.prank(admin);
        upkeep.scheduleVault(vault, 7 days);
        (bool needed, , ) = _check(upkeep);
        assertFalse(needed, "no target, source agrees");

        _at(1 hours, 48_000e8);
        (bool n1, uint8 a1, bytes memory d1) = _check(upkeep);
        assertTrue(n1);
        assertEq(a1, 3, "POKE_REGIME");
        upkeep.performUpkeep(d1);
        _assertRegime(ON, true);
        upkeep.performUpkeep(d1); // nothing due any more: no-op
        (needed, , ) = _check(upkeep);
        assertFalse(needed);

        // an unreadable source (stale feed) makes nothing due and does not make checkUpkeep revert
        vm.warp(block.timestamp + HYSTERESIS);
        _refreshOne(address(usdc));
        assertTrue(rebalancer.regimeDue(vault));
        (needed, , ) = _check(upkeep);
        assertFalse(needed, "stale source");

        btcFeed.updateAnswer(48_000e8);
        (bool n2, uint8 a2, bytes memory d2) = _check(upkeep);
        assertTrue(n2);
        assertEq(a2, 1, "APPLY_REGIME");
        upkeep.performUpkeep(d2);
        _assertRegime(OFF, false);
    }

    function test_upkeep_clearsPendingWhenSourceWentBack() public {
        _useTrend();
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.prank(admin);
        upkeep.scheduleVault(vault, 7 days);
        _at(1 hours, 48_000e8);
        rebalancer.pokeRegime(vault);
        _at(HYSTERESIS, 50_000e8); // due, but the source went back: the upkeep pokes (clears) instead of applying
        (bool needed, uint8 action, bytes memory data) = _check(upkeep);
        assertTrue(needed);
        assertEq(action, 3, "POKE_REGIME");
        upkeep.performUpkeep(data);
        _assertRegime(ON, false);
    }
}
