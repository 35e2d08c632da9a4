// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {ThreeAssetRebalanceFixture, TestBidder} from "../utils/RebalanceFixture.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {RebalanceUpkeep} from "../../../contracts/rebalance/RebalanceUpkeep.sol";
import {IndexVault} from "../../../contracts/index/IndexVault.sol";
import {IIndexVault} from "../../../contracts/interfaces/IIndexVault.sol";
import {IPriceOracle} from "../../../contracts/interfaces/IPriceOracle.sol";
import {IRebalancer} from "../../../contracts/interfaces/IRebalancer.sol";

contract RebalanceUpkeepTest is ThreeAssetRebalanceFixture {
    // ------------------------------------------------------------- upkeep

    function test_upkeep_idempotent() public {
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.prank(admin);
        upkeep.scheduleVault(address(vault), 7 days);
        (bool needed, ) = upkeep.checkUpkeep("");
        assertFalse(needed, "no target yet");

        (address[] memory a, uint256[] memory w) = _target2();
        _post(vault, a, w);
        vm.warp(block.timestamp + DELAY);
        _refresh(assets);
        _refreshOne(address(usdc));
        bytes memory data;
        (needed, data) = upkeep.checkUpkeep("");
        assertTrue(needed);
        upkeep.performUpkeep(data);
        (uint256 id, , , ) = rebalancer.auction(address(vault));
        assertEq(id, 1);
        upkeep.performUpkeep(data); // nothing due: no-op
        vm.prank(bob);
        upkeep.performUpkeep(data);
        (id, , , ) = rebalancer.auction(address(vault));
        assertEq(id, 1);
        (needed, ) = upkeep.checkUpkeep("");
        assertFalse(needed);

        // a regime switch: due after the hysteresis, applied once, then the rebalance it implies opens
        vm.prank(methodologist);
        rebalancer.signalRegime(address(vault), IRebalancer.Regime.RiskOff);
        (needed, ) = upkeep.checkUpkeep("");
        assertFalse(needed);
        vm.warp(block.timestamp + HYSTERESIS);
        _refresh(assets);
        _refreshOne(address(usdc));
        (needed, data) = upkeep.checkUpkeep("");
        assertTrue(needed);
        upkeep.performUpkeep(data);
        (IRebalancer.Regime current, , , ) = rebalancer.regime(address(vault));
        assertEq(uint8(current), uint8(IRebalancer.Regime.RiskOff));
        upkeep.performUpkeep(data); // now starts the risk-off rebalance
        upkeep.performUpkeep(data); // and does nothing more
        (id, , , ) = rebalancer.auction(address(vault));
        assertEq(id, 2);
        assertEq(rebalancer.currentTargetKey(address(vault)), upkeep.schedule(address(vault)).lastKey);
    }

    function test_upkeep_adminFunctionsRejectOthers() public {
        bytes32 adminRole = rebalancer.DEFAULT_ADMIN_ROLE();
        address v = address(vault);
        RebalanceUpkeep upkeep = new RebalanceUpkeep(rebalancer, admin);
        vm.startPrank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, adminRole)
        );
        upkeep.scheduleVault(v, 7 days);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, adminRole)
        );
        upkeep.unscheduleVault(v);
        vm.stopPrank();
    }
}
